#pragma once

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class AccountModel;
class AdminPane;
class MeterPane;
class ReceiptActions;
class ReceiptPrinter;
class ReportsPane;

// The desk: the account grid with its colour legend (tab Accounts), the meters with the
// property tree (tab Meters, MeterPane), search by account number, tenant or
// phone, the connection state, and the recharge dialog (F2). Business rules stay in the
// service; this window only asks and shows.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(api::ServiceClient& client, AccountModel& model, ReceiptPrinter& printer, QString officeName,
               QWidget* parent = nullptr);

    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    MeterPane* meterPane() const { return m_meters; }
    // The reports tab; null for a role that may see no report.
    ReportsPane* reportsPane() const { return m_reports; }
    // The administration tab; null for a role that may use none of its parts.
    AdminPane* adminPane() const { return m_admin; }
    QTabWidget* tabs() const { return m_tabs; }
    void openRecharge();
    // The recharge dialog for this account number (from the meters tab).
    void openRechargeFor(const QString& code);
    void openAccount();

private:
    void search();
    qint64 askReceiptNumber(const QString& title);

    api::ServiceClient& m_client;
    AccountModel& m_model;
    ReceiptPrinter& m_printer;
    QString m_officeName;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLineEdit* m_search;
    QLabel* m_connection;
    ReceiptActions* m_receipts;
    MeterPane* m_meters = nullptr; // none for a role that may not list meters
    ReportsPane* m_reports = nullptr;
    AdminPane* m_admin = nullptr;
    QTabWidget* m_tabs;
};

} // namespace md::app

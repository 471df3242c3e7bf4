#pragma once

#include <QJsonObject>
#include <QWidget>

class QChartView;
class QLabel;
class QMainWindow;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTableWidget;
class QTabWidget;
class QToolBar;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class LedgerModel;
class MainWindow;
class PendingRequestsView;
class ReadingHistoryView;

// Account detail (账户详情): the balance of every wallet, the ledger newest first a page at a
// time with the explanation of the selected transaction (a deduction's readings, tier or
// segment lines and prices), daily consumption as a chart (report.account_ledger per day: the
// API has no per-meter reading history; managers and auditors only), the account's meters with
// their state and last reading, and the relay commands of the selected meter (meter.commands),
// and the raw readings of each meter as a table and a chart (meter.readings).
// Refund, closing with settlement and correction are filed from here as maker–checker
// requests, and the account's requests still waiting for approval are listed. A window of its own: the desk stays usable while it is open.
class AccountDetailWindow : public QWidget
{
    Q_OBJECT

public:
    AccountDetailWindow(api::ServiceClient& client, QString code, QWidget* parent = nullptr);

    const QString& code() const { return m_code; }
    void setPageSize(int rows) { m_pageSize = rows; }
    void refresh();
    void loadOlder();
    void openRefund();
    void openClose();
    void openCorrection();

    QTableWidget* wallets() const { return m_wallets; }
    QTableView* ledgerView() const { return m_ledgerView; }
    LedgerModel& ledger() const { return *m_ledger; }
    QPlainTextEdit* explanation() const { return m_explanation; }
    QPushButton* olderButton() const { return m_older; }
    QPushButton* refundButton() const { return m_refund; }
    QPushButton* closeButton() const { return m_close; }
    QPushButton* correctButton() const { return m_correct; }
    QTableWidget* meters() const { return m_meters; }
    QTableWidget* commands() const { return m_commands; }
    QChartView* chart() const { return m_chart; }
    QLabel* chartNote() const { return m_chartNote; }
    QTabWidget* tabs() const { return m_tabs; }
    PendingRequestsView* pending() const { return m_pending; }
    ReadingHistoryView* readings() const { return m_readings; }

signals:
    void accountLoaded(const QJsonObject& account);
    void ledgerLoaded();
    void chartLoaded();
    void commandsLoaded();
    void message(const QString& text);

private:
    void loadLedger(qint64 before);
    void loadMeters();
    void loadCommands();
    void loadChart();
    void showExplanation();

    api::ServiceClient& m_client;
    QString m_code;
    QString m_role;
    qint64 m_accountId = 0;
    int m_pageSize = 50;
    bool m_ledgerBusy = false;
    int m_chartGeneration = 0;
    QLabel* m_header;
    QTabWidget* m_tabs;
    QTableWidget* m_wallets;
    LedgerModel* m_ledger;
    QTableView* m_ledgerView;
    QPlainTextEdit* m_explanation;
    QPushButton* m_older;
    QChartView* m_chart;
    QLabel* m_chartNote;
    QTableWidget* m_meters;
    QTableWidget* m_commands;
    PendingRequestsView* m_pending;
    ReadingHistoryView* m_readings;
    QPushButton* m_refund;
    QPushButton* m_close;
    QPushButton* m_correct;
};

// The detail window of an account number (one per account: an open one is brought forward).
AccountDetailWindow* openAccountDetail(MainWindow& window, api::ServiceClient& client, const QString& code);

// The hook in the desk's toolbar: "Account detail (F6)" for the account selected on the
// Accounts tab or the current meter's account on the Meters tab (also a double-click there),
// and "Approvals (F7)" for managers and auditors.
void installAccountDetailActions(MainWindow& window, QToolBar* toolbar, api::ServiceClient& client);

} // namespace md::app

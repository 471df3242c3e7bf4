#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace md::api {
class ServiceClient;
struct ApiFailure;
}

namespace md::app {

class ReceiptPrinter;

// Account opening (开户): account number, tenant, phone and an optional first recharge that
// prints its receipt. Both calls carry keys made when the form is confirmed, so pressing OK
// again after a failure repeats the same operations instead of opening twice. Rooms, meters,
// tariffs and alarm thresholds join when the service's meter registry exists.
class OpenAccountDialog : public QDialog
{
    Q_OBJECT

public:
    OpenAccountDialog(api::ServiceClient& client, ReceiptPrinter& printer, QString officeName, QWidget* parent = nullptr);
    QString message() const;

signals:
    void accountOpened(const QJsonObject& account); // account.get of the new account
    void receiptPrinted(const QString& where);

private:
    void submit();
    void rechargeFirst();
    void finish();
    void fail(const api::ApiFailure& failure);
    void setMessage(const QString& text, bool error);

    api::ServiceClient& m_client;
    ReceiptPrinter& m_printer;
    QString m_officeName;
    QString m_openKey;
    QString m_rechargeKey;
    bool m_busy = false;

    QLineEdit* m_code;
    QLineEdit* m_tenant;
    QLineEdit* m_phone;
    QLineEdit* m_amount;
    QComboBox* m_channel;
    QLabel* m_message;
    QPushButton* m_ok;
};

} // namespace md::app

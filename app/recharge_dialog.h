#pragma once

#include "money/money.h"

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

// Recharge (充值), keyboard first: account number, Enter; amount, Enter; channel, Enter; the
// confirmation shows the balance before and after; Enter posts it and the receipt prints at
// once. The idempotency key is made when the confirmation is shown and kept for that content:
// pressing Enter again after a failure resends the same operation, never a second one.
class RechargeDialog : public QDialog
{
    Q_OBJECT

public:
    RechargeDialog(api::ServiceClient& client, ReceiptPrinter& printer, QString officeName, QWidget* parent = nullptr);

    void startWith(const QString& code);
    QString message() const;

signals:
    void accountSeen(const QJsonObject& account);
    void recharged(const QJsonObject& result);
    void receiptPrinted(const QString& where);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void lookUp();
    void amountEntered();
    void showConfirmation();
    void post();
    void printReceipt(const QJsonObject& receiptRecord);
    void showFailure(const api::ApiFailure& failure);
    void setMessage(const QString& text, bool error);
    void contentEdited();

    api::ServiceClient& m_client;
    ReceiptPrinter& m_printer;
    QString m_officeName;
    QJsonObject m_account;   // account.get of the account being recharged
    QString m_key;           // for the content on the confirmation; cleared when it changes
    bool m_posting = false;

    QLineEdit* m_code;
    QLabel* m_tenant;
    QLineEdit* m_amount;
    QComboBox* m_channel;
    QLabel* m_confirmation;
    QPushButton* m_confirm;
    QLabel* m_message;
};

} // namespace md::app

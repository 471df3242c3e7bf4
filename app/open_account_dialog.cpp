#include "open_account_dialog.h"

#include "receipt_printer.h"

#include "api/service_client.h"
#include "money/money.h"
#include "receipt/receipt_layout.h"
#include "util/error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace md::app {

OpenAccountDialog::OpenAccountDialog(api::ServiceClient& client, ReceiptPrinter& printer, QString officeName, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_printer(printer)
    , m_officeName(std::move(officeName))
{
    setWindowTitle(tr("Open an account"));
    m_code = new QLineEdit(this);
    m_code->setPlaceholderText(tr("e.g. 3-1202 (building-room)"));
    m_tenant = new QLineEdit(this);
    m_phone = new QLineEdit(this);
    m_amount = new QLineEdit(this);
    m_amount->setPlaceholderText(tr("Optional first recharge, yuan"));
    m_channel = new QComboBox(this);
    for (const char* c : {"cash", "wechat", "alipay", "bank-transfer", "card", "other"})
        m_channel->addItem(receipt::channelName(QString::fromLatin1(c)), QString::fromLatin1(c));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Account number:"), m_code);
    form->addRow(tr("&Tenant:"), m_tenant);
    form->addRow(tr("&Phone:"), m_phone);
    form->addRow(tr("First &recharge:"), m_amount);
    form->addRow(tr("&Channel:"), m_channel);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Open account"));
    connect(buttons, &QDialogButtonBox::accepted, this, &OpenAccountDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    // Edited content is a new operation with new keys.
    for (QLineEdit* e : {m_code, m_tenant, m_phone, m_amount})
        connect(e, &QLineEdit::textEdited, this, [this] {
            if (!m_busy) {
                m_openKey.clear();
                m_rechargeKey.clear();
            }
        });
    setMinimumWidth(440);
}

QString OpenAccountDialog::message() const
{
    return m_message->text();
}

void OpenAccountDialog::setMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b71c1c;") : QString());
    m_message->setText(text);
}

void OpenAccountDialog::submit()
{
    if (m_busy)
        return;
    if (m_code->text().trimmed().isEmpty() || m_tenant->text().trimmed().isEmpty()) {
        setMessage(tr("The account number and the tenant are needed."), true);
        return;
    }
    if (!m_amount->text().trimmed().isEmpty()) {
        const auto amount = Money::parseYuan(m_amount->text().trimmed());
        if (!amount || !amount->isPositive()) {
            setMessage(tr("Type the first recharge in yuan, more than zero, at most two decimals (or leave it empty)."), true);
            return;
        }
    }
    if (m_openKey.isEmpty()) {
        m_openKey = api::ServiceClient::newIdempotencyKey();
        m_rechargeKey = api::ServiceClient::newIdempotencyKey();
    }
    m_busy = true;
    m_ok->setEnabled(false);
    setMessage(tr("Opening…"), false);
    QJsonObject params{{QStringLiteral("key"), m_openKey},
                       {QStringLiteral("code"), m_code->text().trimmed()},
                       {QStringLiteral("tenant_name"), m_tenant->text().trimmed()}};
    if (!m_phone->text().trimmed().isEmpty())
        params.insert(QStringLiteral("phone"), m_phone->text().trimmed());
    api::ApiReply* reply = m_client.moneyCall(QStringLiteral("account.open"), params);
    connect(reply, &api::ApiReply::finished, this, &OpenAccountDialog::rechargeFirst);
    connect(reply, &api::ApiReply::failed, this, &OpenAccountDialog::fail);
}

void OpenAccountDialog::rechargeFirst()
{
    if (m_amount->text().trimmed().isEmpty()) {
        finish();
        return;
    }
    setMessage(tr("Recharging…"), false);
    api::ApiReply* reply = m_client.moneyCall(
        QStringLiteral("account.recharge"),
        {{QStringLiteral("key"), m_rechargeKey},
         {QStringLiteral("code"), m_code->text().trimmed()},
         {QStringLiteral("amount"), Money::parseYuan(m_amount->text().trimmed())->toYuanString()},
         {QStringLiteral("channel"), m_channel->currentData().toString()}});
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        auto print = [this](const QJsonObject& record) {
            try {
                receipt::ReceiptHeader header;
                header.officeName = m_officeName;
                QString error;
                const QString where = m_printer.printNow(receipt::layoutReceipt(receipt::receiptFromJson(record), header), &error);
                if (where.isEmpty())
                    setMessage(error, true);
                else
                    emit receiptPrinted(where);
            } catch (const Error& e) {
                setMessage(e.message(), true);
            }
            finish();
        };
        if (result.contains(u"receipt_record")) {
            print(result.value(u"receipt_record").toObject());
            return;
        }
        api::ApiReply* r = m_client.call(QStringLiteral("receipt.get"), {{QStringLiteral("receipt"), result.value(u"receipt")}});
        connect(r, &api::ApiReply::finished, this, print);
        connect(r, &api::ApiReply::failed, this, &OpenAccountDialog::fail);
    });
    connect(reply, &api::ApiReply::failed, this, &OpenAccountDialog::fail);
}

void OpenAccountDialog::finish()
{
    api::ApiReply* reply = m_client.call(QStringLiteral("account.get"), {{QStringLiteral("code"), m_code->text().trimmed()}});
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& account) {
        m_busy = false;
        emit accountOpened(account);
        accept();
    });
    connect(reply, &api::ApiReply::failed, this, &OpenAccountDialog::fail);
}

void OpenAccountDialog::fail(const api::ApiFailure& failure)
{
    // Keys kept: OK again repeats the same operations (the service answers "replayed").
    m_busy = false;
    m_ok->setEnabled(true);
    setMessage(failure.message, true);
}

} // namespace md::app

#include "recharge_dialog.h"

#include "receipt_printer.h"

#include "api/service_client.h"
#include "receipt/receipt_layout.h"
#include "util/error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace md::app {

namespace {
const QStringList kChannels = {QStringLiteral("cash"),          QStringLiteral("wechat"), QStringLiteral("alipay"),
                               QStringLiteral("bank-transfer"), QStringLiteral("card"),   QStringLiteral("other")};

bool isEnter(QEvent* e)
{
    if (e->type() != QEvent::KeyPress)
        return false;
    const int key = static_cast<QKeyEvent*>(e)->key();
    return key == Qt::Key_Return || key == Qt::Key_Enter;
}
} // namespace

RechargeDialog::RechargeDialog(api::ServiceClient& client, ReceiptPrinter& printer, QString officeName, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_printer(printer)
    , m_officeName(std::move(officeName))
{
    setWindowTitle(tr("Recharge"));
    m_code = new QLineEdit(this);
    m_code->setPlaceholderText(tr("Account number, then Enter"));
    m_tenant = new QLabel(this);
    m_amount = new QLineEdit(this);
    m_amount->setPlaceholderText(tr("Yuan, e.g. 100 or 88.50"));
    m_channel = new QComboBox(this);
    for (const QString& c : kChannels)
        m_channel->addItem(receipt::channelName(c), c);
    m_confirmation = new QLabel(this);
    m_confirmation->setTextFormat(Qt::PlainText);
    QFont big = m_confirmation->font();
    big.setPointSize(big.pointSize() + 3);
    m_confirmation->setFont(big);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Account:"), m_code);
    form->addRow(tr("Tenant:"), m_tenant);
    form->addRow(tr("A&mount:"), m_amount);
    form->addRow(tr("&Channel:"), m_channel);

    auto* buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(tr("Confirm and print (Enter)"), QDialogButtonBox::AcceptRole);
    auto* close = buttons->addButton(QDialogButtonBox::Close);
    close->setAutoDefault(false);
    m_confirm->setAutoDefault(true);
    m_confirm->setEnabled(false);
    connect(m_confirm, &QPushButton::clicked, this, &RechargeDialog::post);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_confirmation);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    for (QWidget* w : {static_cast<QWidget*>(m_code), static_cast<QWidget*>(m_amount), static_cast<QWidget*>(m_channel)})
        w->installEventFilter(this);
    connect(m_code, &QLineEdit::textEdited, this, [this] {
        m_account = {};
        m_tenant->clear();
        contentEdited();
    });
    connect(m_amount, &QLineEdit::textEdited, this, &RechargeDialog::contentEdited);
    connect(m_channel, &QComboBox::currentIndexChanged, this, &RechargeDialog::contentEdited);
    resize(520, sizeHint().height());
}

void RechargeDialog::startWith(const QString& code)
{
    m_code->setText(code);
    m_code->setFocus();
    if (!code.isEmpty())
        lookUp();
}

QString RechargeDialog::message() const
{
    return m_message->text();
}

void RechargeDialog::setMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b71c1c;") : QString());
    m_message->setText(text);
}

void RechargeDialog::contentEdited()
{
    // Different content is a different operation: it gets its own key when confirmed.
    m_key.clear();
    m_confirm->setEnabled(false);
    m_confirmation->clear();
}

bool RechargeDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (!isEnter(event))
        return QDialog::eventFilter(watched, event);
    if (watched == m_code)
        lookUp();
    else if (watched == m_amount)
        amountEntered();
    else if (watched == m_channel)
        showConfirmation();
    return true;
}

void RechargeDialog::lookUp()
{
    const QString code = m_code->text().trimmed();
    if (code.isEmpty())
        return;
    setMessage(tr("Looking up %1…").arg(code), false);
    api::ApiReply* reply = m_client.call(QStringLiteral("account.get"), {{QStringLiteral("code"), code}});
    connect(reply, &api::ApiReply::finished, this, [this, code](const QJsonObject& account) {
        if (m_code->text().trimmed() != code)
            return; // typed on meanwhile
        m_account = account;
        emit accountSeen(account);
        const QString balance = account.value(u"wallets").toObject().value(u"electricity").toString();
        m_tenant->setText(tr("%1 — balance ¥%2").arg(account.value(u"tenant_name").toString(), balance));
        if (account.value(u"status").toString() == u"closed") {
            setMessage(tr("The account %1 is closed.").arg(code), true);
            return;
        }
        setMessage({}, false);
        m_amount->setFocus();
        m_amount->selectAll();
    });
    connect(reply, &api::ApiReply::failed, this, &RechargeDialog::showFailure);
}

void RechargeDialog::amountEntered()
{
    const auto amount = Money::parseYuan(m_amount->text().trimmed());
    if (!amount || !amount->isPositive()) {
        setMessage(tr("Type the amount in yuan, more than zero, at most two decimals."), true);
        return;
    }
    setMessage({}, false);
    m_channel->setFocus();
}

void RechargeDialog::showConfirmation()
{
    if (m_account.isEmpty()) {
        m_code->setFocus();
        lookUp();
        return;
    }
    const auto amount = Money::parseYuan(m_amount->text().trimmed());
    if (!amount || !amount->isPositive()) {
        m_amount->setFocus();
        amountEntered();
        return;
    }
    const Money before = Money::parseYuan(m_account.value(u"wallets").toObject().value(u"electricity").toString()).value_or(Money());
    Money after;
    try {
        after = before + *amount;
    } catch (const Error& e) {
        setMessage(e.message(), true);
        return;
    }
    if (m_key.isEmpty())
        m_key = api::ServiceClient::newIdempotencyKey();
    m_confirmation->setText(tr("%1 %2: ¥%3 by %4\nBalance ¥%5  →  ¥%6")
                                .arg(m_account.value(u"code").toString(), m_account.value(u"tenant_name").toString(),
                                     amount->toYuanString(), m_channel->currentText(), before.toYuanString(), after.toYuanString()));
    m_confirm->setEnabled(true);
    m_confirm->setDefault(true);
    m_confirm->setFocus();
    setMessage(tr("Enter to confirm, Esc to cancel."), false);
}

void RechargeDialog::post()
{
    if (m_posting || m_key.isEmpty())
        return;
    m_posting = true;
    m_confirm->setEnabled(false);
    setMessage(tr("Posting…"), false);
    const QJsonObject params{{QStringLiteral("key"), m_key},
                             {QStringLiteral("code"), m_account.value(u"code").toString()},
                             {QStringLiteral("amount"), Money::parseYuan(m_amount->text().trimmed())->toYuanString()},
                             {QStringLiteral("channel"), m_channel->currentData().toString()}};
    api::ApiReply* reply = m_client.moneyCall(QStringLiteral("account.recharge"), params);
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        m_posting = false;
        m_key.clear();
        emit recharged(result);
        setMessage(tr("Recharged: balance ¥%1.").arg(result.value(u"balance_after").toString()), false);
        m_tenant->setText(tr("%1 — balance ¥%2").arg(m_account.value(u"tenant_name").toString(), result.value(u"balance_after").toString()));
        if (result.contains(u"receipt_record")) {
            printReceipt(result.value(u"receipt_record").toObject());
        } else {
            // A replayed answer carries no record: fetch the receipt that was issued then.
            api::ApiReply* r = m_client.call(QStringLiteral("receipt.get"), {{QStringLiteral("receipt"), result.value(u"receipt")}});
            connect(r, &api::ApiReply::finished, this, &RechargeDialog::printReceipt);
            connect(r, &api::ApiReply::failed, this, &RechargeDialog::showFailure);
        }
        m_confirmation->clear();
        m_amount->clear();
        m_account = {};
        m_code->setFocus();
        m_code->selectAll();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_posting = false;
        m_confirm->setEnabled(true); // same key: Enter again resends the same operation
        showFailure(f);
    });
}

void RechargeDialog::printReceipt(const QJsonObject& receiptRecord)
{
    try {
        receipt::ReceiptHeader header;
        header.officeName = m_officeName;
        const auto doc = receipt::layoutReceipt(receipt::receiptFromJson(receiptRecord), header);
        QString error;
        const QString where = m_printer.printNow(doc, &error);
        if (where.isEmpty()) {
            setMessage(error, true);
            return;
        }
        setMessage(tr("%1 Receipt %2 printed (%3).").arg(m_message->text(), doc.value(QStringLiteral("receipt_no")), where), false);
        emit receiptPrinted(where);
    } catch (const Error& e) {
        setMessage(e.message(), true);
    }
}

void RechargeDialog::showFailure(const api::ApiFailure& failure)
{
    setMessage(failure.message, true);
}

} // namespace md::app

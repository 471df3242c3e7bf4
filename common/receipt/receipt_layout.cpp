#include "receipt/receipt_layout.h"

#include "receipt/chinese_amount.h"

#include <QCoreApplication>

namespace md::receipt {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::receipt::ReceiptLayout", text);
}

QString yuan(Money m)
{
    return QStringLiteral("¥") + m.toYuanString();
}
} // namespace

QString ReceiptDocument::value(const QString& id) const
{
    for (const ReceiptField& f : fields)
        if (f.id == id)
            return f.value;
    return {};
}

QString channelName(const QString& channel)
{
    if (channel == u"cash")
        return tr("Cash");
    if (channel == u"wechat")
        return tr("WeChat Pay");
    if (channel == u"alipay")
        return tr("Alipay");
    if (channel == u"bank-transfer")
        return tr("Bank transfer");
    if (channel == u"card")
        return tr("Bank card");
    if (channel == u"other")
        return tr("Other");
    return channel;
}

QString utilityName(const QString& utility)
{
    if (utility == u"electricity")
        return tr("Electricity");
    if (utility == u"water")
        return tr("Water");
    if (utility == u"heat")
        return tr("Heat");
    return utility;
}

ReceiptDocument layoutReceipt(const ReceiptRecord& r, const ReceiptHeader& header)
{
    ReceiptDocument d;
    d.office = header.officeName;
    d.title = r.kind == u"refund" ? tr("Refund receipt") : tr("Prepayment receipt");
    if (r.copy)
        // Bilingual on purpose, whatever the UI language: 重打 for the office, COPY for anyone.
        d.copyMark = QStringLiteral("重打/COPY %1").arg(r.copyNo);
    const QDateTime local = r.at.toTimeZone(header.timeZone);
    auto add = [&](const char* id, const QString& label, const QString& value) {
        d.fields.append({QString::fromLatin1(id), label, value});
    };
    add("receipt_no", tr("Receipt No."), QStringLiteral("%1").arg(r.receipt, 8, 10, QLatin1Char('0')));
    add("date_time", tr("Date and time"), local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    add("account", tr("Account"), r.accountCode);
    add("tenant", tr("Tenant"), r.tenantName);
    if (!r.rooms.isEmpty())
        add("rooms", tr("Room"), r.rooms);
    if (!r.meters.isEmpty())
        add("meters", tr("Meter"), r.meters);
    add("utility", tr("Utility"), utilityName(r.utility));
    add("channel", tr("Payment"), channelName(r.channel));
    add("amount", tr("Amount"), yuan(r.amount));
    add("amount_capitals", tr("Amount in words"), tr("RMB %1").arg(chineseCapitalAmount(r.amount)));
    if (!r.fee.isZero())
        add("fee", tr("Service fee"), yuan(r.fee));
    add("balance_before", tr("Balance before"), yuan(r.balanceBefore));
    add("balance_after", tr("Balance after"), yuan(r.balanceAfter));
    if (!r.lastReading.isEmpty())
        add("last_reading", tr("Last reading"), r.lastReading);
    add("cashier", tr("Cashier"), r.cashierName);
    if (!r.memo.isEmpty())
        add("memo", tr("Memo"), r.memo);
    return d;
}

} // namespace md::receipt

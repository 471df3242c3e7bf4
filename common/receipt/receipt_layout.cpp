#include "receipt/receipt_layout.h"

#include "receipt/chinese_amount.h"

#include <QCoreApplication>

namespace md::receipt {

namespace {
// lupdate files these messages under the context below.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::receipt::ReceiptLayout)
};

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
        return Tr::tr("Cash");
    if (channel == u"wechat")
        return Tr::tr("WeChat Pay");
    if (channel == u"alipay")
        return Tr::tr("Alipay");
    if (channel == u"bank-transfer")
        return Tr::tr("Bank transfer");
    if (channel == u"card")
        return Tr::tr("Bank card");
    if (channel == u"other")
        return Tr::tr("Other");
    return channel;
}

QString utilityName(const QString& utility)
{
    if (utility == u"electricity")
        return Tr::tr("Electricity");
    if (utility == u"water")
        return Tr::tr("Water");
    if (utility == u"heat")
        return Tr::tr("Heat");
    return utility;
}

ReceiptDocument layoutReceipt(const ReceiptRecord& r, const ReceiptHeader& header)
{
    ReceiptDocument d;
    d.office = header.officeName;
    d.title = r.kind == u"refund" ? Tr::tr("Refund receipt") : Tr::tr("Prepayment receipt");
    if (r.copy)
        // Bilingual on purpose, whatever the UI language: 重打 for the office, COPY for anyone.
        d.copyMark = QStringLiteral("重打/COPY %1").arg(r.copyNo);
    const QDateTime local = r.at.toTimeZone(header.timeZone);
    auto add = [&](const char* id, const QString& label, const QString& value) {
        d.fields.append({QString::fromLatin1(id), label, value});
    };
    add("receipt_no", Tr::tr("Receipt No."), QStringLiteral("%1").arg(r.receipt, 8, 10, QLatin1Char('0')));
    add("date_time", Tr::tr("Date and time"), local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    add("account", Tr::tr("Account"), r.accountCode);
    add("tenant", Tr::tr("Tenant"), r.tenantName);
    if (!r.rooms.isEmpty())
        add("rooms", Tr::tr("Room"), r.rooms);
    if (!r.meters.isEmpty())
        add("meters", Tr::tr("Meter"), r.meters);
    add("utility", Tr::tr("Utility"), utilityName(r.utility));
    add("channel", Tr::tr("Payment"), channelName(r.channel));
    add("amount", Tr::tr("Amount"), yuan(r.amount));
    add("amount_capitals", Tr::tr("Amount in words"), Tr::tr("RMB %1").arg(chineseCapitalAmount(r.amount)));
    if (!r.fee.isZero())
        add("fee", Tr::tr("Service fee"), yuan(r.fee));
    add("balance_before", Tr::tr("Balance before"), yuan(r.balanceBefore));
    add("balance_after", Tr::tr("Balance after"), yuan(r.balanceAfter));
    if (!r.lastReading.isEmpty())
        add("last_reading", Tr::tr("Last reading"), r.lastReading);
    add("cashier", Tr::tr("Cashier"), r.cashierName);
    if (!r.memo.isEmpty())
        add("memo", Tr::tr("Memo"), r.memo);
    return d;
}

} // namespace md::receipt

#include "receipt/receipt_record.h"

#include "util/error.h"

namespace md::receipt {

namespace {

// lupdate files these messages under the context below.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::receipt::ReceiptRecord)
};

[[noreturn]] void bad(const QString& member)
{
    throw InputError(QStringLiteral("API"), 0, Tr::tr("the receipt record has no valid \"%1\"").arg(member));
}

QString text(const QJsonObject& o, const QString& member, bool required = true)
{
    const QJsonValue v = o.value(member);
    if (v.isString())
        return v.toString();
    if (required || !v.isUndefined())
        bad(member);
    return {};
}

Money money(const QJsonObject& o, const QString& member)
{
    const auto m = Money::parseYuan(text(o, member));
    if (!m)
        bad(member);
    return *m;
}

qint64 integer(const QJsonObject& o, const QString& member)
{
    const QJsonValue v = o.value(member);
    if (!v.isDouble() || v.toInteger(-1) < 0)
        bad(member);
    return v.toInteger();
}

} // namespace

ReceiptRecord receiptFromJson(const QJsonObject& json)
{
    ReceiptRecord r;
    r.receipt = integer(json, QStringLiteral("receipt"));
    r.transaction = integer(json, QStringLiteral("transaction"));
    r.kind = text(json, QStringLiteral("kind"));
    r.accountCode = text(json, QStringLiteral("account_code"));
    r.tenantName = text(json, QStringLiteral("tenant_name"));
    r.utility = text(json, QStringLiteral("utility"));
    r.channel = text(json, QStringLiteral("channel"));
    r.cashierName = text(json, QStringLiteral("cashier_name"));
    r.amount = money(json, QStringLiteral("amount"));
    r.fee = money(json, QStringLiteral("fee"));
    r.balanceBefore = money(json, QStringLiteral("balance_before"));
    r.balanceAfter = money(json, QStringLiteral("balance_after"));
    r.memo = text(json, QStringLiteral("memo"), false);
    r.at = QDateTime::fromString(text(json, QStringLiteral("at")), Qt::ISODateWithMs);
    if (!r.at.isValid())
        bad(QStringLiteral("at"));
    r.at = r.at.toUTC();
    r.copy = json.value(QStringLiteral("copy")).toBool();
    r.copyNo = json.value(QStringLiteral("copy_no")).toInt();
    return r;
}

} // namespace md::receipt

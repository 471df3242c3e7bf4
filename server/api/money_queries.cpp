#include "api/money_queries.h"

#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDateTime>
#include <QJsonDocument>

namespace md::api {

using storage::SqlQuery;

QString yuan(Money m)
{
    return m.toYuanString();
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject transactionJson(const TransactionResult& r)
{
    return {{QStringLiteral("transaction"), r.id.v},
            {QStringLiteral("kind"), transactionKindKey(r.kind)},
            {QStringLiteral("account"), r.account.v},
            {QStringLiteral("utility"), utilityKey(r.utility)},
            {QStringLiteral("receipt"), r.receiptNo > 0 ? QJsonValue(r.receiptNo) : QJsonValue()},
            {QStringLiteral("amount"), yuan(r.amount)},
            {QStringLiteral("balance_before"), yuan(r.balanceBefore)},
            {QStringLiteral("balance_after"), yuan(r.balanceAfter)},
            {QStringLiteral("replayed"), r.replayed}};
}

std::optional<QJsonObject> accountJson(storage::Database& db, AccountId id)
{
    SqlQuery q(db, QStringLiteral("SELECT code, tenant_name, phone, status, opened_at, closed_at FROM accounts WHERE id = ?"));
    q.bind(id.v);
    q.exec();
    if (!q.next())
        return std::nullopt;
    QJsonObject o{{QStringLiteral("account"), id.v},
                  {QStringLiteral("code"), q.stringValue(0)},
                  {QStringLiteral("tenant_name"), q.stringValue(1)},
                  {QStringLiteral("phone"), q.stringValue(2)},
                  {QStringLiteral("status"), q.stringValue(3)},
                  {QStringLiteral("opened_at"), isoUtc(q.intValue(4))}};
    if (const auto closed = q.optionalInt(5))
        o.insert(QStringLiteral("closed_at"), isoUtc(*closed));
    return o;
}

std::optional<AccountId> accountIdByCode(storage::Database& db, const QString& code)
{
    SqlQuery q(db, QStringLiteral("SELECT id FROM accounts WHERE code = ?"));
    q.bind(code);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return AccountId{q.intValue(0)};
}

QJsonArray accountTransactions(storage::Database& db, AccountId id, qint64 beforeId, qint64 limit)
{
    // The operator's name beside its id (the service's own postings, operator 0, have none).
    SqlQuery q(db, QStringLiteral("SELECT t.id, t.kind, t.utility, t.receipt_no, t.amount_fen, t.balance_before_fen, "
                                  "t.balance_after_fen, t.operator_id, t.reverses_tx, t.memo, t.created_at, t.detail, "
                                  "o.name, o.display_name FROM transactions t LEFT JOIN operators o ON o.id = t.operator_id "
                                  "WHERE t.account_id = ? AND t.id < ? ORDER BY t.id DESC LIMIT ?"));
    q.bind(id.v);
    q.bind(beforeId);
    q.bind(limit);
    q.exec();
    QJsonArray rows;
    while (q.next()) {
        QJsonObject o{{QStringLiteral("transaction"), q.intValue(0)},
                      {QStringLiteral("kind"), q.stringValue(1)},
                      {QStringLiteral("utility"), q.stringValue(2)},
                      {QStringLiteral("receipt"), q.optionalInt(3) ? QJsonValue(*q.optionalInt(3)) : QJsonValue()},
                      {QStringLiteral("amount"), yuan(Money::fromFen(q.intValue(4)))},
                      {QStringLiteral("balance_before"), yuan(Money::fromFen(q.intValue(5)))},
                      {QStringLiteral("balance_after"), yuan(Money::fromFen(q.intValue(6)))},
                      {QStringLiteral("operator"), q.intValue(7)},
                      {QStringLiteral("memo"), q.stringValue(9)},
                      {QStringLiteral("at"), isoUtc(q.intValue(10))}};
        if (const auto reverses = q.optionalInt(8))
            o.insert(QStringLiteral("reverses"), *reverses);
        if (!q.value(12).isNull()) {
            o.insert(QStringLiteral("operator_name"), q.stringValue(12));
            o.insert(QStringLiteral("operator_display_name"), q.stringValue(13));
        }
        // The explanation as posted (a deduction's readings, tier lines and prices): the desk shows it.
        if (const QJsonDocument detail = QJsonDocument::fromJson(q.stringValue(11).toUtf8()); detail.isObject()
            && !detail.object().isEmpty())
            o.insert(QStringLiteral("detail"), detail.object());
        rows.append(o);
    }
    return rows;
}

std::optional<QJsonObject> receiptJson(storage::Database& db, qint64 receiptNo)
{
    SqlQuery q(db, QStringLiteral(
                       "SELECT t.id, t.kind, t.account_id, a.code, a.tenant_name, t.utility, t.operator_id, o.name, "
                       "t.amount_fen, t.balance_before_fen, t.balance_after_fen, t.memo, t.created_at "
                       "FROM transactions t JOIN accounts a ON a.id = t.account_id "
                       "LEFT JOIN operators o ON o.id = t.operator_id WHERE t.receipt_no = ?"));
    q.bind(receiptNo);
    q.exec();
    if (!q.next())
        return std::nullopt;
    const qint64 tx = q.intValue(0);
    QJsonObject o{{QStringLiteral("receipt"), receiptNo},
                  {QStringLiteral("transaction"), tx},
                  {QStringLiteral("kind"), q.stringValue(1)},
                  {QStringLiteral("account"), q.intValue(2)},
                  {QStringLiteral("account_code"), q.stringValue(3)},
                  {QStringLiteral("tenant_name"), q.stringValue(4)},
                  {QStringLiteral("utility"), q.stringValue(5)},
                  {QStringLiteral("cashier"), q.intValue(6)},
                  {QStringLiteral("cashier_name"), q.stringValue(7)},
                  {QStringLiteral("amount"), yuan(Money::fromFen(q.intValue(8)))},
                  {QStringLiteral("balance_before"), yuan(Money::fromFen(q.intValue(9)))},
                  {QStringLiteral("balance_after"), yuan(Money::fromFen(q.intValue(10)))},
                  {QStringLiteral("memo"), q.stringValue(11)},
                  {QStringLiteral("at"), isoUtc(q.intValue(12))},
                  {QStringLiteral("copy"), false},
                  {QStringLiteral("copy_no"), 0}};
    // The channel is the one of the cashier's takings or refunds posting; the fee is what the
    // fee-revenue account was credited.
    SqlQuery p(db, QStringLiteral("SELECT la.kind, la.channel, p.amount_fen FROM postings p "
                                  "JOIN ledger_accounts la ON la.id = p.ledger_account_id WHERE p.tx_id = ?"));
    p.bind(tx);
    p.exec();
    Money fee;
    while (p.next()) {
        const QString kind = p.stringValue(0);
        if (kind == u"takings" || kind == u"refunds")
            o.insert(QStringLiteral("channel"), p.stringValue(1));
        else if (kind == u"fee-revenue")
            fee -= Money::fromFen(p.intValue(2));
    }
    o.insert(QStringLiteral("fee"), yuan(fee));
    SqlQuery copies(db, QStringLiteral("SELECT COUNT(*) FROM receipt_prints WHERE receipt_no = ?"));
    copies.bind(receiptNo);
    o.insert(QStringLiteral("copies_printed"), copies.scalarInt());
    return o;
}

} // namespace md::api

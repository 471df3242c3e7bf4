#include "api/approval_store.h"

#include "api/money_queries.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QJsonDocument>

namespace md::api {

using storage::SqlQuery;

namespace {

const char kColumns[] = "id, kind, status, idem_key, fingerprint, account_id, amount_fen, params, requested_by, "
                        "requested_at, decided_by, decided_at, decision_note, tx_id";

ApprovalRow readRow(SqlQuery& q)
{
    ApprovalRow r;
    r.id = q.intValue(0);
    r.kind = q.stringValue(1);
    r.status = q.stringValue(2);
    r.key = q.stringValue(3);
    r.fingerprint = q.stringValue(4);
    r.account = q.optionalInt(5);
    r.amount = Money::fromFen(q.intValue(6));
    r.params = QJsonDocument::fromJson(q.stringValue(7).toUtf8()).object();
    r.requestedBy = OperatorId{q.intValue(8)};
    r.requestedAtMs = q.intValue(9);
    r.decidedBy = OperatorId{q.optionalInt(10).value_or(0)};
    r.decidedAtMs = q.optionalInt(11);
    r.note = q.stringValue(12);
    r.transaction = q.optionalInt(13);
    return r;
}

} // namespace

QJsonObject ApprovalRow::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("key"), key},
                  {QStringLiteral("amount"), yuan(amount)},
                  {QStringLiteral("params"), params},
                  {QStringLiteral("requested_by"), requestedBy.v},
                  {QStringLiteral("requested_at"), isoUtc(requestedAtMs)}};
    if (account)
        o.insert(QStringLiteral("account"), *account);
    if (decidedAtMs) {
        o.insert(QStringLiteral("decided_by"), decidedBy.v);
        o.insert(QStringLiteral("decided_at"), isoUtc(*decidedAtMs));
        o.insert(QStringLiteral("note"), note);
    }
    if (transaction)
        o.insert(QStringLiteral("transaction"), *transaction);
    return o;
}

ApprovalStore::ApprovalStore(storage::Database& db)
    : m_db(db)
{
}

std::optional<ApprovalRow> ApprovalStore::find(qint64 id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM approval_requests WHERE id = ?").arg(QLatin1String(kColumns)));
    q.bind(id);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return readRow(q);
}

std::optional<ApprovalRow> ApprovalStore::findByKey(const QString& key)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM approval_requests WHERE idem_key = ?").arg(QLatin1String(kColumns)));
    q.bind(key);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return readRow(q);
}

QList<ApprovalRow> ApprovalStore::list(const QString& status, qint64 limit, std::optional<qint64> account)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM approval_requests WHERE (? = '' OR status = ?)%2 ORDER BY id DESC LIMIT ?")
                         .arg(QLatin1String(kColumns), account ? QStringLiteral(" AND account_id = ?") : QString()));
    q.bind(status.isNull() ? QStringLiteral("") : status);
    q.bind(status.isNull() ? QStringLiteral("") : status);
    if (account)
        q.bind(*account);
    q.bind(limit);
    q.exec();
    QList<ApprovalRow> rows;
    while (q.next())
        rows.append(readRow(q));
    return rows;
}

qint64 ApprovalStore::insert(const ApprovalRow& r)
{
    SqlQuery q(m_db, QStringLiteral("INSERT INTO approval_requests (kind, status, idem_key, fingerprint, account_id, "
                                    "amount_fen, params, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(r.kind);
    q.bind(QStringLiteral("pending"));
    q.bind(r.key);
    q.bind(r.fingerprint);
    q.bind(r.account ? QVariant(*r.account) : QVariant(QMetaType(QMetaType::LongLong)));
    q.bind(r.amount.fen());
    q.bind(QString::fromUtf8(QJsonDocument(r.params).toJson(QJsonDocument::Compact)));
    q.bind(r.requestedBy.v);
    q.bind(r.requestedAtMs);
    q.exec();
    return q.lastInsertId();
}

bool ApprovalStore::decide(qint64 id, const QString& status, OperatorId by, qint64 atMs, const QString& note,
                           std::optional<qint64> transaction)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE approval_requests SET status = ?, decided_by = ?, decided_at = ?, "
                                    "decision_note = ?, tx_id = ? WHERE id = ? AND status = 'pending'"));
    q.bind(status);
    q.bind(by.v);
    q.bind(atMs);
    q.bind(note.isNull() ? QStringLiteral("") : note);
    q.bind(transaction ? QVariant(*transaction) : QVariant(QMetaType(QMetaType::LongLong)));
    q.bind(id);
    q.exec();
    return q.rowsAffected() == 1;
}

std::optional<qint64> ApprovalStore::ledgerTransaction(const QString& key)
{
    SqlQuery q(m_db, QStringLiteral("SELECT id FROM transactions WHERE idem_key = ?"));
    q.bind(key);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return q.intValue(0);
}

} // namespace md::api

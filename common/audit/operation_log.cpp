#include "audit/operation_log.h"

#include "storage/database.h"
#include "storage/sql_query.h"

#include <QCryptographicHash>

namespace md {

using storage::SqlQuery;

QByteArray OperationLog::canonicalBytes(qint64 seq, const OperationRecord& r)
{
    // One field per line, each percent-encoded so no field can forge a separator.
    QByteArray bytes;
    const auto field = [&bytes](const QByteArray& value) {
        bytes += value.toPercentEncoding();
        bytes += '\n';
    };
    field(QByteArray::number(seq));
    field(QByteArray::number(r.atUtc.toMSecsSinceEpoch()));
    field(QByteArray::number(r.operatorId.v));
    field(r.client.toUtf8());
    field(r.action.toUtf8());
    field(r.subject.toUtf8());
    field(r.detail);
    field(r.result.toUtf8());
    return bytes;
}

QByteArray OperationLog::chainHash(const QByteArray& previousHash, const QByteArray& canonical)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(previousHash);
    h.addData(QByteArrayView("\n"));
    h.addData(canonical);
    return h.result().toHex();
}

qint64 OperationLog::append(storage::Database& db, const OperationRecord& record)
{
    // The chain head lives in a counters row; locking it serializes appenders so that two
    // records can never claim the same predecessor.
    SqlQuery head(db, QStringLiteral("SELECT value, text_value FROM counters WHERE name = 'operation-log'") +
                          db.dialect().forUpdate());
    head.exec();
    if (!head.next())
        throw storage::StorageError(QStringLiteral("operation log head row is missing"));
    const qint64 seq = head.value(0).toLongLong() + 1;
    const QByteArray previous = head.value(1).toString().toLatin1();
    const QByteArray hash = chainHash(previous, canonicalBytes(seq, record));

    SqlQuery insert(db, QStringLiteral("INSERT INTO operation_log (seq, at_ms, operator_id, client, action, subject, "
                                       "detail, result, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.bind(seq);
    insert.bind(record.atUtc.toMSecsSinceEpoch());
    insert.bind(record.operatorId.v);
    insert.bind(record.client);
    insert.bind(record.action);
    insert.bind(record.subject);
    insert.bind(QString::fromUtf8(record.detail));
    insert.bind(record.result);
    insert.bind(QString::fromLatin1(previous));
    insert.bind(QString::fromLatin1(hash));
    insert.exec();

    SqlQuery move(db, QStringLiteral("UPDATE counters SET value = ?, text_value = ? WHERE name = 'operation-log'"));
    move.bind(seq);
    move.bind(QString::fromLatin1(hash));
    move.exec();
    return seq;
}

} // namespace md

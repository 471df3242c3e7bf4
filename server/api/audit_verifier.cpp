#include "api/audit_verifier.h"

#include "audit/operation_log.h"
#include "storage/database.h"
#include "storage/sql_query.h"

namespace md::api {

using storage::SqlQuery;

AuditVerdict AuditVerifier::verify(storage::Database& db)
{
    AuditVerdict v;
    const auto broken = [&v](qint64 seq, const QString& problem) {
        v.ok = false;
        v.firstBroken = seq;
        v.problem = problem;
        return v;
    };
    SqlQuery q(db, QStringLiteral("SELECT seq, at_ms, operator_id, client, action, subject, detail, result, "
                                  "prev_hash, hash FROM operation_log ORDER BY seq"));
    q.exec();
    QByteArray previous; // the first record follows the empty hash
    qint64 expected = 1;
    while (q.next()) {
        const qint64 seq = q.intValue(0);
        if (seq != expected)
            return broken(expected, tr("Record %1 is missing (the next record is %2)").arg(expected).arg(seq));
        OperationRecord r;
        r.atUtc = QDateTime::fromMSecsSinceEpoch(q.intValue(1), Qt::UTC);
        r.operatorId = OperatorId{q.intValue(2)};
        r.client = q.stringValue(3);
        r.action = q.stringValue(4);
        r.subject = q.stringValue(5);
        r.detail = q.stringValue(6).toUtf8();
        r.result = q.stringValue(7);
        const QByteArray prevHash = q.stringValue(8).toLatin1();
        const QByteArray hash = q.stringValue(9).toLatin1();
        if (prevHash != previous)
            return broken(seq, tr("Record %1 does not follow record %2: its previous-hash differs").arg(seq).arg(seq - 1));
        if (OperationLog::chainHash(previous, OperationLog::canonicalBytes(seq, r)) != hash)
            return broken(seq, tr("Record %1 was changed: its content does not match its hash").arg(seq));
        previous = hash;
        ++expected;
        ++v.records;
    }
    SqlQuery head(db, QStringLiteral("SELECT value, text_value FROM counters WHERE name = 'operation-log'"));
    head.exec();
    if (!head.next())
        return broken(expected, tr("The chain head is missing"));
    const qint64 last = head.intValue(0);
    if (last > v.records)
        return broken(v.records + 1,
                      tr("Records %1 to %2 are missing at the end of the log").arg(v.records + 1).arg(last));
    if (last < v.records)
        return broken(last + 1, tr("Record %1 is beyond the chain head (the log ends at record %2)").arg(last + 1).arg(last));
    if (head.stringValue(1).toLatin1() != previous)
        return broken(v.records, tr("Record %1 does not match the chain head").arg(v.records));
    return v;
}

} // namespace md::api

#pragma once

#include "money/ids.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace md {

namespace storage {
class Database;
}

// One entry of the operation log (操作日志): who did what, when, from where, with what result.
struct OperationRecord
{
    QDateTime atUtc;
    OperatorId operatorId;
    QString client;     // the front desk's address, or "local"
    QString action;     // "recharge", "refund", "login", "trip", ...
    QString subject;    // "account:12", "meter:7", ...
    QByteArray detail;  // JSON
    QString result;     // "ok", or the error
};

// The append-only, hash-chained operation log. Each record's hash is SHA-256 over the previous
// record's hash and this record's canonical bytes, so changing, removing, inserting or
// reordering any record breaks the chain from there on. append() runs inside the caller's
// transaction so a record commits with the operation it describes, or not at all.
class OperationLog
{
public:
    // Returns the new record's sequence number (1, 2, 3, ... without gaps).
    static qint64 append(storage::Database& db, const OperationRecord& record);
    static QByteArray canonicalBytes(qint64 seq, const OperationRecord& record);
    static QByteArray chainHash(const QByteArray& previousHash, const QByteArray& canonical);
};

} // namespace md

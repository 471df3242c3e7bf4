#pragma once

#include <QCoreApplication>
#include <QString>

namespace md::storage {
class Database;
}

namespace md::api {

// Walks the operation log from its first record and recomputes the hash chain: sequence
// numbers 1, 2, 3, ... without gaps, each record's prev_hash equal to its predecessor's hash,
// each hash equal to SHA-256 over the predecessor's hash and the record's canonical bytes, and
// the chain head (the counters row) equal to the last record. A change, deletion, insertion or
// reordering of any record breaks one of these at or right after that record.
struct AuditVerdict
{
    bool ok = true;
    qint64 records = 0;      // records checked
    qint64 firstBroken = 0;  // the sequence number of the first record that fails (0 when ok)
    QString problem;         // translated
};

class AuditVerifier
{
    Q_DECLARE_TR_FUNCTIONS(md::api::AuditVerifier)

public:
    static AuditVerdict verify(storage::Database& db);
};

} // namespace md::api

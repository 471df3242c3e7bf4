#pragma once

#include "money/ids.h"
#include "money/money.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace md::storage {
class Database;
}

namespace md::api {

// A maker–checker request: an operation that takes effect only when a different operator with
// the right role approves it. The approver runs it under the ledger key ledgerKey(), so an
// approval interrupted between the ledger's commit and the request's update replays.
struct ApprovalRow
{
    qint64 id = 0;
    QString kind;      // refund, correction, adjustment, closing, tariff
    QString status;    // pending, approved, rejected
    QString key;       // the maker's idempotency key
    QString fingerprint;
    std::optional<qint64> account;
    Money amount;
    QJsonObject params;
    OperatorId requestedBy;
    qint64 requestedAtMs = 0;
    OperatorId decidedBy;
    std::optional<qint64> decidedAtMs;
    QString note;
    std::optional<qint64> transaction;

    QString ledgerKey() const { return QStringLiteral("approval-%1").arg(id); }
    QJsonObject toJson() const;
};

class ApprovalStore
{
public:
    explicit ApprovalStore(storage::Database& db);

    std::optional<ApprovalRow> find(qint64 id);
    std::optional<ApprovalRow> findByKey(const QString& key);
    // status empty: all; account: only that account's requests; newest first.
    QList<ApprovalRow> list(const QString& status, qint64 limit, std::optional<qint64> account = std::nullopt);
    qint64 insert(const ApprovalRow& row);
    // Moves a pending request to `status`; false when it was no longer pending.
    bool decide(qint64 id, const QString& status, OperatorId by, qint64 atMs, const QString& note,
                std::optional<qint64> transaction);
    // The ledger transaction made under `key`, if any.
    std::optional<qint64> ledgerTransaction(const QString& key);

private:
    storage::Database& m_db;
};

} // namespace md::api

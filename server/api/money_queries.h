#pragma once

#include "ledger/ledger_requests.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace md::storage {
class Database;
}

namespace md::api {

// Read-only views of the ledger's tables for the API, as JSON. Money is a yuan string
// ("100.00"); times are ISO 8601 UTC.
QString yuan(Money m);
QString isoUtc(qint64 ms);

QJsonObject transactionJson(const TransactionResult& r);

std::optional<QJsonObject> accountJson(storage::Database& db, AccountId id);
std::optional<AccountId> accountIdByCode(storage::Database& db, const QString& code);
QJsonArray accountTransactions(storage::Database& db, AccountId id, qint64 beforeId, qint64 limit);

// The receipt as printed: account, tenant, cashier, channel, amounts. copy_no 0 is the
// original; reprints are numbered 1, 2, ... (receipt.reprint).
std::optional<QJsonObject> receiptJson(storage::Database& db, qint64 receiptNo);

} // namespace md::api

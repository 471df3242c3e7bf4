#pragma once

#include "collection/meter_registry.h"
#include "money/money.h"

#include <QCoreApplication>

#include <optional>

namespace md::storage {
class Database;
}

namespace md::collection {

// 表端费控: which recharge a meter that keeps its own balance still lacks. Stateless on purpose:
// the meter counts the purchases written to it, the ledger counts the wallet's recharges since
// the meter's installation (+ the meter's `purchase_count_offset`), so after any crash the
// next purchase to write is "recharge number meterCount + 1" — and the meter refuses a
// sequence it already has, so writing it twice cannot credit twice.
class PurchaseSync
{
    Q_DECLARE_TR_FUNCTIONS(md::collection::PurchaseSync)

public:
    struct Purchase
    {
        MeterId meter;
        Money amount;         // what the recharge put in the wallet (after any service fee)
        qint64 sequence = 0;  // the meter's count after this purchase
        qint64 transaction = 0;
    };

    explicit PurchaseSync(storage::Database& db);

    // The recharges the ledger holds for the meter's wallet (+ the offset).
    qint64 ledgerCount(const MeterRecord& meter);
    // The next purchase the meter lacks, given its count; nullopt when it has them all (or is
    // ahead: the ingest's 比对充值次数 raises that alarm) or belongs to no account.
    std::optional<Purchase> next(const MeterRecord& meter, qint64 meterCount);
    // The meter's count as last read (readings.purchase_count), if it was ever read.
    std::optional<qint64> lastReadCount(MeterId meter);

private:
    storage::Database& m_db;
};

} // namespace md::collection

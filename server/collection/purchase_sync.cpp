#include "collection/purchase_sync.h"

#include "money/utility.h"
#include "storage/database.h"
#include "storage/sql_query.h"

namespace md::collection {

using storage::SqlQuery;

PurchaseSync::PurchaseSync(storage::Database& db)
    : m_db(db)
{
}

qint64 PurchaseSync::ledgerCount(const MeterRecord& meter)
{
    if (!meter.account)
        return 0;
    SqlQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM transactions WHERE account_id = ? AND utility = ? "
                                    "AND kind = 'recharge' AND created_at >= ?"));
    q.bind(meter.account->v).bind(utilityKey(meter.utility)).bind(meter.installed.toMSecsSinceEpoch());
    return meter.options.value(QStringLiteral("purchase_count_offset")).toInteger() + q.scalarInt();
}

std::optional<PurchaseSync::Purchase> PurchaseSync::next(const MeterRecord& meter, qint64 meterCount)
{
    if (!meter.account)
        return std::nullopt;
    const qint64 offset = meter.options.value(QStringLiteral("purchase_count_offset")).toInteger();
    const qint64 index = meterCount - offset; // recharges since installation the meter has
    if (index < 0)
        return std::nullopt;
    SqlQuery q(m_db, QStringLiteral("SELECT id, balance_after_fen - balance_before_fen FROM transactions "
                                    "WHERE account_id = ? AND utility = ? AND kind = 'recharge' AND created_at >= ? "
                                    "ORDER BY id LIMIT 1 OFFSET %1")
                         .arg(index));
    q.bind(meter.account->v).bind(utilityKey(meter.utility)).bind(meter.installed.toMSecsSinceEpoch()).exec();
    if (!q.next())
        return std::nullopt;
    return Purchase{meter.id, Money::fromFen(q.intValue(1)), meterCount + 1, q.intValue(0)};
}

std::optional<qint64> PurchaseSync::lastReadCount(MeterId meter)
{
    SqlQuery q(m_db, QStringLiteral("SELECT purchase_count FROM readings WHERE meter_id = ? AND purchase_count IS NOT NULL "
                                    "ORDER BY at_ms DESC LIMIT 1"));
    q.bind(meter.v).exec();
    if (!q.next())
        return std::nullopt;
    return q.intValue(0);
}

} // namespace md::collection

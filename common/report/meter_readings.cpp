#include "report/meter_readings.h"

#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <algorithm>

namespace md::report {

std::optional<MeterReadingsPage> meterReadings(storage::Database& db, const MeterReadingsQuery& q)
{
    MeterReadingsPage page;
    {
        storage::SqlQuery m(db, QStringLiteral("SELECT utility FROM meters WHERE id = ?"));
        m.bind(q.meter.v);
        m.exec();
        if (!m.next())
            return std::nullopt;
        page.unit = defaultUnit(parseUtility(m.stringValue(0)).value_or(Utility::Electricity));
    }
    const int limit = std::clamp(q.limit, 1, kMaxMeterReadingsPage);
    const qint64 from = q.afterMs ? std::max(q.fromMs, *q.afterMs + 1) : q.fromMs;
    // One row more than the page: tells whether there is a next page without a COUNT.
    // Read with bulk::selectRows: a month is ~1,460 rows, and Qt's per-value QVariants were
    // most of its time (docs/performance.md, "one meter's month").
    page.rows.reserve(std::min(limit, 2000));
    storage::bulk::selectRows(db,
                              QStringLiteral("SELECT id, at_ms, total_milli, sharp_milli, peak_milli, flat_milli, valley_milli, "
                                             "switch_state, meter_balance_fen, purchase_count, flags, reason, tx_id "
                                             "FROM readings WHERE meter_id = ? AND at_ms >= ? AND at_ms < ? "
                                             "ORDER BY at_ms LIMIT ?"),
                              {q.meter.v, from, q.toMs, qint64(limit) + 1}, [&](const storage::bulk::Row& r) {
                                  if (page.rows.size() == limit) {
                                      page.next = page.rows.constLast().atMs;
                                      return;
                                  }
                                  MeterReadingRow row;
                                  row.id = r.intValue(0);
                                  row.atMs = r.intValue(1);
                                  for (int i = 0; i < 5; ++i)
                                      row.registers[size_t(i)] = r.optionalInt(2 + i);
                                  row.switchState = r.stringValue(7);
                                  row.meterBalanceFen = r.optionalInt(8);
                                  row.purchaseCount = r.optionalInt(9);
                                  row.flags = r.intValue(10);
                                  row.reason = r.stringValue(11);
                                  row.txId = r.optionalInt(12);
                                  page.rows.append(std::move(row));
                              });
    return page;
}

} // namespace md::report

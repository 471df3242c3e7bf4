#include "collection/collection_store.h"

#include "rollup/monthly_rollups.h"
#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QJsonDocument>

#include <algorithm>
#include <limits>

namespace md {

using storage::SqlQuery;

namespace {

QVariant nullInt()
{
    return QVariant(QMetaType(QMetaType::LongLong));
}

template <typename T>
QVariant orNull(const std::optional<T>& v)
{
    return v ? QVariant(qint64(*v)) : nullInt();
}

enum Slot {
    kExists,
    kReadingValues,
    kLoadState,
    kUpdateState,
    kInsertState,
    kLoadRuntime,
    kUpdateRuntime,
    kInsertRuntime,
    kLoadDaily,
    kUpdateDaily,
    kInsertDaily,
    kAlarmEvent,
    kRechargeCount,
};

// A reading's time and its five registers, selected in that order from column `first` on.
ReadingSet readingSetFromRow(const SqlQuery& q, int first, Unit unit)
{
    ReadingSet set;
    set.utc = QDateTime::fromMSecsSinceEpoch(q.intValue(first), Qt::UTC);
    for (int i = 0; i < 5; ++i) {
        if (const auto v = q.optionalInt(first + 1 + i))
            set.values.insert(kAllRegisters[i], Quantity::fromMilli(*v, unit));
    }
    return set;
}

// meter_runtime's columns from last_good_at_ms on, as loadRuntime() and loadRuntimes() select them.
MeterRuntime runtimeFromRow(const SqlQuery& q, int first)
{
    MeterRuntime r;
    r.lastGoodAtMs = q.optionalInt(first);
    r.missedCycles = int(q.intValue(first + 1));
    r.lost = q.intValue(first + 2) != 0;
    r.actual = parseSwitchState(q.stringValue(first + 3)).value_or(SwitchState::Unknown);
    r.desired = parseSwitchState(q.stringValue(first + 4)).value_or(SwitchState::Unknown);
    r.desiredDueAtMs = q.optionalInt(first + 5);
    r.alarm = parseAlarmLevel(q.stringValue(first + 6)).value_or(AlarmLevel::Normal);
    return r;
}

} // namespace

CollectionStore::CollectionStore(storage::Database& db)
    : m_db(db)
{
}

CollectionStore::~CollectionStore() = default;

SqlQuery& CollectionStore::prepared(int slot, const QString& sql)
{
    auto& q = m_queries.at(size_t(slot));
    if (!q)
        q = std::make_unique<SqlQuery>(m_db, sql);
    return *q;
}

bool CollectionStore::readingExists(MeterId meter, qint64 atMs)
{
    SqlQuery& q = prepared(kExists, QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = ? AND at_ms = ?"));
    q.bind(meter.v).bind(atMs);
    const bool exists = q.scalarInt() > 0;
    q.raw().finish();
    return exists;
}

std::optional<ReadingSet> CollectionStore::readingValues(MeterId meter, qint64 atMs, Unit unit)
{
    SqlQuery& q = prepared(kReadingValues, QStringLiteral("SELECT at_ms, total_milli, sharp_milli, peak_milli, flat_milli, "
                                                          "valley_milli FROM readings WHERE meter_id = ? AND at_ms = ?"));
    q.bind(meter.v).bind(atMs).exec();
    if (!q.next())
        return std::nullopt;
    ReadingSet set = readingSetFromRow(q, 0, unit);
    q.raw().finish();
    return set;
}

std::optional<MeterBillingState> CollectionStore::loadBillingState(MeterId meter, Unit unit)
{
    SqlQuery& q = prepared(kLoadState, QStringLiteral("SELECT state FROM meter_billing_state WHERE meter_id = ?"));
    q.bind(meter.v).exec();
    if (!q.next())
        return std::nullopt;
    const QByteArray json = q.stringValue(0).toUtf8();
    q.raw().finish();
    MeterBillingState s = MeterBillingState::fromJson(QJsonDocument::fromJson(json).object(),
                                                      QStringLiteral("meter %1 billing state").arg(meter.v));
    s.unit = unit;
    return s;
}

void CollectionStore::saveBillingState(MeterId meter, const MeterBillingState& s, qint64 atMs)
{
    const QString json = QString::fromUtf8(QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact));
    SqlQuery& u = prepared(kUpdateState, QStringLiteral("UPDATE meter_billing_state SET state = ?, updated_at = ? WHERE meter_id = ?"));
    u.bind(json).bind(atMs).bind(meter.v).exec();
    if (u.rowsAffected() > 0)
        return;
    SqlQuery& i = prepared(kInsertState, QStringLiteral("INSERT INTO meter_billing_state (meter_id, state, updated_at) VALUES (?, ?, ?)"));
    i.bind(meter.v).bind(json).bind(atMs).exec();
}

MeterRuntime CollectionStore::loadRuntime(MeterId meter)
{
    SqlQuery& q = prepared(kLoadRuntime, QStringLiteral("SELECT last_good_at_ms, missed_cycles, lost, "
                                                        "switch_actual, switch_desired, desired_due_at_ms, alarm_level "
                                                        "FROM meter_runtime WHERE meter_id = ?"));
    q.bind(meter.v).exec();
    MeterRuntime r;
    if (q.next()) {
        r = runtimeFromRow(q, 0);
        q.raw().finish();
    }
    r.meter = meter;
    return r;
}

void CollectionStore::saveRuntime(const MeterRuntime& r, qint64 atMs)
{
    SqlQuery& u = prepared(kUpdateRuntime, QStringLiteral("UPDATE meter_runtime SET last_good_at_ms = ?, "
                                                          "missed_cycles = ?, lost = ?, switch_actual = ?, switch_desired = ?, "
                                                          "desired_due_at_ms = ?, alarm_level = ?, updated_at = ? WHERE meter_id = ?"));
    const auto bindAll = [&](SqlQuery& q) {
        q.bind(orNull(r.lastGoodAtMs))
            .bind(qint64(r.missedCycles))
            .bind(qint64(r.lost ? 1 : 0))
            .bind(switchStateKey(r.actual))
            .bind(switchStateKey(r.desired))
            .bind(orNull(r.desiredDueAtMs))
            .bind(alarmLevelKey(r.alarm))
            .bind(atMs)
            .bind(r.meter.v);
    };
    bindAll(u);
    u.exec();
    if (u.rowsAffected() > 0)
        return;
    SqlQuery& i = prepared(kInsertRuntime, QStringLiteral("INSERT INTO meter_runtime (last_good_at_ms, missed_cycles, lost, "
                                                          "switch_actual, switch_desired, desired_due_at_ms, alarm_level, "
                                                          "updated_at, meter_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bindAll(i);
    i.exec();
}

namespace {

// meter_monthly's change from one day row's: the day's row now starts at firstAt and ends at
// lastAt; the sums change by the delta's.
MeterMonthDelta monthDelta(qint64 meter, const QString& day, qint64 firstAt, const std::optional<qint64>& firstTotal,
                           qint64 lastAt, const std::optional<qint64>& lastTotal, const DailyDelta& d)
{
    MeterMonthDelta m;
    m.meter = meter;
    m.month = monthOfDay(day);
    m.firstDay = m.lastDay = day;
    m.firstAt = firstAt;
    m.firstTotal = firstTotal;
    m.lastAt = lastAt;
    m.lastTotal = lastTotal;
    m.used = d.used;
    m.readings = d.readings;
    m.anomalies = d.anomalies;
    return m;
}

} // namespace

void CollectionStore::mergeDaily(MeterId meter, const QString& day, const DailyDelta& d)
{
    SqlQuery& q = prepared(kLoadDaily, QStringLiteral("SELECT first_at_ms, last_at_ms, first_total_milli, last_total_milli, "
                                                      "reading_count - anomaly_count FROM meter_daily WHERE meter_id = ? AND day = ?") +
                                           m_db.dialect().forUpdate());
    q.bind(meter.v).bind(day).exec();
    if (q.next()) {
        // Readings of a day arrive in time order, except after an outage: keep the earliest
        // first and the latest last.
        qint64 firstAt = q.intValue(0);
        qint64 lastAt = q.intValue(1);
        std::optional<qint64> firstTotal = q.optionalInt(2);
        std::optional<qint64> lastTotal = q.optionalInt(3);
        const bool rowHasValues = q.intValue(4) > 0;
        q.raw().finish();
        // Values come only from accepted readings; a row or delta of anomalies alone has
        // times but no values and gives way to one with values.
        if (d.hasValues && (!rowHasValues || d.firstAtMs < firstAt)) {
            firstAt = d.firstAtMs;
            firstTotal = d.firstTotal;
        }
        if (d.hasValues && (!rowHasValues || d.lastAtMs > lastAt)) {
            lastAt = d.lastAtMs;
            lastTotal = d.lastTotal;
        }
        SqlQuery& u = prepared(kUpdateDaily, QStringLiteral(
                                                 "UPDATE meter_daily SET first_at_ms = ?, last_at_ms = ?, first_total_milli = ?, "
                                                 "last_total_milli = ?, used_total_milli = used_total_milli + ?, "
                                                 "used_sharp_milli = used_sharp_milli + ?, used_peak_milli = used_peak_milli + ?, "
                                                 "used_flat_milli = used_flat_milli + ?, used_valley_milli = used_valley_milli + ?, "
                                                 "reading_count = reading_count + ?, anomaly_count = anomaly_count + ? "
                                                 "WHERE meter_id = ? AND day = ?"));
        u.bind(firstAt).bind(lastAt).bind(orNull(firstTotal)).bind(orNull(lastTotal));
        for (qint64 v : d.used)
            u.bind(v);
        u.bind(d.readings).bind(d.anomalies).bind(meter.v).bind(day).exec();
        addToMeterMonthly(m_db, {monthDelta(meter.v, day, firstAt, firstTotal, lastAt, lastTotal, d)});
        return;
    }
    SqlQuery& i = prepared(kInsertDaily, QStringLiteral(
                                             "INSERT INTO meter_daily (first_at_ms, last_at_ms, first_total_milli, last_total_milli, "
                                             "used_total_milli, used_sharp_milli, used_peak_milli, used_flat_milli, used_valley_milli, "
                                             "reading_count, anomaly_count, meter_id, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    i.bind(d.firstAtMs).bind(d.lastAtMs).bind(orNull(d.firstTotal)).bind(orNull(d.lastTotal));
    for (qint64 v : d.used)
        i.bind(v);
    i.bind(d.readings).bind(d.anomalies).bind(meter.v).bind(day).exec();
    addToMeterMonthly(m_db, {monthDelta(meter.v, day, d.firstAtMs, d.firstTotal, d.lastAtMs, d.lastTotal, d)});
}

namespace {

QList<QVariant> idList(const QList<qint64>& ids)
{
    QList<QVariant> out;
    out.reserve(ids.size());
    for (qint64 id : ids)
        out.append(id);
    return out;
}

QList<QVariant> idList(const QSet<qint64>& ids)
{
    QList<qint64> sorted(ids.cbegin(), ids.cend());
    std::sort(sorted.begin(), sorted.end());
    return idList(sorted);
}

void appendReadingRow(QList<QVariant>& values, const StoredReading& r)
{
    values << r.meter.v << r.registers.utc.toMSecsSinceEpoch();
    for (Register reg : kAllRegisters) {
        const auto it = r.registers.values.constFind(reg);
        values << (it == r.registers.values.cend() ? nullInt() : QVariant(it->milli()));
    }
    values << switchStateKey(r.switchState) << (r.meterBalance ? QVariant(r.meterBalance->fen()) : nullInt())
           << orNull(r.purchaseCount) << r.flags << (r.reason.isNull() ? QStringLiteral("") : r.reason) << orNull(r.txId);
}


} // namespace

QSet<std::pair<qint64, qint64>> CollectionStore::existingReadings(const QList<qint64>& meters, qint64 fromMs, qint64 toMs)
{
    QSet<std::pair<qint64, qint64>> found;
    storage::bulk::selectIn(
        m_db, QStringLiteral("SELECT meter_id, at_ms FROM readings WHERE at_ms >= ? AND at_ms <= ? AND meter_id IN ("),
        QStringLiteral(")"), idList(meters), [&](SqlQuery& q) { found.insert({q.intValue(0), q.intValue(1)}); },
        {fromMs, toMs});
    return found;
}

void CollectionStore::insertReadings(const QList<StoredReading>& rows)
{
    static const QStringList columns{
        QStringLiteral("meter_id"),    QStringLiteral("at_ms"),        QStringLiteral("total_milli"),
        QStringLiteral("sharp_milli"), QStringLiteral("peak_milli"),   QStringLiteral("flat_milli"),
        QStringLiteral("valley_milli"), QStringLiteral("switch_state"), QStringLiteral("meter_balance_fen"),
        QStringLiteral("purchase_count"), QStringLiteral("flags"),     QStringLiteral("reason"),
        QStringLiteral("tx_id"),       QStringLiteral("id")};
    if (rows.isEmpty())
        return;
    // The rows' numbers are taken as a block: the counter row stays locked by this transaction
    // until it commits, so two writers never take the same numbers.
    SqlQuery take(m_db, QStringLiteral("UPDATE counters SET value = value + ? WHERE name = 'reading'"));
    take.bind(qint64(rows.size())).exec();
    SqlQuery last(m_db, QStringLiteral("SELECT value FROM counters WHERE name = 'reading'"));
    const qint64 firstId = last.scalarInt() - rows.size() + 1;
    QList<QVariant> values;
    values.reserve(rows.size() * columns.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        appendReadingRow(values, rows.at(i));
        values << firstId + i;
    }
    storage::bulk::insertRows(m_db, QStringLiteral("readings"), columns, values);
}

QHash<qint64, ReadingSet> CollectionStore::lastGoodValues(const QHash<qint64, Unit>& meterUnits)
{
    QHash<qint64, ReadingSet> out;
    storage::bulk::selectIn(m_db,
                            QStringLiteral("SELECT rt.meter_id, r.at_ms, r.total_milli, r.sharp_milli, r.peak_milli, "
                                           "r.flat_milli, r.valley_milli FROM meter_runtime rt "
                                           "JOIN readings r ON r.meter_id = rt.meter_id AND r.at_ms = rt.last_good_at_ms "
                                           "WHERE rt.meter_id IN ("),
                            QStringLiteral(")"), idList(QSet<qint64>(meterUnits.keyBegin(), meterUnits.keyEnd())),
                            [&](SqlQuery& q) {
                                const qint64 meter = q.intValue(0);
                                out.insert(meter, readingSetFromRow(q, 1, meterUnits.value(meter)));
                            });
    return out;
}

QHash<qint64, MeterBillingState> CollectionStore::loadBillingStates(const QHash<qint64, Unit>& meterUnits)
{
    QHash<qint64, MeterBillingState> out;
    storage::bulk::selectIn(m_db, QStringLiteral("SELECT meter_id, state FROM meter_billing_state WHERE meter_id IN ("),
                            QStringLiteral(")"), idList(QSet<qint64>(meterUnits.keyBegin(), meterUnits.keyEnd())),
                            [&](SqlQuery& q) {
                                const qint64 meter = q.intValue(0);
                                MeterBillingState s = MeterBillingState::fromJson(
                                    QJsonDocument::fromJson(q.stringValue(1).toUtf8()).object(),
                                    QStringLiteral("meter %1 billing state").arg(meter));
                                s.unit = meterUnits.value(meter);
                                out.insert(meter, s);
                            });
    return out;
}

void CollectionStore::saveBillingStates(const QHash<qint64, MeterBillingState>& states, const QSet<qint64>& meters,
                                        qint64 atMs)
{
    static const QStringList columns{QStringLiteral("meter_id"), QStringLiteral("state"), QStringLiteral("updated_at")};
    QList<qint64> sorted(meters.cbegin(), meters.cend());
    std::sort(sorted.begin(), sorted.end());
    QList<QVariant> values;
    values.reserve(sorted.size() * 3);
    for (qint64 m : std::as_const(sorted))
        values << m << QString::fromUtf8(QJsonDocument(states.value(m).toJson()).toJson(QJsonDocument::Compact)) << atMs;
    storage::bulk::insertRows(m_db, QStringLiteral("meter_billing_state"), columns, values,
                              storage::bulk::upsertTail(m_db, {QStringLiteral("meter_id")},
                                                        {QStringLiteral("state"), QStringLiteral("updated_at")}));
}

QHash<qint64, MeterRuntime> CollectionStore::loadRuntimes(const QList<qint64>& meters)
{
    QHash<qint64, MeterRuntime> out;
    storage::bulk::selectIn(m_db,
                            QStringLiteral("SELECT meter_id, last_good_at_ms, missed_cycles, lost, "
                                           "switch_actual, switch_desired, desired_due_at_ms, alarm_level "
                                           "FROM meter_runtime WHERE meter_id IN ("),
                            QStringLiteral(")"), idList(meters), [&](SqlQuery& q) {
                                MeterRuntime r = runtimeFromRow(q, 1);
                                r.meter = MeterId{q.intValue(0)};
                                out.insert(r.meter.v, r);
                            });
    for (qint64 m : meters) {
        if (!out.contains(m)) {
            MeterRuntime r;
            r.meter = MeterId{m};
            out.insert(m, r);
        }
    }
    return out;
}

void CollectionStore::saveRuntimes(const QList<MeterRuntime>& rows, qint64 atMs)
{
    static const QStringList columns{QStringLiteral("meter_id"),          QStringLiteral("last_good_at_ms"),
                                     QStringLiteral("missed_cycles"),     QStringLiteral("lost"),
                                     QStringLiteral("switch_actual"),     QStringLiteral("switch_desired"),
                                     QStringLiteral("desired_due_at_ms"), QStringLiteral("alarm_level"),
                                     QStringLiteral("updated_at")};
    QList<QVariant> values;
    values.reserve(rows.size() * columns.size());
    for (const MeterRuntime& r : rows) {
        values << r.meter.v << orNull(r.lastGoodAtMs) << qint64(r.missedCycles)
               << qint64(r.lost ? 1 : 0) << switchStateKey(r.actual) << switchStateKey(r.desired) << orNull(r.desiredDueAtMs)
               << alarmLevelKey(r.alarm) << atMs;
    }
    storage::bulk::insertRows(m_db, QStringLiteral("meter_runtime"), columns, values,
                              storage::bulk::upsertTail(m_db, {QStringLiteral("meter_id")}, columns.mid(1)));
}

void CollectionStore::mergeDailyAll(const QMap<QPair<qint64, QString>, DailyDelta>& deltas)
{
    if (deltas.isEmpty())
        return;
    struct Row
    {
        qint64 firstAt = 0;
        qint64 lastAt = 0;
        std::optional<qint64> firstTotal;
        std::optional<qint64> lastTotal;
        std::array<qint64, 5> used{};
        qint64 readings = 0;
        qint64 anomalies = 0;
    };
    QSet<qint64> meters;
    QSet<QString> days;
    for (auto it = deltas.cbegin(); it != deltas.cend(); ++it) {
        meters.insert(it.key().first);
        days.insert(it.key().second);
    }
    QHash<QPair<qint64, QString>, Row> existing;
    QStringList dayList(days.cbegin(), days.cend());
    dayList.sort();
    // Days first (few: a batch spans a day or two, a backfill more), then the meters; at most
    // 100 days a statement so the meters keep most of the values.
    for (qsizetype d = 0; d < dayList.size(); d += 100) {
        QList<QVariant> dayValues;
        for (const QString& day : dayList.mid(d, 100))
            dayValues.append(day);
        storage::bulk::selectIn(m_db,
                                QStringLiteral("SELECT meter_id, day, first_at_ms, last_at_ms, first_total_milli, "
                                               "last_total_milli, used_total_milli, used_sharp_milli, used_peak_milli, "
                                               "used_flat_milli, used_valley_milli, reading_count, anomaly_count FROM meter_daily "
                                               "WHERE day IN (%1) AND meter_id IN (")
                                    .arg(storage::bulk::marks(dayValues.size())),
                                QStringLiteral(")") + m_db.dialect().forUpdate(), idList(meters), [&](SqlQuery& q) {
                                    Row r;
                                    r.firstAt = q.intValue(2);
                                    r.lastAt = q.intValue(3);
                                    r.firstTotal = q.optionalInt(4);
                                    r.lastTotal = q.optionalInt(5);
                                    for (int i = 0; i < 5; ++i)
                                        r.used[size_t(i)] = q.intValue(6 + i);
                                    r.readings = q.intValue(11);
                                    r.anomalies = q.intValue(12);
                                    existing.insert(qMakePair(q.intValue(0), q.stringValue(1)), r);
                                },
                                dayValues);
    }
    static const QStringList columns{
        QStringLiteral("meter_id"),          QStringLiteral("day"),              QStringLiteral("first_at_ms"),
        QStringLiteral("last_at_ms"),        QStringLiteral("first_total_milli"), QStringLiteral("last_total_milli"),
        QStringLiteral("used_total_milli"),  QStringLiteral("used_sharp_milli"), QStringLiteral("used_peak_milli"),
        QStringLiteral("used_flat_milli"),   QStringLiteral("used_valley_milli"), QStringLiteral("reading_count"),
        QStringLiteral("anomaly_count")};
    QList<QVariant> values;
    values.reserve(deltas.size() * columns.size());
    // meter_monthly by the same deltas: the keys come by meter and day, so a month's touched
    // days are consecutive; its first touched day's new first and last one's new last.
    QList<MeterMonthDelta> months;
    for (auto it = deltas.cbegin(); it != deltas.cend(); ++it) {
        const DailyDelta& d = *it;
        Row r;
        const auto row = existing.constFind(it.key());
        if (row == existing.cend()) {
            r.firstAt = d.firstAtMs;
            r.lastAt = d.lastAtMs;
            r.firstTotal = d.firstTotal;
            r.lastTotal = d.lastTotal;
        } else {
            // As mergeDaily(): the earliest first and the latest last; values come only from
            // accepted readings, and a row of anomalies alone gives way to one with values.
            r = *row;
            const bool rowHasValues = r.readings - r.anomalies > 0;
            if (d.hasValues && (!rowHasValues || d.firstAtMs < r.firstAt)) {
                r.firstAt = d.firstAtMs;
                r.firstTotal = d.firstTotal;
            }
            if (d.hasValues && (!rowHasValues || d.lastAtMs > r.lastAt)) {
                r.lastAt = d.lastAtMs;
                r.lastTotal = d.lastTotal;
            }
        }
        for (size_t i = 0; i < 5; ++i)
            r.used[i] += d.used[i];
        r.readings += d.readings;
        r.anomalies += d.anomalies;
        values << it.key().first << it.key().second << r.firstAt << r.lastAt << orNull(r.firstTotal) << orNull(r.lastTotal);
        for (qint64 v : r.used)
            values << v;
        values << r.readings << r.anomalies;
        const QString& day = it.key().second;
        if (months.isEmpty() || months.constLast().meter != it.key().first || months.constLast().month != monthOfDay(day)) {
            months.append(monthDelta(it.key().first, day, r.firstAt, r.firstTotal, r.lastAt, r.lastTotal, d));
            continue;
        }
        MeterMonthDelta& m = months.last();
        m.lastDay = day;
        m.lastAt = r.lastAt;
        m.lastTotal = r.lastTotal;
        for (size_t i = 0; i < 5; ++i)
            m.used[i] += d.used[i];
        m.readings += d.readings;
        m.anomalies += d.anomalies;
    }
    storage::bulk::insertRows(m_db, QStringLiteral("meter_daily"), columns, values,
                              storage::bulk::upsertTail(m_db, {QStringLiteral("meter_id"), QStringLiteral("day")},
                                                        columns.mid(2)));
    addToMeterMonthly(m_db, months);
}

void CollectionStore::insertAlarmEvent(std::optional<AccountId> account, Utility utility, std::optional<MeterId> meter,
                                       const QString& kind, const QString& from, const QString& to,
                                       std::optional<Money> balance, const QByteArray& detail, qint64 atMs)
{
    SqlQuery& q = prepared(kAlarmEvent, QStringLiteral("INSERT INTO alarm_events (account_id, utility, meter_id, kind, from_level, "
                                                       "to_level, balance_fen, detail, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(account ? QVariant(account->v) : nullInt())
        .bind(utilityKey(utility))
        .bind(meter ? QVariant(meter->v) : nullInt())
        .bind(kind)
        .bind(from)
        .bind(to)
        .bind(balance ? QVariant(balance->fen()) : nullInt())
        .bind(QString::fromUtf8(detail))
        .bind(atMs)
        .exec();
}

qint64 CollectionStore::rechargeCount(AccountId account, Utility utility, qint64 sinceMs, qint64 untilMs)
{
    SqlQuery& q = prepared(kRechargeCount, QStringLiteral("SELECT COUNT(*) FROM transactions WHERE account_id = ? AND utility = ? "
                                                          "AND kind = 'recharge' AND created_at >= ? AND created_at <= ?"));
    q.bind(account.v).bind(utilityKey(utility)).bind(sinceMs).bind(untilMs);
    const qint64 n = q.scalarInt();
    q.raw().finish();
    return n;
}

} // namespace md

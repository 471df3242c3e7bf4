#include "collection/collection_store.h"

#include "storage/database.h"
#include "storage/sql_query.h"

#include <QJsonDocument>

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
    kInsertReading,
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

qint64 CollectionStore::insertReading(const StoredReading& r)
{
    SqlQuery& q = prepared(kInsertReading,
                           QStringLiteral("INSERT INTO readings (meter_id, at_ms, total_milli, sharp_milli, peak_milli, "
                                          "flat_milli, valley_milli, switch_state, meter_balance_fen, purchase_count, flags, "
                                          "reason, tx_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(r.meter.v).bind(r.registers.utc.toMSecsSinceEpoch());
    for (Register reg : kAllRegisters) {
        const auto it = r.registers.values.constFind(reg);
        q.bind(it == r.registers.values.cend() ? nullInt() : QVariant(it->milli()));
    }
    q.bind(switchStateKey(r.switchState))
        .bind(r.meterBalance ? QVariant(r.meterBalance->fen()) : nullInt())
        .bind(orNull(r.purchaseCount))
        .bind(r.flags)
        .bind(r.reason.isNull() ? QStringLiteral("") : r.reason) // a null QString binds as NULL
        .bind(orNull(r.txId))
        .exec();
    return q.lastInsertId();
}

std::optional<ReadingSet> CollectionStore::readingValues(qint64 readingId, Unit unit)
{
    SqlQuery& q = prepared(kReadingValues, QStringLiteral("SELECT at_ms, total_milli, sharp_milli, peak_milli, flat_milli, "
                                                          "valley_milli FROM readings WHERE id = ?"));
    q.bind(readingId).exec();
    if (!q.next())
        return std::nullopt;
    ReadingSet set;
    set.utc = QDateTime::fromMSecsSinceEpoch(q.intValue(0), Qt::UTC);
    for (int i = 0; i < 5; ++i) {
        if (const auto v = q.optionalInt(i + 1))
            set.values.insert(kAllRegisters[i], Quantity::fromMilli(*v, unit));
    }
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
    SqlQuery& q = prepared(kLoadRuntime, QStringLiteral("SELECT last_good_at_ms, last_reading_id, missed_cycles, lost, "
                                                        "switch_actual, switch_desired, desired_due_at_ms, alarm_level "
                                                        "FROM meter_runtime WHERE meter_id = ?"));
    q.bind(meter.v).exec();
    MeterRuntime r;
    r.meter = meter;
    if (!q.next())
        return r;
    r.lastGoodAtMs = q.optionalInt(0);
    r.lastReadingId = q.optionalInt(1);
    r.missedCycles = int(q.intValue(2));
    r.lost = q.intValue(3) != 0;
    r.actual = parseSwitchState(q.stringValue(4)).value_or(SwitchState::Unknown);
    r.desired = parseSwitchState(q.stringValue(5)).value_or(SwitchState::Unknown);
    r.desiredDueAtMs = q.optionalInt(6);
    r.alarm = parseAlarmLevel(q.stringValue(7)).value_or(AlarmLevel::Normal);
    q.raw().finish();
    return r;
}

void CollectionStore::saveRuntime(const MeterRuntime& r, qint64 atMs)
{
    SqlQuery& u = prepared(kUpdateRuntime, QStringLiteral("UPDATE meter_runtime SET last_good_at_ms = ?, last_reading_id = ?, "
                                                          "missed_cycles = ?, lost = ?, switch_actual = ?, switch_desired = ?, "
                                                          "desired_due_at_ms = ?, alarm_level = ?, updated_at = ? WHERE meter_id = ?"));
    const auto bindAll = [&](SqlQuery& q) {
        q.bind(orNull(r.lastGoodAtMs))
            .bind(orNull(r.lastReadingId))
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
    SqlQuery& i = prepared(kInsertRuntime, QStringLiteral("INSERT INTO meter_runtime (last_good_at_ms, last_reading_id, "
                                                          "missed_cycles, lost, switch_actual, switch_desired, desired_due_at_ms, "
                                                          "alarm_level, updated_at, meter_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bindAll(i);
    i.exec();
}

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

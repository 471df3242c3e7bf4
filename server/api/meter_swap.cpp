// meter.swap (换表): the old meter's final reading billed, the old meter removed, its successor
// created on the same account, room and utility, continuing the old meter's billing state
// (ladder position, buckets) from its own initial reading — in ONE database transaction.

#include "api/api_error.h"
#include "api/meter_api.h"
#include "api/money_queries.h"
#include "api/property_api.h"
#include "billing/biller.h"
#include "collection/collection_store.h"
#include "collection/reading_ingestor.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"

#include <QJsonDocument>

namespace md::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

// A reading as the engineer copies it off the meter: {"total": "1234.56", "peak": "...", ...}
// (decimal strings in kWh or m³, at most three decimals; the total is required).
ReadingSet registersParam(const QJsonObject& o, const char* name, Unit unit, const QDateTime& at)
{
    const QString param = QLatin1String(name);
    ReadingSet set;
    set.utc = at;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::optional<Register> reg = parseRegister(it.key());
        if (!reg)
            throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": no register \"%2\" (total, sharp, peak, flat, valley)")
                                              .arg(param, it.key()));
        const std::optional<Quantity> q = it->isString() ? Quantity::parse(it->toString(), unit) : std::nullopt;
        if (!q || q->isNegative())
            throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": the %2 register is a decimal string of %3 with at most "
                                                 "three decimals, e.g. \"1234.56\"")
                                              .arg(param, it.key(), unitSymbol(unit)));
        set.values.insert(*reg, *q);
    }
    if (!set.has(Register::Total))
        throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": the total register is required").arg(param));
    return set;
}

QJsonObject objectParam(CallContext& c, const char* name)
{
    const std::optional<QJsonObject> o = c.params.optObject(name);
    if (!o)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\" is required").arg(QLatin1String(name)));
    return *o;
}

// The old meter's last accepted reading (the plausibility baseline), if any.
std::optional<ReadingSet> lastAccepted(CollectionStore& store, MeterId meter, Unit unit)
{
    const MeterRuntime runtime = store.loadRuntime(meter);
    if (!runtime.lastGoodAtMs)
        return std::nullopt;
    return store.readingValues(meter, *runtime.lastGoodAtMs, unit);
}

// The old meter's latest counter reset, when the final reading continues the register it
// dropped from: the readings since then were another meter — most likely the successor, read
// under the old one's address before the swap was recorded — and the billing state starts from
// its registers, so the final reading would be billed for the old meter's whole register.
// Refused, naming the readings, rather than billed wrong. (A real rollover — 99999.9 to 0.5 —
// ends lower, and is not refused.)
void checkNoForeignReset(storage::Database& db, const MeterRecord& old, Unit unit, const ReadingSet& finalSet)
{
    storage::SqlQuery reset(db, QStringLiteral("SELECT at_ms, total_milli FROM readings WHERE meter_id = ? AND (flags & 8) <> 0 "
                                               "ORDER BY at_ms DESC LIMIT 1"));
    reset.bind(old.id.v).exec();
    if (!reset.next() || !reset.optionalInt(1))
        return;
    storage::SqlQuery before(db, QStringLiteral("SELECT total_milli FROM readings WHERE meter_id = ? AND at_ms < ? AND "
                                                "(flags & 4) = 0 AND total_milli IS NOT NULL ORDER BY at_ms DESC LIMIT 1"));
    before.bind(old.id.v).bind(reset.intValue(0)).exec();
    if (!before.next())
        return;
    const qint64 finalTotal = finalSet.values.value(Register::Total).milli();
    if (finalTotal < before.intValue(0))
        return;
    const auto q = [&](qint64 milli) { return Quantity::fromMilli(milli, unit).toString(); };
    throw ApiError(InvalidParams, Tr::tr("Meter %1 went back from %2 to %3 %4 at %5 (a counter reset), but its final reading, "
                                         "%6 %4, continues from %2: the readings since %5 are most likely its successor's, "
                                         "read under its address before the swap was recorded. They must be sorted out "
                                         "before the swap; nothing was changed")
                                      .arg(old.nameplate, q(before.intValue(0)), q(reset.intValue(1)), unitSymbol(unit),
                                           isoUtc(reset.intValue(0)), q(finalTotal)));
}

// Refuses a final reading that is not after the old meter's last one, lacks a register the
// meter reads, or shows a register below it (the error names both values).
void checkFinal(const MeterRecord& old, const std::optional<ReadingSet>& last, const ReadingSet& finalSet)
{
    if (!last)
        return;
    if (finalSet.utc <= last->utc)
        throw ApiError(InvalidParams, Tr::tr("The swap at %1 is not after meter %2's last reading at %3")
                                          .arg(isoUtc(finalSet.utc.toMSecsSinceEpoch()), old.nameplate,
                                               isoUtc(last->utc.toMSecsSinceEpoch())));
    for (auto it = last->values.cbegin(); it != last->values.cend(); ++it) {
        const auto f = finalSet.values.constFind(it.key());
        if (f == finalSet.values.cend())
            throw ApiError(InvalidParams, Tr::tr("The final reading of meter %1 lacks its %2 register (last read %3 %4)")
                                              .arg(old.nameplate, registerKey(it.key()), it->toString(),
                                                   unitSymbol(it->unit())));
        if (*f < *it)
            throw ApiError(InvalidParams,
                           Tr::tr("The final %1 reading of meter %2, %3 %4, is below its last reading, %5 %4 at %6")
                               .arg(registerKey(it.key()), old.nameplate, f->toString(), unitSymbol(f->unit()),
                                    it->toString(), isoUtc(last->utc.toMSecsSinceEpoch())),
                           QJsonObject{{QStringLiteral("register"), registerKey(it.key())},
                                       {QStringLiteral("final"), f->toString()},
                                       {QStringLiteral("last"), it->toString()},
                                       {QStringLiteral("last_at"), isoUtc(last->utc.toMSecsSinceEpoch())}});
    }
}

// The new meter's record: its own nameplate, bus, protocol, map, address, options and rate;
// the old meter's utility, account and room; installed at the swap.
MeterRecord newRecord(CallContext& c, const QJsonObject& params, const MeterRecord& old, const QDateTime& at)
{
    for (const char* taken : {"room", "room_code", "account", "installed_at", "removed_at", "id"}) {
        if (params.contains(QLatin1String(taken)))
            throw ApiError(InvalidParams, Tr::tr("Parameter \"new_meter\": \"%1\" is not set here: the new meter takes the old "
                                                 "one's account and room and is installed at the swap")
                                              .arg(QLatin1String(taken)));
    }
    if (params.contains(u"utility") && params.value(u"utility").toString() != utilityKey(old.utility))
        throw ApiError(InvalidParams, Tr::tr("Meter %1 measures %2: its successor must measure %2 too (got \"%3\")")
                                          .arg(old.nameplate, utilityName(old.utility), params.value(u"utility").toString()));
    CallContext sub{c.service, c.session, c.who, Params(params)};
    MeterRecord m;
    m.room = old.room;
    readMeterFields(sub, m, true);
    m.utility = old.utility;
    m.account = old.account;
    m.room = old.room;
    m.installed = at;
    m.options = optionsParam(sub, {});
    return m;
}

QJsonObject readingJson(const ReadingSet& set)
{
    QJsonObject o;
    for (auto it = set.values.cbegin(); it != set.values.cend(); ++it)
        o.insert(registerKey(it.key()), it->toString());
    return o;
}

MeterReading readingOf(MeterId meter, const ReadingSet& registers)
{
    MeterReading r;
    r.meter = meter;
    r.registers = registers;
    return r;
}

QJsonObject outcomeJson(const IngestOutcome& o)
{
    return {{QStringLiteral("status"), ingestStatusKey(o.status)},
            {QStringLiteral("charged"), yuan(o.charged)},
            {QStringLiteral("transaction"), o.tx ? QJsonValue(o.tx->v) : QJsonValue()},
            {QStringLiteral("balance"), o.balance ? QJsonValue(yuan(*o.balance)) : QJsonValue()}};
}

} // namespace

QJsonValue swapMeter(CallContext& c)
{
    const MeterId oldId{c.params.integer("meter")};
    const QJsonObject newParams = objectParam(c, "new_meter");
    const QJsonObject finalParams = objectParam(c, "final_reading");
    const QJsonObject initialParams = objectParam(c, "initial_reading");
    const QString reason = c.params.optString("reason", QStringLiteral(""));
    const QDateTime now = c.service.clock().nowUtc();
    const QDateTime at = timeParam(c, "at").value_or(now);
    if (at > now)
        throw ApiError(InvalidParams, Tr::tr("The swap at %1 is in the future (now %2)")
                                          .arg(isoUtc(at.toMSecsSinceEpoch()), isoUtc(now.toMSecsSinceEpoch())));

    storage::Database& db = c.service.db();
    IngestOptions options;
    options.officeZone = c.service.officeZone();
    ReadingIngestor ingestor(db, c.service.clock(), options);
    storage::TransactionGuard guard(db);
    MeterRegistry registry(db);
    CollectionStore store(db);
    std::optional<MeterRecord> old = registry.byId(oldId);
    if (!old)
        throw ApiError(MeterNotFound, Tr::tr("There is no meter %1").arg(oldId.v));
    if (old->removed)
        throw ApiError(MeterRemoved, Tr::tr("Meter %1 was already removed at %2: there is nothing to swap")
                                         .arg(old->nameplate, isoUtc(old->removed->toMSecsSinceEpoch())));
    if (at < old->installed)
        throw ApiError(InvalidParams, Tr::tr("Meter %1 cannot be swapped before it was installed (%2)")
                                          .arg(old->nameplate, isoUtc(old->installed.toMSecsSinceEpoch())));
    const Unit unit = defaultUnit(old->utility);
    const ReadingSet finalSet = registersParam(finalParams, "final_reading", unit, at);
    const ReadingSet initialSet = registersParam(initialParams, "initial_reading", unit, at);
    checkFinal(*old, lastAccepted(store, oldId, unit), finalSet);
    checkNoForeignReset(db, *old, unit, finalSet);
    MeterRecord successor = newRecord(c, newParams, *old, at);

    // 1. The old meter's final reading, stored and billed like any reading (its deduction is
    //    the reading's own, key reading:<meter>:<ms>).
    const IngestOutcome billed = ingestor.ingestInTransaction(readingOf(oldId, finalSet));
    using S = IngestOutcome::Status;
    if (billed.status == S::Anomaly || billed.status == S::CounterReset || billed.status == S::Duplicate)
        throw ApiError(InvalidParams, Tr::tr("The final reading of meter %1 cannot be billed: %2")
                                          .arg(old->nameplate, billed.problem.isEmpty() ? ingestStatusKey(billed.status)
                                                                                        : billed.problem));
    // 2. The old meter is removed (its readings and bills stay); its bus address is free.
    const QJsonObject oldBefore = recordJson(*old);
    old->removed = at;
    registry.update(*old);
    // 3. Its successor, on the same account, room and utility.
    checkMeter(c, successor);
    successor.id = registry.create(successor);
    // 4. The successor's initial reading is its baseline; its billing state is the old one's
    //    carried over (the ladder continues), with that baseline as `last`.
    const IngestOutcome baseline =
        ingestor.ingestInTransaction(readingOf(successor.id, initialSet));
    bool carried = false;
    if (const std::optional<MeterBillingState> state = store.loadBillingState(oldId, unit)) {
        store.saveBillingState(successor.id, Biller::continueOnNewMeter(*state, initialSet), now.toMSecsSinceEpoch());
        carried = true;
    }
    const QJsonObject result{{QStringLiteral("old"), oldId.v},
                             {QStringLiteral("new"), successor.id.v},
                             {QStringLiteral("at"), isoUtc(at.toMSecsSinceEpoch())},
                             {QStringLiteral("final_reading"), outcomeJson(billed)},
                             {QStringLiteral("initial_reading"), outcomeJson(baseline)},
                             {QStringLiteral("billing_state_carried"), carried}};
    QJsonObject detail = result;
    detail.insert(QStringLiteral("old_meter"), oldBefore);
    detail.insert(QStringLiteral("new_meter"), recordJson(successor));
    detail.insert(QStringLiteral("final_registers"), readingJson(finalSet));
    detail.insert(QStringLiteral("initial_registers"), readingJson(initialSet));
    detail.insert(QStringLiteral("reason"), reason);
    c.service.log(c.session, c.who.id, QStringLiteral("meter-swap"), QStringLiteral("meter:%1").arg(oldId.v), detail);
    guard.commit();

    registryChanged(c);
    if (successor.account) {
        if (billed.tx && billed.balance) // the final reading's deduction, as a batch of readings says it
            c.service.notify(QStringLiteral("event.account.changed"),
                             {{QStringLiteral("account"), successor.account->v},
                              {QStringLiteral("utility"), utilityKey(successor.utility)},
                              {QStringLiteral("balance"), yuan(*billed.balance)},
                              {QStringLiteral("transaction"), billed.tx->v}});
        c.service.walletChanged(*successor.account, successor.utility); // its level and relays at once
    }
    QJsonObject out = result;
    out.insert(QStringLiteral("old_meter"), meterJsonById(c, oldId));
    out.insert(QStringLiteral("new_meter"), meterJsonById(c, successor.id));
    out.insert(QStringLiteral("warnings"), busWarnings(c, {{0, successor.bus}}));
    return out;
}

} // namespace md::api

// report.*: the money reports, computed by common/report and returned as the table's JSON
// (optionally with its CSV for export). Reading them changes nothing, so nothing is logged.

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/money_queries.h"
#include "report/account_ledger_report.h"
#include "report/alarm_history_report.h"
#include "report/arrears_report.h"
#include "report/consumption_report.h"
#include "report/meter_readings.h"
#include "collection/collection_store.h"
#include "report/reconciliation.h"
#include "report/report_render.h"
#include "report/sales_report.h"
#include "report/shift_report.h"
#include "money/quantity.h"
#include "storage/sql_query.h"

#include <QDateTime>
#include <QJsonArray>

namespace md::api {

using namespace md::report;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

[[noreturn]] void bad(const char* name, const QString& expected)
{
    throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": %2").arg(QLatin1String(name), expected));
}

QTimeZone zoneParam(CallContext& c)
{
    const QString id = c.params.optString("time_zone");
    if (id.isEmpty())
        return c.service.officeZone();
    const QTimeZone zone(id.toUtf8());
    if (!zone.isValid())
        bad("time_zone", Tr::tr("\"%1\" is not a time zone (e.g. Asia/Shanghai)").arg(id));
    return zone;
}

QDate dateParam(CallContext& c, const char* name)
{
    const QString s = c.params.string(name);
    const QDate d = QDate::fromString(s, Qt::ISODate);
    if (!d.isValid() || s.size() != 10)
        bad(name, Tr::tr("a day as YYYY-MM-DD is required (got \"%1\")").arg(s));
    return d;
}

ReportPeriod periodParams(CallContext& c, qint64 maxDays = 36525)
{
    ReportPeriod p;
    p.from = dateParam(c, "from");
    p.to = dateParam(c, "to");
    p.zone = zoneParam(c);
    if (const QString problem = p.validate(maxDays); !problem.isEmpty())
        throw ApiError(InvalidParams, problem);
    return p;
}

// An ISO 8601 time with its offset or Z; a time without one is the office's wall clock.
std::optional<qint64> timeParam(CallContext& c, const char* name, const QTimeZone& zone)
{
    const QString s = c.params.optString(name);
    if (s.isEmpty())
        return std::nullopt;
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        bad(name, Tr::tr("a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got \"%1\")").arg(s));
    if (t.timeSpec() == Qt::LocalTime)
        t = QDateTime(t.date(), t.time(), zone);
    return t.toMSecsSinceEpoch();
}

QJsonObject rendered(CallContext& c, const ReportTable& table)
{
    QJsonObject o = toJson(table);
    if (c.params.optBool("csv", false))
        o.insert(QStringLiteral("csv"), QString::fromUtf8(toCsv(table)));
    return o;
}

QJsonValue sales(CallContext& c)
{
    SalesQuery q;
    const QString g = c.params.optString("granularity", QStringLiteral("day"));
    const auto granularity = parseGranularity(g);
    if (!granularity)
        bad("granularity", Tr::tr("must be day, month or year (got \"%1\")").arg(g));
    q.granularity = *granularity;
    // A daily report has a row per day: at most ten years of them.
    q.period = periodParams(c, q.granularity == Granularity::Day ? 3660 : 36525);
    q.byCashier = c.params.optBool("by_cashier", false);
    if (const auto cashier = c.params.optInteger("cashier"))
        q.cashier = OperatorId{*cashier};
    return rendered(c, salesReport(c.service.db(), q));
}

QJsonValue accountLedger(CallContext& c)
{
    AccountLedgerQuery q;
    q.period = periodParams(c);
    if (c.params.has("account")) {
        q.account = AccountId{c.params.integer("account")};
    } else if (c.params.has("code")) {
        const QString code = c.params.string("code");
        const auto id = accountIdByCode(c.service.db(), code);
        if (!id)
            throw ApiError(AccountNotFound, Tr::tr("There is no account numbered %1").arg(code));
        q.account = *id;
    }
    return rendered(c, accountLedgerReport(c.service.db(), q));
}

// A cashier sees their own shifts only; managers and auditors anyone's.
QJsonValue shift(CallContext& c)
{
    const bool ownOnly = c.who.role == Role::Cashier;
    ShiftQuery q;
    q.zone = zoneParam(c);
    q.cashier = OperatorId{c.params.optInteger("cashier").value_or(c.who.id.v)};
    if (ownOnly && q.cashier != c.who.id)
        throw ApiError(Forbidden, Tr::tr("A cashier may only see their own shifts"));
    if (const auto closeId = c.params.optInteger("shift_close")) {
        storage::Database& db = c.service.db();
        storage::SqlQuery close(db, QStringLiteral("SELECT cashier_id, last_tx_id FROM shift_closes WHERE id = ?"));
        close.bind(*closeId);
        close.exec();
        if (!close.next())
            bad("shift_close", Tr::tr("there is no shift close %1").arg(*closeId));
        const OperatorId cashier{close.intValue(0)};
        const qint64 through = close.intValue(1);
        if (ownOnly && cashier != c.who.id)
            throw ApiError(Forbidden, Tr::tr("A cashier may only see their own shifts"));
        storage::SqlQuery prev(db, QStringLiteral("SELECT COALESCE(MAX(last_tx_id), 0) FROM shift_closes "
                                                  "WHERE cashier_id = ? AND id < ?"));
        prev.bind(cashier.v);
        prev.bind(*closeId);
        q.cashier = cashier;
        q.range.afterTx = prev.scalarInt();
        q.range.throughTx = through;
    } else {
        q.range.fromMs = timeParam(c, "from", q.zone);
        q.range.toMs = timeParam(c, "to", q.zone);
        if (!q.range.fromMs || !q.range.toMs)
            bad("from", Tr::tr("give from and to, or shift_close"));
        if (*q.range.toMs < *q.range.fromMs)
            bad("to", Tr::tr("must not be before from"));
    }
    return rendered(c, shiftReport(c.service.db(), q));
}

QJsonValue arrears(CallContext& c)
{
    ArrearsQuery q;
    const QString level = c.params.optString("at_least", QStringLiteral("alarm1"));
    const auto parsed = parseAlarmLevel(level);
    if (!parsed || *parsed == AlarmLevel::Normal)
        bad("at_least", Tr::tr("must be alarm1, alarm2 or arrears (got \"%1\")").arg(level));
    q.atLeast = *parsed;
    return rendered(c, arrearsReport(c.service.db(), q));
}

QJsonValue reconcileMethod(CallContext& c)
{
    const Reconciliation r = reconcile(c.service.db(), periodParams(c));
    QJsonObject o = rendered(c, r.table);
    o.insert(QStringLiteral("balanced"), r.balanced());
    o.insert(QStringLiteral("difference"), yuan(r.difference));
    o.insert(QStringLiteral("problems"), QJsonArray::fromStringList(r.problems));
    return o;
}

std::optional<Utility> utilityParam(CallContext& c)
{
    const QString key = c.params.optString("utility");
    if (key.isEmpty())
        return std::nullopt;
    const auto u = parseUtility(key);
    if (!u)
        bad("utility", Tr::tr("must be electricity, water or heat (got \"%1\")").arg(key));
    return u;
}

ConsumptionGroup groupParam(CallContext& c, const QString& fallback)
{
    const QString key = c.params.optString("group", fallback);
    const auto g = parseConsumptionGroup(key);
    if (!g)
        bad("group", Tr::tr("must be meter, room, building or utility (got \"%1\")").arg(key));
    return *g;
}

// The rollup's days are the office's: consumption reports take no time_zone.
ReportPeriod officePeriodParams(CallContext& c, qint64 maxDays)
{
    if (c.params.has("time_zone"))
        bad("time_zone", Tr::tr("consumption is rolled up by the office's days; a time zone cannot be chosen"));
    return periodParams(c, maxDays);
}

QJsonValue consumption(CallContext& c)
{
    ConsumptionQuery q;
    const QString g = c.params.optString("granularity", QStringLiteral("month"));
    const auto granularity = parseGranularity(g);
    if (!granularity)
        bad("granularity", Tr::tr("must be day, month or year (got \"%1\")").arg(g));
    q.granularity = *granularity;
    const ReportPeriod p = officePeriodParams(c, q.granularity == Granularity::Day ? 3660 : 36525);
    q.from = p.from;
    q.to = p.to;
    q.group = groupParam(c, QStringLiteral("meter"));
    q.utility = utilityParam(c);
    return rendered(c, consumptionReport(c.service.db(), q));
}

QJsonValue compare(CallContext& c)
{
    CompareQuery q;
    const QString figure = c.params.optString("figure", QStringLiteral("consumption"));
    if (figure == u"consumption") {
        q.figure = CompareFigure::Consumption;
        q.period = officePeriodParams(c, 36525);
        q.group = groupParam(c, QStringLiteral("utility"));
        q.utility = utilityParam(c);
    } else if (figure == u"sales") {
        q.figure = CompareFigure::Sales;
        q.period = periodParams(c);
    } else {
        bad("figure", Tr::tr("must be consumption or sales (got \"%1\")").arg(figure));
    }
    return rendered(c, compareReport(c.service.db(), q));
}

QJsonValue alarms(CallContext& c)
{
    const AlarmHistory h = alarmHistoryReport(c.service.db(), periodParams(c));
    QJsonObject o = rendered(c, h.events);
    QJsonObject commands = toJson(h.commands);
    if (c.params.optBool("csv", false))
        commands.insert(QStringLiteral("csv"), QString::fromUtf8(toCsv(h.commands)));
    o.insert(QStringLiteral("relay_commands"), commands);
    return o;
}

// One meter's raw readings (refused ones too), a page at a time: the office days from..to,
// registers as decimal strings of the meter's unit.
QJsonValue meterReadingsMethod(CallContext& c)
{
    MeterReadingsQuery q;
    q.meter = MeterId{c.params.integer("meter")};
    const ReportPeriod p = periodParams(c, 366);
    q.fromMs = p.startMs();
    q.toMs = p.endMs();
    const qint64 limit = c.params.optInteger("limit").value_or(2000);
    if (limit < 1 || limit > kMaxMeterReadingsPage)
        bad("limit", Tr::tr("must be 1 to %1 (got %2)").arg(kMaxMeterReadingsPage).arg(limit));
    q.limit = int(limit);
    if (const QString after = c.params.optString("after"); !after.isEmpty()) {
        const QDateTime t = QDateTime::fromString(after, Qt::ISODateWithMs);
        if (!t.isValid() || t.timeSpec() == Qt::LocalTime)
            bad("after", Tr::tr("the \"next\" of the previous page is required (got \"%1\")").arg(after));
        q.afterMs = t.toMSecsSinceEpoch();
    }
    const auto page = meterReadings(c.service.db(), q);
    if (!page)
        throw ApiError(MeterNotFound, Tr::tr("There is no meter %1").arg(q.meter.v));
    static const char* const kRegisters[] = {"total", "sharp", "peak", "flat", "valley"};
    static const std::pair<ReadingFlag, const char*> kFlags[] = {
        {ReadingFlag::Baseline, "baseline"},     {ReadingFlag::Billed, "billed"},
        {ReadingFlag::Anomaly, "anomaly"},       {ReadingFlag::CounterReset, "counter-reset"},
        {ReadingFlag::Unassigned, "unassigned"}, {ReadingFlag::NotBilled, "not-billed"},
        {ReadingFlag::BatteryLow, "battery-low"}};
    QJsonArray rows;
    for (const MeterReadingRow& r : page->rows) {
        QJsonObject o{{QStringLiteral("id"), r.id}, {QStringLiteral("at"), isoUtc(r.atMs)}};
        for (size_t i = 0; i < r.registers.size(); ++i) {
            const auto& v = r.registers[i];
            o.insert(QLatin1String(kRegisters[i]),
                     v ? QJsonValue(Quantity::fromMilli(*v, page->unit).toString()) : QJsonValue());
        }
        QJsonArray flags;
        for (const auto& [flag, key] : kFlags) {
            if (r.flags & qint64(flag))
                flags.append(QLatin1String(key));
        }
        o.insert(QStringLiteral("switch"), r.switchState);
        o.insert(QStringLiteral("meter_balance"),
                 r.meterBalanceFen ? QJsonValue(yuan(Money::fromFen(*r.meterBalanceFen))) : QJsonValue());
        o.insert(QStringLiteral("purchase_count"), r.purchaseCount ? QJsonValue(*r.purchaseCount) : QJsonValue());
        o.insert(QStringLiteral("flags"), flags);
        o.insert(QStringLiteral("reason"), r.reason);
        o.insert(QStringLiteral("transaction"), r.txId ? QJsonValue(*r.txId) : QJsonValue());
        rows.append(o);
    }
    return QJsonObject{{QStringLiteral("meter"), q.meter.v},
                       {QStringLiteral("unit"), unitKey(page->unit)},
                       {QStringLiteral("readings"), rows},
                       {QStringLiteral("next"), page->next ? QJsonValue(isoUtc(*page->next)) : QJsonValue()}};
}

const MethodDef kMethods[] = {
    {"report.sales", &sales},
    {"report.account_ledger", &accountLedger},
    {"report.shift", &shift},
    {"report.arrears", &arrears},
    {"report.reconcile", &reconcileMethod},
    {"report.consumption", &consumption},
    {"report.compare", &compare},
    {"report.alarms", &alarms},
    {"meter.readings", &meterReadingsMethod},
};

} // namespace

std::span<const MethodDef> reportMethods()
{
    return kMethods;
}

} // namespace md::api

#include "report/rollup_check.h"

#include "billing/reading.h"
#include "collection/plausibility.h"
#include "ledger/wallet_daily.h"
#include "money/utility.h"
#include "rollup/monthly_rollups.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDateTime>
#include <QMap>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::RollupCheck)
};

struct Day
{
    qint64 firstAt = 0;
    qint64 lastAt = 0;
    std::optional<qint64> firstTotal;
    std::optional<qint64> lastTotal;
    std::array<qint64, 5> used{};
    qint64 readings = 0;
    qint64 anomalies = 0;
    bool hasValues = false;
};

QString optText(const std::optional<qint64>& v)
{
    return v ? QString::number(*v) : QStringLiteral("NULL");
}

const char* const kFields[] = {"first_at_ms", "last_at_ms", "first_total_milli", "last_total_milli",
                               "used_total_milli", "used_sharp_milli", "used_peak_milli", "used_flat_milli",
                               "used_valley_milli", "reading_count", "anomaly_count"};

std::array<std::optional<qint64>, 11> fieldsOf(const Day& d)
{
    return {d.firstAt, d.lastAt, d.firstTotal, d.lastTotal, d.used[0], d.used[1], d.used[2], d.used[3], d.used[4],
            d.readings, d.anomalies};
}

} // namespace

RollupCheck verifyRollups(storage::Database& db, const QTimeZone& officeZone)
{
    RollupCheck out;
    struct MeterRow
    {
        qint64 id;
        QString nameplate;
        Unit unit;
        qint64 maxRate;
    };
    QList<MeterRow> meters;
    {
        storage::SqlQuery m(db, QStringLiteral("SELECT id, nameplate, utility, max_rate FROM meters ORDER BY id"));
        m.exec();
        while (m.next()) {
            const auto u = parseUtility(m.stringValue(2));
            meters.append({m.intValue(0), m.stringValue(1), defaultUnit(u.value_or(Utility::Electricity)), m.intValue(3)});
        }
    }
    // Rollup rows of meters no longer in the registry are compared too (as meters without readings).
    {
        storage::SqlQuery orphans(db, QStringLiteral("SELECT DISTINCT meter_id FROM meter_daily WHERE meter_id NOT IN "
                                                     "(SELECT id FROM meters)"));
        orphans.exec();
        while (orphans.next())
            meters.append({orphans.intValue(0), QString(), Unit::KilowattHour, 0});
    }
    storage::SqlQuery readings(db, QStringLiteral("SELECT at_ms, total_milli, sharp_milli, peak_milli, flat_milli, "
                                                  "valley_milli FROM readings WHERE meter_id = ? ORDER BY id"));
    storage::SqlQuery stored(db, QStringLiteral("SELECT day, first_at_ms, last_at_ms, first_total_milli, last_total_milli, "
                                                "used_total_milli, used_sharp_milli, used_peak_milli, used_flat_milli, "
                                                "used_valley_milli, reading_count, anomaly_count FROM meter_daily "
                                                "WHERE meter_id = ?"));
    for (const MeterRow& meter : std::as_const(meters)) {
        ++out.meters;
        QMap<QString, Day> days;
        std::optional<ReadingSet> lastGood;
        readings.bind(meter.id);
        readings.exec();
        while (readings.next()) {
            ++out.readings;
            const qint64 at = readings.intValue(0);
            ReadingSet set;
            set.utc = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
            for (int i = 0; i < 5; ++i) {
                if (const auto v = readings.optionalInt(1 + i))
                    set.values.insert(kAllRegisters[i], Quantity::fromMilli(*v, meter.unit));
            }
            Day& d = days[set.utc.toTimeZone(officeZone).date().toString(Qt::ISODate)];
            d.readings += 1;
            if (set.values.isEmpty())
                continue; // never stored by the ingestor; counted, so a stray row shows
            const Plausibility check = Plausibility::check(lastGood, set, meter.maxRate);
            if (check.isAnomaly() && check.verdict != Plausibility::Verdict::CounterReset) {
                d.anomalies += 1;
                if (d.firstAt == 0)
                    d.firstAt = d.lastAt = at;
                continue;
            }
            if (check.verdict == Plausibility::Verdict::Ok) {
                for (auto it = set.values.cbegin(); it != set.values.cend(); ++it) {
                    const auto before = lastGood->values.constFind(it.key());
                    if (before != lastGood->values.cend())
                        d.used[size_t(it.key())] += it->milli() - before->milli();
                }
            }
            const auto total = set.values.constFind(Register::Total);
            const std::optional<qint64> totalMilli =
                total == set.values.cend() ? std::nullopt : std::optional<qint64>(total->milli());
            const bool first = !d.hasValues;
            d.hasValues = true;
            if (first || at < d.firstAt) {
                d.firstAt = at;
                d.firstTotal = totalMilli;
            }
            if (first || at >= d.lastAt) {
                d.lastAt = at;
                d.lastTotal = totalMilli;
            }
            lastGood = set;
        }
        QMap<QString, Day> rows;
        stored.bind(meter.id);
        stored.exec();
        while (stored.next()) {
            Day d;
            d.firstAt = stored.intValue(1);
            d.lastAt = stored.intValue(2);
            d.firstTotal = stored.optionalInt(3);
            d.lastTotal = stored.optionalInt(4);
            for (int i = 0; i < 5; ++i)
                d.used[size_t(i)] = stored.intValue(5 + i);
            d.readings = stored.intValue(10);
            d.anomalies = stored.intValue(11);
            rows.insert(stored.stringValue(0), d);
        }
        QStringList allDays = days.keys();
        for (const QString& k : rows.keys()) {
            if (!days.contains(k))
                allDays.append(k);
        }
        std::sort(allDays.begin(), allDays.end());
        for (const QString& day : std::as_const(allDays)) {
            ++out.days;
            const auto want = days.constFind(day);
            const auto have = rows.constFind(day);
            RollupMismatch m{meter.id, meter.nameplate, day, QString()};
            if (have == rows.cend()) {
                m.problem = Tr::tr("no rollup row; the readings give %1 readings, %2 used").arg(want->readings).arg(want->used[0]);
            } else if (want == days.cend()) {
                m.problem = Tr::tr("a rollup row without readings (%1 readings, %2 used)").arg(have->readings).arg(have->used[0]);
            } else {
                const auto a = fieldsOf(*have);
                const auto b = fieldsOf(*want);
                QStringList diffs;
                for (size_t i = 0; i < a.size(); ++i) {
                    if (a[i] != b[i])
                        diffs.append(Tr::tr("%1 stored %2, recomputed %3")
                                         .arg(QLatin1String(kFields[i]), optText(a[i]), optText(b[i])));
                }
                m.problem = diffs.join(QStringLiteral("; "));
            }
            if (!m.problem.isEmpty())
                out.mismatches.append(m);
        }
    }
    return out;
}

WalletRollupCheck verifyWalletRollups(storage::Database& db)
{
    WalletRollupCheck out;
    const std::optional<QByteArray> zoneId = walletDailyZone(db);
    if (!zoneId) {
        out.mismatches.append({0, QString(), QString(), Tr::tr("wallet_daily records no time zone (counters row %1)")
                                                            .arg(QLatin1String(kWalletDailyZoneCounter))});
        return out;
    }
    out.zone = *zoneId;
    const QTimeZone zone(*zoneId);
    if (!zone.isValid()) {
        out.mismatches.append({0, QString(), QString(), Tr::tr("wallet_daily records an unknown time zone \"%1\"")
                                                            .arg(QString::fromUtf8(*zoneId))});
        return out;
    }
    QMap<qint64, QString> names;
    {
        storage::SqlQuery q(db, QStringLiteral("SELECT id, name FROM ledger_accounts"));
        q.exec();
        while (q.next())
            names.insert(q.intValue(0), q.stringValue(1));
    }
    out.accounts = names.size();
    const auto compare = [&](const QList<WalletDayRow>& stored, const QList<WalletDayRow>& recomputed) {
        QMap<std::pair<qint64, QString>, std::pair<const WalletDayRow*, const WalletDayRow*>> both;
        for (const WalletDayRow& r : stored)
            both[{r.ledgerAccountId, r.day}].first = &r;
        for (const WalletDayRow& r : recomputed)
            both[{r.ledgerAccountId, r.day}].second = &r;
        out.days += both.size();
        for (auto it = both.cbegin(); it != both.cend(); ++it) {
            const auto [mine, truth] = it.value();
            QString problem;
            if (!truth)
                problem = Tr::tr("a stored row for a day without postings");
            else if (!mine)
                problem = Tr::tr("no stored row for a day with %n posting(s)", nullptr, int(truth->postings));
            else if (!(*mine == *truth))
                problem = Tr::tr("stored vs recomputed: %1").arg(mine->differences(*truth));
            if (!problem.isEmpty())
                out.mismatches.append({it.key().first, names.value(it.key().first), it.key().second, problem});
        }
    };
    qint64 next = 0; // rows of accounts outside every recomputed range (none with postings)
    recomputeWalletDaily(db, zone, [&](qint64 firstId, qint64 lastId, const QList<WalletDayRow>& rows) {
        if (firstId > next)
            compare(storedWalletDaily(db, next, firstId - 1), {});
        compare(storedWalletDaily(db, firstId, lastId), rows);
        next = lastId + 1;
    });
    compare(storedWalletDaily(db, next, std::numeric_limits<qint64>::max()), {});
    return out;
}

namespace {

// Compares two lists of monthly rows ordered by (id, month).
void compareMonthly(const QString& table, const QList<const char*>& fields, const QList<MonthlyRow>& stored,
                    const QList<MonthlyRow>& summed, qint64& compared, QList<MonthlyRollupMismatch>& out)
{
    QMap<std::pair<qint64, QString>, std::pair<const MonthlyRow*, const MonthlyRow*>> both;
    for (const MonthlyRow& r : stored)
        both[{r.id, r.month}].first = &r;
    for (const MonthlyRow& r : summed)
        both[{r.id, r.month}].second = &r;
    compared += both.size();
    for (auto it = both.cbegin(); it != both.cend(); ++it) {
        const auto [mine, truth] = it.value();
        QString problem;
        if (!truth) {
            problem = Tr::tr("a stored month without daily rows");
        } else if (!mine) {
            problem = Tr::tr("no stored row for a month with daily rows");
        } else {
            QStringList diffs;
            const qsizetype n = std::min(mine->values.size(), truth->values.size());
            for (qsizetype i = 0; i < n; ++i) {
                const std::optional<qint64>& a = mine->values.at(i);
                const std::optional<qint64>& b = truth->values.at(i);
                if (a != b)
                    diffs.append(Tr::tr("%1 stored %2, summed from the days %3")
                                     .arg(QLatin1String(fields.value(i)), optText(a), optText(b)));
            }
            problem = diffs.join(QStringLiteral("; "));
        }
        if (!problem.isEmpty())
            out.append({table, it.key().first, it.key().second, problem});
    }
}

} // namespace

MonthlyRollupCheck verifyMonthlyRollups(storage::Database& db)
{
    MonthlyRollupCheck out;
    compareMonthly(QStringLiteral("meter_monthly"), kMeterMonthlyFields, storedMeterMonthly(db), meterMonthlyFromDaily(db),
                   out.meterMonths, out.mismatches);
    compareMonthly(QStringLiteral("wallet_monthly"), kWalletMonthlyFields, storedWalletMonthly(db),
                   walletMonthlyFromDaily(db), out.walletMonths, out.mismatches);
    return out;
}

} // namespace md::report

#include "report/consumption_report.h"

#include "ledger/channel.h"
#include "property/property_store.h"
#include "report/rollup_span.h"
#include "report/sales_report.h"
#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QHash>
#include <QMap>

#include <algorithm>
#include <array>
#include <functional>
#include <numeric>
#include <vector>

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::ConsumptionReport)
};

constexpr std::array<const char*, 5> kRegisterKeys = {"total", "sharp", "peak", "flat", "valley"};

int bucketChars(Granularity g)
{
    switch (g) {
    case Granularity::Day:
        return 10;
    case Granularity::Month:
        return 7;
    case Granularity::Year:
        break;
    }
    return 4;
}

struct Sums
{
    QString labels[3];
    std::array<qint64, 5> used{};
    qint64 readings = 0;
};

} // namespace

std::optional<ConsumptionGroup> parseConsumptionGroup(QStringView key)
{
    for (ConsumptionGroup g : {ConsumptionGroup::Meter, ConsumptionGroup::Room, ConsumptionGroup::Building,
                               ConsumptionGroup::Utility}) {
        if (consumptionGroupKey(g) == key)
            return g;
    }
    return std::nullopt;
}

QString consumptionGroupKey(ConsumptionGroup g)
{
    switch (g) {
    case ConsumptionGroup::Meter:
        return QStringLiteral("meter");
    case ConsumptionGroup::Room:
        return QStringLiteral("room");
    case ConsumptionGroup::Building:
        return QStringLiteral("building");
    case ConsumptionGroup::Utility:
        break;
    }
    return QStringLiteral("utility");
}

namespace {

struct MeterInfo
{
    QString utility;
    QString labels[3][3]; // per group: up to three label columns
    qint64 ids[3] = {0, 0, 0}; // meter, room (0: none), building (0: none)
};

// Every meter with its room and building (a few thousand rows at most).
QHash<qint64, MeterInfo> meterInfos(storage::Database& db)
{
    const QHash<qint64, QString> paths = PropertyStore(db).roomPaths();
    QHash<qint64, MeterInfo> out;
    storage::bulk::selectRows(db,
                              QStringLiteral("SELECT m.id, m.utility, m.nameplate, m.room_id, r.code, r.name, b.id, b.name "
                                             "FROM meters m LEFT JOIN rooms r ON r.id = m.room_id "
                                             "LEFT JOIN units un ON un.id = r.unit_id "
                                             "LEFT JOIN buildings b ON b.id = un.building_id"),
                              {}, [&](const storage::bulk::Row& m) {
                                  MeterInfo& i = out[m.intValue(0)];
                                  i.utility = m.stringValue(1);
                                  i.ids[0] = m.intValue(0);
                                  i.ids[1] = m.optionalInt(3).value_or(0);
                                  i.ids[2] = m.optionalInt(6).value_or(0);
                                  i.labels[0][0] = m.stringValue(2);
                                  i.labels[0][1] = paths.value(i.ids[1]);
                                  i.labels[1][0] = i.labels[0][1];
                                  i.labels[1][1] = m.stringValue(5);
                                  i.labels[1][2] = m.stringValue(7);
                                  i.labels[2][0] = i.labels[1][2];
                              });
    return out;
}

// The rollup summed per meter and bucket over meter_daily or meter_monthly alone (no joins per
// row; the groups are made from meterInfos() afterwards): the columns are meter, bucket, the
// five registers, readings. An empty bucket: one sum per meter over the range. `monthly`: the
// range is months ('YYYY-MM') of meter_monthly, else days of meter_daily.
QString perMeterSql(int chars, bool monthly, bool utility)
{
    const QString key = monthly ? QStringLiteral("d.month") : QStringLiteral("d.day");
    if (!monthly && chars == 10) {
        // By day: meter_daily has one row a meter and day already (its key), so the rows are
        // read as they are; a GROUP BY would only sort them (a temporary B-tree on SQLite, a
        // filesort on MariaDB: ~70 and ~175 ms of a month of 1,000 meters).
        return QStringLiteral("SELECT d.meter_id, d.day, d.used_total_milli, d.used_sharp_milli, d.used_peak_milli, "
                              "d.used_flat_milli, d.used_valley_milli, d.reading_count FROM meter_daily d "
                              "WHERE d.day >= ? AND d.day <= ?%1")
            .arg(utility ? QStringLiteral(" AND d.meter_id IN (SELECT id FROM meters WHERE utility = ?)") : QString());
    }
    const QString bucket = chars > 0 ? QStringLiteral("SUBSTR(%1, 1, %2)").arg(key).arg(chars) : QString();
    return QStringLiteral("SELECT d.meter_id, %1, SUM(d.used_total_milli), SUM(d.used_sharp_milli), "
                          "SUM(d.used_peak_milli), SUM(d.used_flat_milli), SUM(d.used_valley_milli), "
                          "SUM(d.reading_count) FROM %2 d WHERE %3 >= ? AND %3 <= ?%4 "
                          "GROUP BY d.meter_id%5")
        .arg(bucket.isEmpty() ? QStringLiteral("''") : bucket, monthly ? QStringLiteral("meter_monthly") : QStringLiteral("meter_daily"),
             key, utility ? QStringLiteral(" AND d.meter_id IN (SELECT id FROM meters WHERE utility = ?)") : QString(),
             bucket.isEmpty() ? QString() : QStringLiteral(", ") + bucket);
}

// The per-meter sums of from..to, bucketed by the first `chars` characters of the day (0:
// none): whole months from meter_monthly, the days around them from meter_daily (buckets of
// days, 10 characters, read days only). A meter and bucket may come in up to three rows (a year
// bucket: its edge days and its whole months); the caller adds them up.
void forEachPerMeterSum(storage::Database& db, const QDate& from, const QDate& to, int chars,
                        std::optional<Utility> utility, const std::function<void(const storage::bulk::Row&)>& onRow)
{
    const RollupSpan span = rollupSpan(from, to, chars != 10);
    const auto run = [&](bool monthly, const QString& first, const QString& last) {
        QList<QVariant> values{first, last};
        if (utility)
            values.append(utilityKey(*utility));
        storage::bulk::selectRows(db, perMeterSql(chars, monthly, utility.has_value()), values, onRow);
    };
    for (const auto& [first, last] : span.dayRanges)
        run(false, first, last);
    if (span.hasMonths())
        run(true, span.firstMonth, span.lastMonth);
}

} // namespace

ReportTable consumptionReport(storage::Database& db, const ConsumptionQuery& q)
{
    ReadSnapshot snapshot(db);
    const QHash<qint64, MeterInfo> infos = meterInfos(db);
    const int g = int(q.group); // Meter, Room, Building: 0, 1, 2
    // (period, group id, utility) -> sums, with the period and utility texts interned: a month
    // by day of every meter is ~30,000 rows, and a map keyed by two strings per row cost more
    // than reading them. Sorted by period, then group, then utility afterwards.
    QHash<QString, int> periodIndex;
    QStringList periods;
    QHash<QString, int> utilityIndex;
    QStringList utilities;
    const auto intern = [](QHash<QString, int>& index, QStringList& names, const QString& text) {
        const auto it = index.constFind(text);
        if (it != index.cend())
            return *it;
        names.append(text);
        return *index.insert(text, int(names.size() - 1));
    };
    QHash<std::pair<qint64, qint64>, Sums> buckets; // (group id, period index × 16 + utility index)
    QMap<QString, qint64> perUtility;
    forEachPerMeterSum(db, q.from, q.to, bucketChars(q.granularity), q.utility, [&](const storage::bulk::Row& rows) {
        const auto info = infos.constFind(rows.intValue(0));
        if (info == infos.cend())
            return; // a meter removed from the registry
        const qint64 id = q.group == ConsumptionGroup::Utility ? 0 : info->ids[g];
        const int period = intern(periodIndex, periods, rows.stringValue(1));
        const int utility = intern(utilityIndex, utilities, info->utility);
        Sums& s = buckets[{id, qint64(period) * 16 + utility}];
        if (q.group != ConsumptionGroup::Utility && s.labels[0].isNull()) {
            for (int i = 0; i < 3; ++i)
                s.labels[i] = info->labels[g][i];
        }
        const qint64 total = rows.intValue(2);
        s.used[0] += total;
        for (int i = 1; i < 5; ++i)
            s.used[size_t(i)] += rows.intValue(2 + i);
        s.readings += rows.intValue(7);
        perUtility[info->utility] += total;
    });
    Q_ASSERT(utilities.size() <= 16); // electricity, water, heat
    // Ranks of the interned texts in their sort order, then the buckets in the report's order.
    const auto ranks = [](const QStringList& names) {
        QList<int> order(names.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](int a, int b) { return names.at(a) < names.at(b); });
        QList<int> rank(names.size());
        for (int r = 0; r < order.size(); ++r)
            rank[order.at(r)] = r;
        return rank;
    };
    const QList<int> periodRank = ranks(periods);
    const QList<int> utilityRank = ranks(utilities);
    struct Bucket
    {
        int period;
        qint64 id;
        int utility;
        const Sums* sums;
    };
    std::vector<Bucket> sorted;
    sorted.reserve(size_t(buckets.size()));
    for (auto it = buckets.cbegin(); it != buckets.cend(); ++it)
        sorted.push_back({int(it.key().second / 16), it.key().first, int(it.key().second % 16), &it.value()});
    std::sort(sorted.begin(), sorted.end(), [&](const Bucket& a, const Bucket& b) {
        return std::tuple(periodRank.at(a.period), a.id, utilityRank.at(a.utility))
               < std::tuple(periodRank.at(b.period), b.id, utilityRank.at(b.utility));
    });

    const bool summed = q.utility.has_value();
    ReportTable table(QStringLiteral("consumption"), Tr::tr("Consumption"));
    table.addColumn(QStringLiteral("period"), Tr::tr("Period"), ColumnType::Text);
    switch (q.group) {
    case ConsumptionGroup::Meter:
        table.addColumn(QStringLiteral("meter"), Tr::tr("Meter ID"), ColumnType::Integer);
        table.addColumn(QStringLiteral("nameplate"), Tr::tr("Meter"), ColumnType::Text);
        table.addColumn(QStringLiteral("room"), Tr::tr("Room"), ColumnType::Text);
        break;
    case ConsumptionGroup::Room:
        table.addColumn(QStringLiteral("room"), Tr::tr("Room"), ColumnType::Text);
        table.addColumn(QStringLiteral("room_name"), Tr::tr("Room name"), ColumnType::Text);
        table.addColumn(QStringLiteral("building_name"), Tr::tr("Building"), ColumnType::Text);
        break;
    case ConsumptionGroup::Building:
        table.addColumn(QStringLiteral("building"), Tr::tr("Building ID"), ColumnType::Integer);
        table.addColumn(QStringLiteral("building_name"), Tr::tr("Building"), ColumnType::Text);
        break;
    case ConsumptionGroup::Utility:
        break;
    }
    table.addColumn(QStringLiteral("utility"), Tr::tr("Utility"), ColumnType::Text);
    const QString headers[5] = {Tr::tr("Total"), Tr::tr("Sharp"), Tr::tr("Peak"), Tr::tr("Flat"), Tr::tr("Valley")};
    for (int i = 0; i < 5; ++i)
        table.addColumn(QLatin1String(kRegisterKeys[size_t(i)]), headers[i], ColumnType::Quantity, summed);
    table.addColumn(QStringLiteral("readings"), Tr::tr("Readings"), ColumnType::Integer, true);

    const auto column = [&](const char* key) { return table.columnIndex(QLatin1String(key)); };
    const int periodCol = column("period");
    const int utilityCol = column("utility");
    const int readingsCol = column("readings");
    int labelCols[3] = {-1, -1, -1};
    int idCol = -1;
    switch (q.group) {
    case ConsumptionGroup::Meter:
        idCol = column("meter");
        labelCols[0] = column("nameplate");
        labelCols[1] = column("room");
        break;
    case ConsumptionGroup::Room:
        labelCols[0] = column("room");
        labelCols[1] = column("room_name");
        labelCols[2] = column("building_name");
        break;
    case ConsumptionGroup::Building:
        idCol = column("building");
        labelCols[0] = column("building_name");
        break;
    case ConsumptionGroup::Utility:
        break;
    }
    int registerCols[5];
    for (int i = 0; i < 5; ++i)
        registerCols[i] = column(kRegisterKeys[size_t(i)]);
    for (const Bucket& b : sorted) {
        const Sums& s = *b.sums;
        const int r = table.appendRow();
        table.set(r, periodCol, Cell::text(periods.at(b.period)));
        // A building's id 0 (meters in no building) is left empty, as its name says so.
        if (idCol >= 0 && (q.group == ConsumptionGroup::Meter || b.id != 0))
            table.set(r, idCol, Cell::integer(b.id));
        for (int i = 0; i < 3; ++i) {
            if (labelCols[i] >= 0)
                table.set(r, labelCols[i], Cell::text(s.labels[i]));
        }
        table.set(r, utilityCol, Cell::text(utilities.at(b.utility)));
        for (int i = 0; i < 5; ++i)
            table.set(r, registerCols[i], Cell::quantityMilli(s.used[size_t(i)]));
        table.set(r, readingsCol, Cell::integer(s.readings));
    }
    table.computeTotals(Tr::tr("Total"));
    table.addSummary(QStringLiteral("from"), Tr::tr("From"), ColumnType::Date, Cell::date(q.from));
    table.addSummary(QStringLiteral("to"), Tr::tr("To"), ColumnType::Date, Cell::date(q.to));
    table.addSummary(QStringLiteral("group"), Tr::tr("Grouped by"), ColumnType::Text,
                     Cell::text(consumptionGroupKey(q.group)));
    for (Utility u : {Utility::Electricity, Utility::Water, Utility::Heat}) {
        table.addSummary(QStringLiteral("total_") + utilityKey(u), Tr::tr("Total %1").arg(utilityName(u)),
                         ColumnType::Quantity, Cell::quantityMilli(perUtility.value(utilityKey(u))));
    }
    return table;
}

namespace {

// consumptionTotals() with the meters' groups and labels already read.
QMap<std::pair<qint64, QString>, GroupValue> groupTotals(storage::Database& db, const QHash<qint64, MeterInfo>& infos,
                                                         const QDate& from, const QDate& to, ConsumptionGroup group,
                                                         std::optional<Utility> utility)
{
    const int g = int(group);
    QMap<std::pair<qint64, QString>, GroupValue> out;
    forEachPerMeterSum(db, from, to, 0, utility, [&](const storage::bulk::Row& rows) {
        const auto info = infos.constFind(rows.intValue(0));
        if (info == infos.cend())
            return;
        const bool byUtility = group == ConsumptionGroup::Utility;
        GroupValue& v = out[{byUtility ? 0 : info->ids[g], info->utility}];
        if (!byUtility)
            v.label = info->labels[g][0];
        v.value += rows.intValue(2);
    });
    return out;
}

} // namespace

QMap<std::pair<qint64, QString>, GroupValue> consumptionTotals(storage::Database& db, const QDate& from,
                                                               const QDate& to, ConsumptionGroup group,
                                                               std::optional<Utility> utility)
{
    return groupTotals(db, meterInfos(db), from, to, group, utility);
}

QString percentChange(qint64 before, qint64 now)
{
    if (before == 0)
        return QString();
    // Basis points of the change, rounded half away from zero, all in integers (|values| are
    // far below 2^63 / 10000: a century of a large site in milli-units or fen).
    const qint64 change = now - before;
    const qint64 num = (change < 0 ? -change : change) * 10000;
    const qint64 den = before < 0 ? -before : before;
    qint64 magnitude = num / den;
    if ((num % den) * 2 >= den)
        ++magnitude;
    const bool negative = change < 0 && magnitude != 0; // relative to |before|: the sign of the change
    const qint64 bp = negative ? -magnitude : magnitude;
    const qint64 abs = bp < 0 ? -bp : bp;
    return QStringLiteral("%1%2.%3")
        .arg(bp < 0 ? QStringLiteral("-") : QString())
        .arg(abs / 100)
        .arg(abs % 100, 2, 10, QLatin1Char('0'));
}

namespace {

bool wholeMonths(const ReportPeriod& p)
{
    return p.from.day() == 1 && p.to.addDays(1).day() == 1;
}

qint64 monthsSpanned(const ReportPeriod& p)
{
    return qint64(p.to.year() - p.from.year()) * 12 + (p.to.month() - p.from.month()) + 1;
}

} // namespace

ReportPeriod previousPeriod(const ReportPeriod& p)
{
    ReportPeriod prev = p;
    if (wholeMonths(p)) {
        const int n = int(monthsSpanned(p));
        prev.from = p.from.addMonths(-n);
        prev.to = p.from.addDays(-1);
    } else {
        const qint64 days = p.from.daysTo(p.to) + 1;
        prev.to = p.from.addDays(-1);
        prev.from = p.from.addDays(-days);
    }
    return prev;
}

ReportPeriod lastYearPeriod(const ReportPeriod& p)
{
    ReportPeriod y = p;
    y.from = p.from.addYears(-1);
    // A period that ends on the last day of February ends on last year's last day of February.
    y.to = wholeMonths(p) ? p.to.addDays(1).addYears(-1).addDays(-1) : p.to.addYears(-1);
    return y;
}

ReportTable compareReport(storage::Database& db, const CompareQuery& q)
{
    ReadSnapshot snapshot(db);
    const ReportPeriod prev = previousPeriod(q.period);
    const ReportPeriod lastYear = lastYearPeriod(q.period);

    struct Line
    {
        QString group;  // the group's label (sales: the figure's key)
        QString utility;
        qint64 id = 0;
        qint64 values[3] = {0, 0, 0}; // now, previous, last year
    };
    QList<Line> lines;
    const bool sales = q.figure == CompareFigure::Sales;
    if (sales) {
        const ReportPeriod periods[3] = {q.period, prev, lastYear};
        QStringList keys;
        for (Channel c : kAllChannels)
            keys.append(channelKey(c));
        keys << QStringLiteral("sales") << QStringLiteral("refunds") << QStringLiteral("corrections")
             << QStringLiteral("net");
        for (const QString& k : std::as_const(keys))
            lines.append(Line{k, QString(), 0, {0, 0, 0}});
        for (int i = 0; i < 3; ++i) {
            const ReportTable t = salesReport(db, {periods[i], Granularity::Year, false, std::nullopt});
            for (Line& l : lines)
                l.values[i] = t.totalMoney(l.group).fen();
        }
    } else {
        QMap<std::pair<qint64, QString>, Line> byGroup;
        const ReportPeriod periods[3] = {q.period, prev, lastYear};
        const QHash<qint64, MeterInfo> infos = meterInfos(db); // once for the three periods
        for (int i = 0; i < 3; ++i) {
            const auto totals = groupTotals(db, infos, periods[i].from, periods[i].to, q.group, q.utility);
            for (auto it = totals.cbegin(); it != totals.cend(); ++it) {
                Line& l = byGroup[it.key()];
                l.id = it.key().first;
                l.utility = it.key().second;
                if (l.group.isEmpty())
                    l.group = it->label;
                l.values[i] = it->value;
            }
        }
        lines = byGroup.values();
    }

    const ColumnType type = sales ? ColumnType::Money : ColumnType::Quantity;
    const bool summed = !sales && q.utility.has_value(); // kWh and m3 do not add up
    ReportTable table(QStringLiteral("compare"), Tr::tr("Year-on-year and period-on-period comparison"));
    if (sales) {
        table.addColumn(QStringLiteral("figure"), Tr::tr("Figure"), ColumnType::Text);
    } else {
        table.addColumn(QStringLiteral("group"), Tr::tr("Group"), ColumnType::Text);
        if (q.group != ConsumptionGroup::Utility)
            table.addColumn(QStringLiteral("id"), Tr::tr("ID"), ColumnType::Integer);
        table.addColumn(QStringLiteral("utility"), Tr::tr("Utility"), ColumnType::Text);
    }
    table.addColumn(QStringLiteral("current"), Tr::tr("This period"), type, summed);
    table.addColumn(QStringLiteral("previous"), Tr::tr("Previous period"), type, summed);
    table.addColumn(QStringLiteral("change"), Tr::tr("Change"), type, summed);
    table.addColumn(QStringLiteral("change_percent"), Tr::tr("Change %"), ColumnType::Text);
    table.addColumn(QStringLiteral("last_year"), Tr::tr("Same period last year"), type, summed);
    table.addColumn(QStringLiteral("yoy_change"), Tr::tr("Change on last year"), type, summed);
    table.addColumn(QStringLiteral("yoy_percent"), Tr::tr("Change on last year %"), ColumnType::Text);
    const auto setOptionalText = [&](int r, const QString& k, const QString& v) {
        if (!v.isEmpty())
            table.set(r, k, Cell::text(v));
    };
    for (const Line& l : std::as_const(lines)) {
        const int r = table.appendRow();
        if (sales) {
            table.set(r, QStringLiteral("figure"), Cell::text(l.group));
        } else {
            table.set(r, QStringLiteral("group"), Cell::text(q.group == ConsumptionGroup::Utility ? l.utility : l.group));
            if (q.group != ConsumptionGroup::Utility && l.id != 0)
                table.set(r, QStringLiteral("id"), Cell::integer(l.id));
            table.set(r, QStringLiteral("utility"), Cell::text(l.utility));
        }
        table.set(r, QStringLiteral("current"), Cell::integer(l.values[0]));
        table.set(r, QStringLiteral("previous"), Cell::integer(l.values[1]));
        table.set(r, QStringLiteral("change"), Cell::integer(l.values[0] - l.values[1]));
        setOptionalText(r, QStringLiteral("change_percent"), percentChange(l.values[1], l.values[0]));
        table.set(r, QStringLiteral("last_year"), Cell::integer(l.values[2]));
        table.set(r, QStringLiteral("yoy_change"), Cell::integer(l.values[0] - l.values[2]));
        setOptionalText(r, QStringLiteral("yoy_percent"), percentChange(l.values[2], l.values[0]));
    }
    table.computeTotals(Tr::tr("Total"));
    table.addSummary(QStringLiteral("figure"), Tr::tr("Figure"), ColumnType::Text,
                     Cell::text(sales ? QStringLiteral("sales") : QStringLiteral("consumption")));
    table.addSummary(QStringLiteral("from"), Tr::tr("From"), ColumnType::Date, Cell::date(q.period.from));
    table.addSummary(QStringLiteral("to"), Tr::tr("To"), ColumnType::Date, Cell::date(q.period.to));
    table.addSummary(QStringLiteral("previous_from"), Tr::tr("Previous period from"), ColumnType::Date,
                     Cell::date(prev.from));
    table.addSummary(QStringLiteral("previous_to"), Tr::tr("Previous period to"), ColumnType::Date, Cell::date(prev.to));
    table.addSummary(QStringLiteral("last_year_from"), Tr::tr("Last year from"), ColumnType::Date,
                     Cell::date(lastYear.from));
    table.addSummary(QStringLiteral("last_year_to"), Tr::tr("Last year to"), ColumnType::Date, Cell::date(lastYear.to));
    return table;
}

} // namespace md::report

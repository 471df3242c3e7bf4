#include "report/report_period.h"

#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDateTime>

#include <set>

namespace md::report {

QTimeZone defaultOfficeZone()
{
    return QTimeZone(QByteArrayLiteral("Asia/Shanghai"));
}

qint64 ReportPeriod::startMs() const
{
    return QDateTime(from, QTime(0, 0), zone).toMSecsSinceEpoch();
}

qint64 ReportPeriod::endMs() const
{
    return QDateTime(to.addDays(1), QTime(0, 0), zone).toMSecsSinceEpoch();
}

QString ReportPeriod::validate(qint64 maxDays) const
{
    if (!from.isValid() || !to.isValid())
        return tr("A period needs a valid first and last day (YYYY-MM-DD)");
    if (to < from)
        return tr("The period ends (%1) before it begins (%2)").arg(to.toString(Qt::ISODate), from.toString(Qt::ISODate));
    if (from.daysTo(to) + 1 > maxDays)
        return tr("The period is longer than %1 days").arg(maxDays);
    if (!zone.isValid())
        return tr("The office time zone is not valid");
    return QString();
}

std::optional<Granularity> parseGranularity(QStringView key)
{
    for (Granularity g : {Granularity::Day, Granularity::Month, Granularity::Year}) {
        if (key == granularityKey(g))
            return g;
    }
    return std::nullopt;
}

QString granularityKey(Granularity g)
{
    switch (g) {
    case Granularity::Day:
        return QStringLiteral("day");
    case Granularity::Month:
        return QStringLiteral("month");
    case Granularity::Year:
        return QStringLiteral("year");
    }
    Q_UNREACHABLE();
}

QDate bucketStart(const QDate& day, Granularity g)
{
    switch (g) {
    case Granularity::Day:
        return day;
    case Granularity::Month:
        return QDate(day.year(), day.month(), 1);
    case Granularity::Year:
        return QDate(day.year(), 1, 1);
    }
    Q_UNREACHABLE();
}

QString bucketLabel(const QDate& start, Granularity g)
{
    switch (g) {
    case Granularity::Day:
        return start.toString(Qt::ISODate);
    case Granularity::Month:
        return start.toString(QStringLiteral("yyyy-MM"));
    case Granularity::Year:
        return start.toString(QStringLiteral("yyyy"));
    }
    Q_UNREACHABLE();
}

QDate nextBucket(const QDate& start, Granularity g)
{
    switch (g) {
    case Granularity::Day:
        return start.addDays(1);
    case Granularity::Month:
        return start.addMonths(1);
    case Granularity::Year:
        return start.addYears(1);
    }
    Q_UNREACHABLE();
}

QList<OffsetStretch> offsetStretches(const QTimeZone& zone, qint64 fromMs, qint64 toMs)
{
    QList<OffsetStretch> out;
    if (fromMs >= toMs)
        return out;
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromMs, QTimeZone::utc());
    qint64 at = fromMs;
    qint64 offset = qint64(zone.offsetFromUtc(from)) * 1000;
    // transitions() is inclusive of both ends; only those strictly inside split the range.
    const auto transitions = zone.transitions(from, QDateTime::fromMSecsSinceEpoch(toMs - 1, QTimeZone::utc()));
    for (const QTimeZone::OffsetData& t : transitions) {
        const qint64 tMs = t.atUtc.toMSecsSinceEpoch();
        const qint64 tOffset = qint64(t.offsetFromUtc) * 1000;
        if (tMs <= at || tOffset == offset)
            continue;
        out.append(OffsetStretch{at, tMs, offset});
        at = tMs;
        offset = tOffset;
    }
    out.append(OffsetStretch{at, toMs, offset});
    return out;
}

QDate dateOfLocalDay(qint64 dayNumber)
{
    return QDate(1970, 1, 1).addDays(dayNumber);
}

namespace {
// Connections with a snapshot open on this thread (a connection belongs to one thread): a
// report made of other reports (reconcile) opens one snapshot for all of them.
thread_local std::set<const storage::Database*> t_snapshots;
} // namespace

ReadSnapshot::ReadSnapshot(storage::Database& db)
    : m_db(db)
{
    if (m_db.inTransaction() || t_snapshots.count(&m_db) > 0)
        return;
    storage::SqlQuery::execDirect(m_db, m_db.dialect().beginReadSnapshot());
    t_snapshots.insert(&m_db);
    m_active = true;
}

ReadSnapshot::~ReadSnapshot()
{
    if (!m_active)
        return;
    t_snapshots.erase(&m_db);
    try {
        storage::SqlQuery::execDirect(m_db, m_db.dialect().rollback());
    } catch (...) {
        // A failed rollback of a read-only transaction loses nothing; the connection reports
        // its state on the next statement.
    }
}

} // namespace md::report

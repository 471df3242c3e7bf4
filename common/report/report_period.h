#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace md::storage {
class Database;
}

namespace md::report {

// The office's wall clock: days, months and years of a report begin at its midnight.
QTimeZone defaultOfficeZone(); // Asia/Shanghai

// Whole local days, from and to inclusive, in the office's time zone.
struct ReportPeriod
{
    Q_DECLARE_TR_FUNCTIONS(md::report::ReportPeriod)

public:
    QDate from;
    QDate to;
    QTimeZone zone = defaultOfficeZone();

    qint64 startMs() const; // the local midnight that begins `from`, UTC ms
    qint64 endMs() const;   // the local midnight that ends `to` (exclusive)
    // Empty when sound, else a translated problem (invalid dates, to before from, longer than
    // maxDays: a century by default).
    QString validate(qint64 maxDays = 36525) const;
};

enum class Granularity { Day, Month, Year };
std::optional<Granularity> parseGranularity(QStringView key); // "day", "month", "year"
QString granularityKey(Granularity g);

// The first day of the bucket `day` falls in, and the bucket's label ("2026-01-31", "2026-01",
// "2026").
QDate bucketStart(const QDate& day, Granularity g);
QString bucketLabel(const QDate& start, Granularity g);
QDate nextBucket(const QDate& start, Granularity g);

inline constexpr qint64 kDayMs = 86400000;

// A stretch of time in which the zone's offset from UTC does not change. Reports group by
// local day in SQL as (created_at + offset) DIV 86400000 within each stretch, so a zone with
// daylight saving time still puts every moment on its own local day.
struct OffsetStretch
{
    qint64 fromMs = 0;
    qint64 toMs = 0; // exclusive
    qint64 offsetMs = 0;
};
QList<OffsetStretch> offsetStretches(const QTimeZone& zone, qint64 fromMs, qint64 toMs);
// Local day number (days since 1970-01-01 in local time) back to a date.
QDate dateOfLocalDay(qint64 dayNumber);

// A read-only transaction for the duration of one report, so that its several queries see one
// consistent state of the books (the ledger keeps writing meanwhile). Rolled back at the end;
// does nothing when the connection is already in a transaction.
class ReadSnapshot
{
public:
    explicit ReadSnapshot(storage::Database& db);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    storage::Database& m_db;
    bool m_active = false;
};

} // namespace md::report

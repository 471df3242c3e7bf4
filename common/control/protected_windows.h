#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QTimeZone>

#include <optional>

namespace md {

// A time-of-day range in the office's wall-clock time during which supply is not tripped for
// arrears: [start, end), minutes since midnight. end <= start runs past midnight (18:00-09:00);
// start == end is the whole day.
struct ProtectedWindow
{
    int startMinute = 0; // 0..1439
    int endMinute = 0;   // 0..1439

    bool contains(int minuteOfDay) const;
    friend bool operator==(const ProtectedWindow&, const ProtectedWindow&) = default;
};

// The windows and holiday dates of one wallet, in one time zone.
struct ProtectedTimes
{
    QList<ProtectedWindow> windows;
    QList<QDate> holidays; // whole local days
    QTimeZone zone;

    // When `utc` falls in a window or on a holiday: the first moment (UTC) after it that is
    // protected by neither — a window ending at 09:00 on the eve of a holiday runs on to the
    // holiday's end. nullopt when `utc` is not protected. Continuous protection longer than
    // 400 days counts as "never": that is a misconfiguration, reported by the caller as such.
    std::optional<QDateTime> protectedUntil(const QDateTime& utc) const;

    // ["18:00","09:00"] pairs and "yyyy-MM-dd" dates; throw InputError(source, 0, problem).
    static QList<ProtectedWindow> windowsFromJson(const QJsonArray& a, const QString& source);
    static QJsonArray windowsToJson(const QList<ProtectedWindow>& w);
    static QList<QDate> holidaysFromJson(const QJsonArray& a, const QString& source);
    static QJsonArray holidaysToJson(const QList<QDate>& d);
};

} // namespace md

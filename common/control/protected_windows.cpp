#include "control/protected_windows.h"

#include "util/error.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QTime>

namespace md {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::ProtectedTimes)
};


QString minuteText(int m)
{
    return QTime(m / 60, m % 60).toString(u"HH:mm");
}
} // namespace

bool ProtectedWindow::contains(int m) const
{
    if (startMinute == endMinute)
        return true;
    if (startMinute < endMinute)
        return m >= startMinute && m < endMinute;
    return m >= startMinute || m < endMinute; // across midnight
}

std::optional<QDateTime> ProtectedTimes::protectedUntil(const QDateTime& utc) const
{
    // Walk forward in local time to the end of whatever protects this moment; each step ends
    // one window or one holiday, so a chain of them (window into holiday into window) is
    // followed to its true end.
    QDateTime t = utc.toTimeZone(zone);
    bool protectedAtStart = false;
    const QDateTime limit = t.addDays(400);
    while (t < limit) {
        const QDate day = t.date();
        if (holidays.contains(day)) {
            protectedAtStart = true;
            t = QDateTime(day.addDays(1), QTime(0, 0), zone);
            continue;
        }
        const int minute = t.time().hour() * 60 + t.time().minute();
        const ProtectedWindow* hit = nullptr;
        for (const ProtectedWindow& w : windows) {
            if (w.contains(minute)) {
                hit = &w;
                break;
            }
        }
        if (!hit)
            return protectedAtStart ? std::optional<QDateTime>(t.toUTC()) : std::nullopt;
        protectedAtStart = true;
        if (hit->startMinute == hit->endMinute) {
            t = QDateTime(day.addDays(1), QTime(0, 0), zone);
            continue;
        }
        // The window's end today, or tomorrow when it runs past midnight and we are before it.
        QDate endDay = day;
        if (hit->endMinute <= minute)
            endDay = day.addDays(1);
        t = QDateTime(endDay, QTime(hit->endMinute / 60, hit->endMinute % 60), zone);
    }
    return QDateTime(); // protected "forever": the caller reports a misconfiguration
}

QList<ProtectedWindow> ProtectedTimes::windowsFromJson(const QJsonArray& a, const QString& source)
{
    QList<ProtectedWindow> out;
    for (const QJsonValue& v : a) {
        const QJsonArray pair = v.toArray();
        const QTime start = QTime::fromString(pair.at(0).toString(), u"HH:mm");
        const QTime end = QTime::fromString(pair.at(1).toString(), u"HH:mm");
        if (pair.size() != 2 || !start.isValid() || !end.isValid())
            throw InputError(source, 0,
                             Tr::tr("A protected window must be [\"HH:mm\", \"HH:mm\"] (got %1)")
                                 .arg(QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))));
        out.append({start.hour() * 60 + start.minute(), end.hour() * 60 + end.minute()});
    }
    return out;
}

QJsonArray ProtectedTimes::windowsToJson(const QList<ProtectedWindow>& w)
{
    QJsonArray a;
    for (const ProtectedWindow& x : w)
        a.append(QJsonArray{minuteText(x.startMinute), minuteText(x.endMinute)});
    return a;
}

QList<QDate> ProtectedTimes::holidaysFromJson(const QJsonArray& a, const QString& source)
{
    QList<QDate> out;
    for (const QJsonValue& v : a) {
        const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
        if (!d.isValid())
            throw InputError(source, 0, Tr::tr("A holiday must be a date yyyy-MM-dd (got \"%1\")").arg(v.toString()));
        out.append(d);
    }
    return out;
}

QJsonArray ProtectedTimes::holidaysToJson(const QList<QDate>& d)
{
    QJsonArray a;
    for (const QDate& x : d)
        a.append(x.toString(Qt::ISODate));
    return a;
}

} // namespace md

#include "consumption.h"

#include <QCoreApplication>

namespace md::sim {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::sim::Scenario", text);
}

constexpr const char* kRateKeys[kRateCount] = {"sharp", "peak", "flat", "valley"};
} // namespace

std::optional<TouRate> parseTouRate(QStringView name)
{
    for (int i = 0; i < kRateCount; ++i)
        if (name == QLatin1String(kRateKeys[i]))
            return TouRate(i);
    return std::nullopt;
}

QString touRateKey(TouRate rate)
{
    return QString::fromLatin1(kRateKeys[int(rate)]);
}

TouSchedule TouSchedule::builtIn()
{
    TouSchedule s;
    s.m_periods = {{0, TouRate::Valley},     {8 * 60, TouRate::Peak},  {10 * 60, TouRate::Sharp},
                   {11 * 60, TouRate::Flat}, {17 * 60, TouRate::Peak}, {19 * 60, TouRate::Sharp},
                   {21 * 60, TouRate::Flat}, {22 * 60, TouRate::Valley}};
    return s;
}

std::optional<TouSchedule> TouSchedule::parse(QStringView text, QString* problem)
{
    auto fail = [&](QString why) -> std::optional<TouSchedule> {
        if (problem)
            *problem = std::move(why);
        return std::nullopt;
    };
    TouSchedule s;
    for (QStringView part : text.split(u',')) {
        const QList<QStringView> words = part.trimmed().split(u' ', Qt::SkipEmptyParts);
        if (words.size() != 2)
            return fail(tr("a TOU period must be \"HH:MM rate\", not \"%1\"")
                            .arg(part.trimmed().toString()));
        const QList<QStringView> hm = words[0].split(u':');
        bool okH = false, okM = false;
        const int h = hm.size() == 2 ? hm[0].toInt(&okH) : -1;
        const int m = hm.size() == 2 ? hm[1].toInt(&okM) : -1;
        if (!okH || !okM || h < 0 || h > 23 || m < 0 || m > 59)
            return fail(tr("\"%1\" is not a time of day HH:MM").arg(words[0].toString()));
        const std::optional<TouRate> rate = parseTouRate(words[1]);
        if (!rate)
            return fail(tr("\"%1\" is not one of sharp, peak, flat, valley")
                            .arg(words[1].toString()));
        const int start = h * 60 + m;
        if (s.m_periods.empty() ? start != 0 : start <= s.m_periods.back().startMinute)
            return fail(tr("TOU periods must start at 00:00 and go forward in time"));
        s.m_periods.push_back({start, *rate});
    }
    if (s.m_periods.empty())
        return fail(tr("the TOU schedule is empty"));
    return s;
}

TouRate TouSchedule::rateAt(int minuteOfDay) const
{
    TouRate r = m_periods.front().rate;
    for (const Period& p : m_periods)
        if (p.startMinute <= minuteOfDay)
            r = p.rate;
    return r;
}

int TouSchedule::nextBoundary(int minuteOfDay) const
{
    for (const Period& p : m_periods)
        if (p.startMinute > minuteOfDay)
            return p.startMinute;
    return 24 * 60;
}

quint64 splitMix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

quint64 saltOf(const QString& name)
{
    quint64 h = 0xCBF29CE484222325ULL;
    for (char c : name.toUtf8()) {
        h ^= quint8(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

qint64 LoadProfile::rateMilliAt(qint64 localHour, quint64 salt) const
{
    const int hourOfDay = int(((localHour % 24) + 24) % 24);
    const qint64 shaped = baseMilli * shapePercent[size_t(hourOfDay)] / 100;
    if (noisePercent == 0)
        return shaped;
    // r in [-1000, 1000]: the hour's deviation in thousandths of the noise amplitude.
    const quint64 h = splitMix64(seed ^ splitMix64(salt ^ quint64(localHour)));
    const qint64 r = qint64(h % 2001) - 1000;
    // shaped × (1 + noise% × r/1000), in parts per 100000 to stay integral.
    return shaped * (100'000 + noisePercent * r) / 100'000;
}

} // namespace md::sim

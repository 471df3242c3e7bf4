#pragma once

#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace md::sim {

// Integer consumption arithmetic. A load is a rate in thousandths of the meter's unit per
// hour (mW for electricity, mL/h for water); multiplied by milliseconds it gives "flow
// units" (mW·ms). One 0.01 kWh (or 0.01 m³ = 10 L) register step is 3.6e10 flow units, so
// registers are exact integers however the time is cut into steps.
inline constexpr qint64 kFlowPerCenti = 36'000'000'000LL; // 10 Wh × 1000 × 3.6e6 ms/h
inline constexpr qint64 kMsPerHour = 3'600'000;
inline constexpr qint64 kMsPerDay = 24 * kMsPerHour;

// The four TOU rates, in DL/T 645 block order after the total (sharp, peak, flat, valley).
enum class TouRate { Sharp = 0, Peak = 1, Flat = 2, Valley = 3 };
inline constexpr int kRateCount = 4;
std::optional<TouRate> parseTouRate(QStringView name);
QString touRateKey(TouRate rate); // "sharp", ...

// Which rate register the meter advances at each minute of its local day.
class TouSchedule
{
public:
    struct Period
    {
        int startMinute; // 0..1439, local time
        TouRate rate;
    };
    // The built-in day, the same as resources/tariffs/four-rate-tou.tariff: valley 00-08,
    // peak 08-10, sharp 10-11, flat 11-17, peak 17-19, sharp 19-21, flat 21-22, valley 22-24.
    static TouSchedule builtIn();
    // "00:00 valley, 08:00 peak, ..." (starts in increasing order, the first at 00:00);
    // nullopt with `problem` set when the text does not fit.
    static std::optional<TouSchedule> parse(QStringView text, QString* problem);

    TouRate rateAt(int minuteOfDay) const;
    // The first period start after `minuteOfDay` (1440 at the end of the day).
    int nextBoundary(int minuteOfDay) const;

private:
    std::vector<Period> m_periods;
};

// Base load, daily shape and seeded noise. The noise factor is fixed per meter and local
// hour (a hash of seed, meter salt and hour number), so the same scenario gives the same
// registers whatever the polling pattern or acceleration.
struct LoadProfile
{
    qint64 baseMilli = 0; // thousandths of the unit per hour (W × 1000, L/h × 1000)
    std::array<int, 24> shapePercent{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100,
                                     100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    int noisePercent = 0; // the hour's load is base × shape × (1 ± noise) at most
    quint64 seed = 0;

    // Load in the local hour number `localHour` (hours since the epoch in local time).
    qint64 rateMilliAt(qint64 localHour, quint64 salt) const;
};

quint64 splitMix64(quint64 x);
quint64 saltOf(const QString& name); // FNV-1a over UTF-8: stable across runs (unlike qHash)

} // namespace md::sim

// DESIGN.md "Numbers": charges are cumulative, so rounding never drifts whatever the reading
// interval. Billing a history reading by reading, every k-th reading or in one jump leaves the
// same quantity and charge in every bucket, to the fen, whenever the allocation is the same.
#include "billing_helpers.h"

using namespace md;
using namespace md::test;

namespace {
Tariff inlineTariff(const char* version)
{
    return parseTariff(QByteArrayLiteral("[tariff]\nid = t\nutility = electricity\ntimezone = Asia/Shanghai\n"
                                         "[version]\neffective = 2024-01-01\n")
                           + version,
                       QStringLiteral("inline"));
}

struct Outcome
{
    MeterBillingState state;
    Money posted; // the sum of every deduction's total
    int deductions = 0;
};

// Bills readings 0, k, 2k, ... and always the last one.
Outcome billEvery(const Tariff& t, const QList<ReadingSet>& history, qsizetype k)
{
    Outcome o{MeterBillingState(t.unit), Money(), 0};
    for (qsizetype i = 0; i < history.size(); ++i) {
        if (i % k != 0 && i + 1 != history.size())
            continue;
        const Deduction d = Biller::bill(t, o.state, history.at(i));
        REQUIRE_FALSE(d.isAnomaly());
        o.posted += d.total;
        ++o.deductions;
    }
    return o;
}

void requireSameBuckets(const MeterBillingState& a, const MeterBillingState& b)
{
    REQUIRE(a.buckets.keys() == b.buckets.keys());
    for (auto it = a.buckets.begin(); it != a.buckets.end(); ++it) {
        INFO(it.key().toString().toStdString());
        CHECK(it.value().quantity == b.buckets.value(it.key()).quantity);
        CHECK(it.value().charged == b.buckets.value(it.key()).charged);
    }
}
} // namespace

TEST_CASE("Hourly readings of 0.333 kWh at 0.4883 never drift from one big reading", "[billing][drift]")
{
    const Tariff t = inlineTariff("price.flat = 0.4883\n");
    QList<ReadingSet> history;
    const QDateTime start = QDateTime::fromString(QStringLiteral("2024-03-01T00:00:00+08:00"), Qt::ISODate);
    for (int h = 0; h <= 1000; ++h) {
        ReadingSet set;
        set.utc = start.addSecs(h * 3600).toUTC();
        set.values.insert(Register::Total, Quantity::fromMilli(333 * h, Unit::KilowattHour));
        history.append(set);
    }
    // 1000 × 0.333 = 333 kWh × 0.4883 = 162.6039 -> 162.60. Rounding each hour on its own would
    // post 1000 × round(16.26039 fen) = 1000 × 16 fen = 160.00: 2.60 lost.
    const Outcome hourly = billEvery(t, history, 1);
    const Outcome weekly = billEvery(t, history, 7);
    const Outcome once = billEvery(t, history, 1000);
    CHECK(hourly.deductions == 1001);
    CHECK(once.deductions == 2);
    CHECK(hourly.posted.fen() == 16260);
    CHECK(weekly.posted.fen() == 16260);
    CHECK(once.posted.fen() == 16260);
    requireSameBuckets(hourly.state, once.state);
    requireSameBuckets(weekly.state, once.state);
}

TEST_CASE("Uneven readings through two ladder bounds never drift", "[billing][drift]")
{
    // A single rate, so the ladder splits every reading schedule alike (by cumulative position).
    // With several registers crossing a bound in one interval the registers' shares of each tier
    // depend on the interval (biller.h), and equality per bucket is not promised.
    const Tariff t = inlineTariff("tier-basis = month\ntiers = 50, 120\nprice.flat = 0.6173, 0.6671, 0.9177\n");
    QList<ReadingSet> history;
    const QDateTime start = QDateTime::fromString(QStringLiteral("2024-03-01T00:00:00+08:00"), Qt::ISODate);
    qint64 total = 0;
    for (int h = 0; h <= 600; ++h) { // 25 days of hourly readings, all in March
        ReadingSet set;
        set.utc = start.addSecs(h * 3600).toUTC();
        total += (h * 7919) % 613; // 0 to 0.612 kWh an hour, irregular
        set.values.insert(Register::Total, Quantity::fromMilli(total, Unit::KilowattHour));
        history.append(set);
    }
    REQUIRE(total > 120'000); // all three tiers are reached
    const Outcome hourly = billEvery(t, history, 1);
    const Outcome daily = billEvery(t, history, 24);
    const Outcome odd = billEvery(t, history, 37);
    requireSameBuckets(hourly.state, daily.state);
    requireSameBuckets(hourly.state, odd.state);
    CHECK(hourly.posted == hourly.state.totalCharged());
    CHECK(hourly.posted == daily.posted);
    CHECK(hourly.posted == odd.posted);
    CHECK(hourly.state.buckets.size() == 3);
}

#pragma once

#include "billing/reading.h"
#include "money/money.h"
#include "money/quantity.h"

#include <QDate>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace md {

// One cumulative charging bucket: a ladder period, the tariff version whose price applies, the
// tier and the rate. "free" buckets (tier 0) hold the monthly free allowance, keyed by month.
struct BucketKey
{
    QString period;   // "2024", "2024-03", "all"; the month for free buckets
    QDate version;    // effective date of the tariff version
    int tier = 0;     // 1-based; 0 for free and fixed-charge lines
    QString rate;     // rate key, "free" or "fixed"

    QString toString() const; // "2024|2012-07-01|1|peak", the key in JSON
    static std::optional<BucketKey> fromString(QStringView text);
    friend bool operator<(const BucketKey& a, const BucketKey& b);
    friend bool operator==(const BucketKey& a, const BucketKey& b) = default;
};

struct Bucket
{
    Quantity quantity;     // so far
    Money charged;         // round(quantity × price), as posted so far
};

// Everything the biller must remember about one meter between readings. A value: the service
// stores it (toJson) next to the meter and hands it back for the next reading.
struct MeterBillingState
{
    Unit unit = Unit::KilowattHour;
    std::optional<ReadingSet> last;           // the previous reading set; none before the baseline
    QMap<BucketKey, Bucket> buckets;
    QMap<QString, Quantity> tierTotals;       // ladder period id -> quantity so far (free units included)
    QMap<QString, Quantity> freeUsed;         // month "2024-03" -> free units used
    QMap<QString, Money> fixedCharged;        // month "2024-03" -> fixed monthly charge posted
    // The account these charges were made for (none in states stored before it was kept). A
    // meter handed to another account starts afresh: cumulative charges and ladder totals are
    // per tenant.
    std::optional<qint64> account;

    explicit MeterBillingState(Unit u = Unit::KilowattHour)
        : unit(u)
    {
    }

    Money totalCharged() const; // over all buckets and fixed charges

    QJsonObject toJson() const;
    // Throws InputError(source, 0, problem) for stored data that does not read back.
    static MeterBillingState fromJson(const QJsonObject& o, const QString& source);
};

} // namespace md

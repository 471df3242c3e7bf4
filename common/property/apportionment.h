#pragma once

#include "money/ids.h"
#include "money/money.h"
#include "money/price.h"
#include "money/quantity.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace md {

struct Tariff;

// Public-area apportionment (公摊): the consumption of a common meter (stairwell lights, a
// shared pump) over a period, priced by a tariff into whole fen and shared among the accounts
// of a group, by the area of each account's rooms or by fixed weights (shares).
//
// The rules (docs/apportionment.md):
//  - Price: every day of the period is priced with the tariff version in force on that day,
//    at the FIRST-tier price (ladders, free allowances and fixed monthly charges are a
//    household's and do not apply to a shared meter). A single-rate version prices the day's
//    total register; a time-of-use version prices each rate register (尖峰平谷) at its rate's
//    price when the day's registers add up to its total, else the whole total at the flat
//    rate's price (the first rate when the version has no flat rate). The exact sum of all
//    lines is rounded ONCE, with the rounding of the version in force on the period's last day.
//  - Split: largest remainder (Hamilton). Each share's exact quota is total × weight / Σweight;
//    each gets the quota's whole fen, and the fen left over go one each to the largest
//    remainders; equal remainders go to the smaller account id first. The shares add up to the
//    total exactly; a weight of zero gets nothing; an account that is not open is left out
//    before the split (its weight counts for nobody). No weights left with a total above zero
//    is an error: nobody could bear the cost.

enum class ApportionMethod { Area, Weight };
QString apportionMethodKey(ApportionMethod m); // "area", "weight"
std::optional<ApportionMethod> parseApportionMethod(QStringView key);

// A problem with a group, a period or a run; kind says which (the API maps it to its codes).
class ApportionError : public Error
{
public:
    enum class Kind { Invalid, NotFound, AlreadyApportioned, NothingToApportion };
    ApportionError(Kind kind, QString message)
        : Error(std::move(message))
        , m_kind(kind)
    {
    }
    Kind kind() const noexcept { return m_kind; }

private:
    Kind m_kind;
};

struct WeightedAccount
{
    AccountId account;
    qint64 weight = 0; // >= 0: hundredths of m² by area, or the fixed share
};

// The largest-remainder split of total (>= 0) over the accounts, in the order given. Throws
// ApportionError(Invalid) for a negative total or weight, and NothingToApportion when the total
// is above zero and every weight is zero.
QList<Money> splitLargestRemainder(Money total, const QList<WeightedAccount>& accounts);

// One day of the common meter's rollup (meter_daily), quantities in thousandths of the unit.
struct DailyConsumption
{
    QDate day;
    qint64 total = 0;
    qint64 sharp = 0, peak = 0, flat = 0, valley = 0;
};

// The quantity priced at one price (summed over the days that used it).
struct PricedLine
{
    QString rate; // "flat", "peak", ... (rateKey)
    Price price;
    qint64 quantityMilli = 0;
};

struct PricedConsumption
{
    qint64 consumptionMilli = 0; // the sum of the days' totals
    QList<PricedLine> lines;     // by rate order, then price
    Money total;                 // rounded once
};

// Prices the days as described above. Throws ApportionError(Invalid) when a day is before the
// tariff's first version.
PricedConsumption priceConsumption(const Tariff& tariff, const QList<DailyConsumption>& days);

} // namespace md

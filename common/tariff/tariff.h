#pragma once

#include "money/money.h"
#include "money/price.h"
#include "money/quantity.h"
#include "money/rounding.h"
#include "money/utility.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringView>
#include <QTime>
#include <QTimeZone>

#include <array>
#include <optional>

namespace md {

// A time-of-use rate (分时费率). The order is the customary one on Chinese bills: 尖峰平谷.
enum class Rate { Sharp, Peak, Flat, Valley };
inline constexpr Rate kAllRates[] = {Rate::Sharp, Rate::Peak, Rate::Flat, Rate::Valley};
inline constexpr int kRateCount = 4;

QString rateKey(Rate r);                      // "sharp" (files, JSON)
std::optional<Rate> parseRate(QStringView key); // "sharp" or 尖/峰/平/谷
QString rateName(Rate r);                     // translated, for people

// Over which period the ladder's cumulative quantity runs before it starts again.
enum class TierBasis { None, Month, Year };
QString tierBasisKey(TierBasis b);
std::optional<TierBasis> parseTierBasis(QStringView key);

QString roundingKey(Rounding r); // "half-up"
std::optional<Rounding> parseRounding(QStringView key);

// One time-of-use period of the day in the office's wall-clock time, [startMinute, endMinute)
// with endMinute possibly <= startMinute for a period that runs past midnight (22:00-06:00).
struct TouPeriod
{
    int startMinute = 0; // 0..1439
    int endMinute = 0;   // 1..1440; equal to start is never stored (empty)
    Rate rate = Rate::Flat;
    bool contains(int minuteOfDay) const;
};

// What a recharge costs on top of the energy: a percentage (basis points) or a fixed amount.
struct ServiceFee
{
    enum class Kind { Percent, Fixed };
    Kind kind = Kind::Percent;
    qint64 basisPoints = 0; // 150 = 1.5 %
    Money fixed;
};

// The prices and rules that apply from `effective` until the next version (history is kept:
// a deduction names the version whose prices it used).
struct TariffVersion
{
    QDate effective;
    TierBasis tierBasis = TierBasis::None;
    int tierYearStartMonth = 1; // yearly ladders may start on another day than 1 January
    int tierYearStartDay = 1;
    QList<Quantity> tierBounds; // upper bounds of tiers 1..n-1, strictly increasing
    QList<Rate> rates;          // the rates priced in this version, in file order
    QList<TouPeriod> periods;   // cover the whole day exactly once
    std::array<QList<Price>, kRateCount> prices; // prices[rate][tier], one per tier
    Money fixedMonthly;
    Quantity freeMonthly;
    ServiceFee serviceFee;
    std::optional<Money> balanceCap;
    Rounding rounding = Rounding::HalfUp;

    int tierCount() const { return int(tierBounds.size()) + 1; }
    bool hasRate(Rate r) const { return rates.contains(r); }
    bool isTimeOfUse() const { return rates.size() > 1; }
    Price price(Rate r, int tierIndex) const; // tierIndex is 1-based

    // The rate in force at a wall-clock time of the office's day.
    Rate rateAt(QTime localTime) const;

    // The fee taken out of an amount the customer pays: paying 100.00 with a 1.5 % fee
    // credits 98.50 to the wallet and books 1.50 as fee income. A percentage fee rounds once,
    // with this version's rounding. The caller refuses a recharge whose fee is not less than
    // what was paid (the wallet would get nothing).
    Money serviceFeeFor(Money paid) const;

    // How much may still be credited to a wallet holding `balance` (囤积上限); nullopt when
    // this version has no cap. Never negative.
    std::optional<Money> rechargeHeadroom(Money balance) const;

    // The id of the ladder period a local date falls in: "2024" (the calendar year in which a
    // yearly ladder starts), "2024-03" (monthly), "all" (no ladder).
    QString tierPeriodId(QDate localDate) const;
};

struct Tariff
{
    QString id;
    QString name;
    Utility utility = Utility::Electricity;
    Unit unit = Unit::KilowattHour;
    QTimeZone timeZone;
    QList<TariffVersion> versions; // strictly increasing `effective`

    // The version in force on a local date; nullptr before the first one.
    const TariffVersion* versionAt(QDate localDate) const;
};

} // namespace md

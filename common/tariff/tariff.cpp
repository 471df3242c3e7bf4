#include "tariff/tariff.h"

#include <QCoreApplication>

namespace md {

QString rateKey(Rate r)
{
    switch (r) {
    case Rate::Sharp:
        return QStringLiteral("sharp");
    case Rate::Peak:
        return QStringLiteral("peak");
    case Rate::Flat:
        return QStringLiteral("flat");
    case Rate::Valley:
        return QStringLiteral("valley");
    }
    Q_UNREACHABLE();
}

std::optional<Rate> parseRate(QStringView key)
{
    // The Chinese one-character names are what a meter's register or a price notice says.
    static constexpr char16_t kChinese[] = {u'尖', u'峰', u'平', u'谷'};
    for (int i = 0; i < kRateCount; ++i) {
        const Rate r = kAllRates[i];
        if (key.compare(rateKey(r), Qt::CaseInsensitive) == 0
            || (key.size() == 1 && key.front() == QChar(kChinese[i])))
            return r;
    }
    return std::nullopt;
}

QString rateName(Rate r)
{
    switch (r) {
    case Rate::Sharp:
        return QCoreApplication::translate("md::Rate", "sharp");
    case Rate::Peak:
        return QCoreApplication::translate("md::Rate", "peak");
    case Rate::Flat:
        return QCoreApplication::translate("md::Rate", "flat");
    case Rate::Valley:
        return QCoreApplication::translate("md::Rate", "valley");
    }
    Q_UNREACHABLE();
}

QString tierBasisKey(TierBasis b)
{
    switch (b) {
    case TierBasis::None:
        return QStringLiteral("none");
    case TierBasis::Month:
        return QStringLiteral("month");
    case TierBasis::Year:
        return QStringLiteral("year");
    }
    Q_UNREACHABLE();
}

std::optional<TierBasis> parseTierBasis(QStringView key)
{
    for (TierBasis b : {TierBasis::None, TierBasis::Month, TierBasis::Year}) {
        if (key.compare(tierBasisKey(b), Qt::CaseInsensitive) == 0)
            return b;
    }
    return std::nullopt;
}

QString roundingKey(Rounding r)
{
    switch (r) {
    case Rounding::HalfUp:
        return QStringLiteral("half-up");
    case Rounding::HalfEven:
        return QStringLiteral("half-even");
    case Rounding::Down:
        return QStringLiteral("down");
    case Rounding::Up:
        return QStringLiteral("up");
    }
    Q_UNREACHABLE();
}

std::optional<Rounding> parseRounding(QStringView key)
{
    for (Rounding r : {Rounding::HalfUp, Rounding::HalfEven, Rounding::Down, Rounding::Up}) {
        if (key.compare(roundingKey(r), Qt::CaseInsensitive) == 0)
            return r;
    }
    return std::nullopt;
}

bool TouPeriod::contains(int minuteOfDay) const
{
    if (startMinute < endMinute)
        return minuteOfDay >= startMinute && minuteOfDay < endMinute;
    return minuteOfDay >= startMinute || minuteOfDay < endMinute; // runs past midnight
}

Price TariffVersion::price(Rate r, int tierIndex) const
{
    const QList<Price>& perTier = prices[std::size_t(r)];
    Q_ASSERT(tierIndex >= 1 && tierIndex <= perTier.size());
    return perTier.at(tierIndex - 1);
}

Rate TariffVersion::rateAt(QTime localTime) const
{
    if (periods.isEmpty())
        return rates.isEmpty() ? Rate::Flat : rates.front();
    const int minute = localTime.hour() * 60 + localTime.minute();
    for (const TouPeriod& p : periods) {
        if (p.contains(minute))
            return p.rate;
    }
    Q_UNREACHABLE(); // the parser guarantees the periods cover the day
}

Money TariffVersion::serviceFeeFor(Money paid) const
{
    if (serviceFee.kind == ServiceFee::Kind::Fixed)
        return serviceFee.fixed;
    return paid.percentOf(serviceFee.basisPoints, rounding);
}

std::optional<Money> TariffVersion::rechargeHeadroom(Money balance) const
{
    if (!balanceCap)
        return std::nullopt;
    const Money room = *balanceCap - balance;
    return room.isNegative() ? Money() : room;
}

QString TariffVersion::tierPeriodId(QDate localDate) const
{
    switch (tierBasis) {
    case TierBasis::None:
        return QStringLiteral("all");
    case TierBasis::Month:
        return localDate.toString(u"yyyy-MM");
    case TierBasis::Year: {
        int year = localDate.year();
        if (localDate < QDate(year, tierYearStartMonth, tierYearStartDay))
            --year;
        return QString::number(year);
    }
    }
    Q_UNREACHABLE();
}

const TariffVersion* Tariff::versionAt(QDate localDate) const
{
    const TariffVersion* found = nullptr;
    for (const TariffVersion& v : versions) {
        if (v.effective <= localDate)
            found = &v;
    }
    return found;
}

} // namespace md

#include "property/apportionment.h"

#include "money/rounding.h"
#include "tariff/tariff.h"

#include <algorithm>
#include <map>

namespace md {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::Apportionment)
};

} // namespace

QString apportionMethodKey(ApportionMethod m)
{
    return m == ApportionMethod::Area ? QStringLiteral("area") : QStringLiteral("weight");
}

std::optional<ApportionMethod> parseApportionMethod(QStringView key)
{
    if (key == u"area")
        return ApportionMethod::Area;
    if (key == u"weight")
        return ApportionMethod::Weight;
    return std::nullopt;
}

QList<Money> splitLargestRemainder(Money total, const QList<WeightedAccount>& accounts)
{
    if (total.isNegative())
        throw ApportionError(ApportionError::Kind::Invalid,
                             Tr::tr("A negative amount (%1) cannot be apportioned").arg(total.toYuanString()));
    Int128 weightSum = 0;
    for (const WeightedAccount& a : accounts) {
        if (a.weight < 0)
            throw ApportionError(ApportionError::Kind::Invalid,
                                 Tr::tr("Account %1 has a negative weight (%2)").arg(a.account.v).arg(a.weight));
        weightSum += a.weight;
    }
    QList<Money> shares(accounts.size());
    if (total.isZero())
        return shares;
    if (weightSum == 0)
        throw ApportionError(ApportionError::Kind::NothingToApportion,
                             Tr::tr("No account of the group has any area or share to bear %1").arg(total.toYuanString()));
    struct Part
    {
        qsizetype index;
        Int128 remainder;
        AccountId account;
    };
    QList<Part> parts;
    parts.reserve(accounts.size());
    qint64 given = 0;
    for (qsizetype i = 0; i < accounts.size(); ++i) {
        const Int128 exact = Int128(total.fen()) * accounts.at(i).weight;
        const qint64 whole = qint64(exact / weightSum); // both non-negative: truncation is floor
        shares[i] = Money::fromFen(whole);
        given += whole;
        if (accounts.at(i).weight > 0)
            parts.append({i, exact % weightSum, accounts.at(i).account});
    }
    // Fewer fen are left than accounts with a weight (each floor loses less than one fen).
    qint64 left = total.fen() - given;
    std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
        if (a.remainder != b.remainder)
            return a.remainder > b.remainder;
        if (a.account != b.account)
            return a.account < b.account;
        return a.index < b.index;
    });
    for (qsizetype i = 0; left > 0 && i < parts.size(); ++i, --left)
        shares[parts.at(i).index] += Money::fromFen(1);
    return shares;
}

PricedConsumption priceConsumption(const Tariff& tariff, const QList<DailyConsumption>& days)
{
    PricedConsumption out;
    // (rate order, price) → quantity; the exact amount in 1e-5 fen (milli-unit × 1e-4 yuan).
    std::map<std::pair<int, qint64>, qint64> lines;
    Int128 exact = 0;
    Rounding rounding = Rounding::HalfUp;
    QDate last;
    for (const DailyConsumption& d : days) {
        const TariffVersion* v = tariff.versionAt(d.day);
        if (!v)
            throw ApportionError(ApportionError::Kind::Invalid,
                                 Tr::tr("The tariff %1 has no prices on %2").arg(tariff.id, d.day.toString(Qt::ISODate)));
        if (!last.isValid() || d.day > last) {
            last = d.day;
            rounding = v->rounding;
        }
        out.consumptionMilli += d.total;
        const auto add = [&](Rate r, qint64 milli) {
            if (milli == 0)
                return;
            const Price p = v->price(r, 1);
            lines[{int(r), p.tenThousandths()}] += milli;
            exact += Int128(milli) * p.tenThousandths();
        };
        const Rate fallback = v->hasRate(Rate::Flat) ? Rate::Flat : v->rates.value(0, Rate::Flat);
        if (v->isTimeOfUse()) {
            const qint64 byRate[kRateCount] = {d.sharp, d.peak, d.flat, d.valley};
            qint64 sum = 0;
            bool onlyPriced = true;
            for (Rate r : kAllRates) {
                sum += byRate[int(r)];
                if (byRate[int(r)] != 0 && !v->hasRate(r))
                    onlyPriced = false;
            }
            if (sum == d.total && onlyPriced) {
                for (Rate r : kAllRates)
                    add(r, byRate[int(r)]);
                continue;
            }
        }
        add(fallback, d.total);
    }
    for (const auto& [k, milli] : lines)
        out.lines.append({rateKey(Rate(k.first)), Price::fromTenThousandths(k.second), milli});
    out.total = Money::fromFen(divideRounded(exact, 100000, rounding));
    return out;
}

} // namespace md

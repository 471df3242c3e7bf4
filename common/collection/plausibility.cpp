#include "collection/plausibility.h"

#include "money/rounding.h"

#include <limits>

namespace md {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::Plausibility)
};

constexpr qint64 kMsPerHour = 3'600'000;

// The most a meter can count in `ms` at `rate` milli-units per hour (rounded up: a bound).
qint64 maxCount(qint64 rate, qint64 ms)
{
    const Int128 n = Int128(rate) * Int128(ms);
    const Int128 q = (n + kMsPerHour - 1) / kMsPerHour;
    return q > Int128(std::numeric_limits<qint64>::max()) ? std::numeric_limits<qint64>::max() : qint64(q);
}
} // namespace

QString Plausibility::verdictKey(Verdict v)
{
    switch (v) {
    case Verdict::Ok:
        return QStringLiteral("ok");
    case Verdict::First:
        return QStringLiteral("first");
    case Verdict::NotAfter:
        return QStringLiteral("time-not-after");
    case Verdict::Backwards:
        return QStringLiteral("counter-backwards");
    case Verdict::ImpossibleJump:
        return QStringLiteral("impossible-jump");
    case Verdict::CounterReset:
        return QStringLiteral("counter-reset");
    }
    Q_UNREACHABLE();
}

Plausibility Plausibility::check(const std::optional<ReadingSet>& previous, const ReadingSet& next, qint64 maxRate)
{
    if (!previous)
        return {Verdict::First, {}};
    const qint64 ms = previous->utc.msecsTo(next.utc);
    if (ms <= 0)
        return {Verdict::NotAfter, Tr::tr("The reading at %1 is not later than the previous one at %2")
                                       .arg(next.utc.toString(Qt::ISODate), previous->utc.toString(Qt::ISODate))};
    const qint64 bound = maxRate > 0 ? maxCount(maxRate, ms) : -1;
    bool reset = false;
    for (auto it = next.values.cbegin(); it != next.values.cend(); ++it) {
        const auto before = previous->values.find(it.key());
        if (before == previous->values.cend())
            continue; // a register set change is the biller's to judge
        const qint64 was = before->milli();
        const qint64 now = it->milli();
        if (now < was) {
            const bool looksRestarted = bound >= 0 ? now <= bound : now <= was / 100;
            if (!looksRestarted)
                return {Verdict::Backwards, Tr::tr("Register %1 went backwards from %2 to %3")
                                                .arg(registerKey(it.key()), before->toString(), it->toString())};
            reset = true;
        } else if (bound >= 0 && now - was > bound) {
            return {Verdict::ImpossibleJump,
                    Tr::tr("Register %1 rose by %2 in %3 s, more than the meter's maximum rate allows (%4)")
                        .arg(registerKey(it.key()), (*it - *before).toString())
                        .arg(ms / 1000)
                        .arg(Quantity::fromMilli(bound, it->unit()).toString())};
        }
    }
    if (reset)
        return {Verdict::CounterReset, Tr::tr("The meter's counters restarted (reset or rollover): not billed, new baseline")};
    return {Verdict::Ok, {}};
}

} // namespace md

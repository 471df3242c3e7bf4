#include "billing/interval_split.h"

#include <algorithm>
#include <vector>

namespace md {

namespace {
IntervalPiece classify(const Tariff& tariff, qint64 fromMs, qint64 toMs, bool bySegments)
{
    IntervalPiece p;
    p.from = QDateTime::fromMSecsSinceEpoch(fromMs, QTimeZone::utc());
    p.to = QDateTime::fromMSecsSinceEpoch(toMs, QTimeZone::utc());
    p.weightMs = toMs - fromMs;
    const QDateTime local = p.from.toTimeZone(tariff.timeZone);
    p.version = tariff.versionAt(local.date());
    if (!p.version)
        return p;
    p.tierPeriod = p.version->tierPeriodId(local.date());
    if (!p.version->freeMonthly.isZero())
        p.month = local.date().toString(u"yyyy-MM");
    if (bySegments && p.version->isTimeOfUse())
        p.segment = p.version->rateAt(local.time());
    return p;
}

bool pricesAlike(const IntervalPiece& a, const IntervalPiece& b)
{
    return a.version == b.version && a.tierPeriod == b.tierPeriod && a.month == b.month && a.segment == b.segment;
}
} // namespace

QList<IntervalPiece> splitInterval(const Tariff& tariff, const QDateTime& fromUtc, const QDateTime& toUtc,
                                   bool bySegments)
{
    const qint64 fromMs = fromUtc.toMSecsSinceEpoch();
    const qint64 toMs = toUtc.toMSecsSinceEpoch();
    std::vector<qint64> cuts{fromMs, toMs};
    auto cutAt = [&](QDate day, int minute) {
        const qint64 at = QDateTime(day, QTime(minute / 60, minute % 60), tariff.timeZone).toMSecsSinceEpoch();
        if (at > fromMs && at < toMs)
            cuts.push_back(at);
    };
    // One day of margin each side: the local dates of the ends may differ from the UTC dates.
    const QDate first = fromUtc.toTimeZone(tariff.timeZone).date().addDays(-1);
    const QDate last = toUtc.toTimeZone(tariff.timeZone).date().addDays(1);
    for (QDate day = first; day <= last; day = day.addDays(1)) {
        cutAt(day, 0);
        const TariffVersion* v = tariff.versionAt(day);
        if (bySegments && v) {
            for (const TouPeriod& period : v->periods)
                cutAt(day, period.startMinute);
        }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    QList<IntervalPiece> pieces;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        IntervalPiece p = classify(tariff, cuts[i], cuts[i + 1], bySegments);
        if (!pieces.isEmpty() && pricesAlike(pieces.back(), p)) {
            pieces.back().to = p.to;
            pieces.back().weightMs += p.weightMs;
        } else {
            pieces.append(std::move(p));
        }
    }
    return pieces;
}

} // namespace md

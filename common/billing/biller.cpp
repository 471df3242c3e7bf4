#include "billing/biller.h"

#include "billing/allocation.h"
#include "billing/interval_split.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <limits>
#include <numeric>

namespace md {

namespace {
// The translation context of this file's messages (lupdate files Tr::tr calls under it).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::Billing)
};

Deduction anomaly(Deduction d, Anomaly kind, const QString& problem)
{
    d.status = BillStatus::Anomaly;
    d.anomaly = kind;
    d.problem = problem;
    d.lines.clear();
    d.allocations.clear();
    d.total = Money();
    d.flags = 0;
    return d;
}

QString localText(const QDateTime& utc, const QTimeZone& zone)
{
    return utc.toTimeZone(zone).toString(Qt::ISODate);
}

// The tier parts of consumption from `start` to `end` on a ladder (positions are cumulative
// quantities in milli-units; tier k holds (bound[k-1], bound[k]]).
QList<qint64> tierParts(const TariffVersion& v, qint64 start, qint64 end)
{
    QList<qint64> parts;
    for (int k = 0; k < v.tierCount(); ++k) {
        const qint64 lo = k == 0 ? std::numeric_limits<qint64>::min() : v.tierBounds.at(k - 1).milli();
        const qint64 hi = k == v.tierCount() - 1 ? std::numeric_limits<qint64>::max() : v.tierBounds.at(k).milli();
        parts.append(std::max<qint64>(0, std::min(end, hi) - std::max(start, lo)));
    }
    return parts;
}

class Run
{
public:
    Run(const Tariff& tariff, MeterBillingState state)
        : m_tariff(tariff)
        , m_state(std::move(state))
        , m_zero(Quantity::fromMilli(0, tariff.unit))
    {
    }

    // Shares one piece's quantity (per rate) into the free allowance and the tiers.
    void consume(const IntervalPiece& piece, const QList<Rate>& rates, const QList<qint64>& shares)
    {
        const TariffVersion& v = *piece.version;
        const qint64 sum = std::accumulate(shares.begin(), shares.end(), qint64(0));
        if (sum == 0)
            return;
        qint64 free = 0;
        if (!piece.month.isEmpty()) {
            const qint64 used = m_state.freeUsed.value(piece.month, m_zero).milli();
            free = std::clamp<qint64>(v.freeMonthly.milli() - used, 0, sum);
            m_state.freeUsed[piece.month] = Quantity::fromMilli(used + free, m_tariff.unit);
        }
        const qint64 ladderBefore = m_state.tierTotals.value(piece.tierPeriod, m_zero).milli();
        m_state.tierTotals[piece.tierPeriod] = Quantity::fromMilli(ladderBefore + sum, m_tariff.unit);
        const QList<qint64> tiers = tierParts(v, ladderBefore + free, ladderBefore + sum);
        if (std::count_if(tiers.begin(), tiers.end(), [](qint64 q) { return q > 0; }) > 1)
            m_flags |= unsigned(DeductionFlag::TierCrossing);

        QList<qint64> chunks{free};
        chunks.append(tiers);
        const QList<QList<qint64>> split = splitChunks(chunks, shares);
        if (free > 0)
            add(BucketKey{piece.month, v.effective, 0, QStringLiteral("free")}, &v, free);
        for (int k = 0; k < v.tierCount(); ++k) {
            for (qsizetype j = 0; j < rates.size(); ++j) {
                if (split.at(k + 1).at(j) > 0)
                    add(BucketKey{piece.tierPeriod, v.effective, k + 1, rateKey(rates.at(j))}, &v, split.at(k + 1).at(j));
            }
        }
    }

    // Turns the accumulated bucket changes into lines, in the order the buckets were reached.
    void postLines(Deduction& d)
    {
        for (const BucketKey& key : std::as_const(m_order)) {
            const TariffVersion& v = *m_versionOf.value(key);
            const bool free = key.tier == 0;
            const Price price = free ? Price() : v.price(*parseRate(key.rate), key.tier);
            const Bucket before = m_state.buckets.value(key, Bucket{m_zero, Money()});
            Bucket after{before.quantity + Quantity::fromMilli(m_delta.value(key), m_tariff.unit), Money()};
            after.charged = charge(after.quantity, price, v.rounding);
            d.lines.append(DeductionLine{free ? LineKind::Free : LineKind::Energy, key,
                                         after.quantity - before.quantity, price, before.quantity, after.quantity,
                                         before.charged, after.charged, after.charged - before.charged, v.rounding});
            m_state.buckets.insert(key, after);
        }
    }

    void postFixedCharges(Deduction& d)
    {
        const QTimeZone& zone = m_tariff.timeZone;
        const QDate firstDay = d.from.toTimeZone(zone).date();
        const QDate lastDay = d.to.addMSecs(-1).toTimeZone(zone).date(); // the interval is [from, to)
        for (QDate month(firstDay.year(), firstDay.month(), 1); month <= lastDay; month = month.addMonths(1)) {
            const QString id = month.toString(u"yyyy-MM");
            if (m_state.fixedCharged.contains(id))
                continue;
            const QDateTime monthStart(month, QTime(0, 0), zone);
            const QDateTime enters = std::max(monthStart, d.from);
            const TariffVersion* v = m_tariff.versionAt(enters.toTimeZone(zone).date());
            const Money amount = v ? v->fixedMonthly : Money();
            m_state.fixedCharged.insert(id, amount);
            if (amount.isZero())
                continue;
            d.lines.append(DeductionLine{LineKind::Fixed, BucketKey{id, v->effective, 0, QStringLiteral("fixed")}, m_zero,
                                         Price(), m_zero, m_zero, Money(), amount, amount, v->rounding});
        }
    }

    unsigned flags() const { return m_flags; }
    MeterBillingState& state() { return m_state; }

private:
    void add(const BucketKey& key, const TariffVersion* v, qint64 milli)
    {
        if (!m_delta.contains(key)) {
            m_order.append(key);
            m_versionOf.insert(key, v);
        }
        m_delta[key] += milli;
    }

    const Tariff& m_tariff;
    MeterBillingState m_state;
    Quantity m_zero;
    QList<BucketKey> m_order;
    QMap<BucketKey, qint64> m_delta;
    QMap<BucketKey, const TariffVersion*> m_versionOf;
    unsigned m_flags = 0;
};

// Allocations are summed per (version, ladder period, month, register, segment): a month of a
// total-only meter has ~60 pieces, but a person wants to read one line per segment.
void addAllocation(QList<Allocation>& list, const Allocation& a)
{
    for (Allocation& have : list) {
        if (have.version == a.version && have.tierPeriod == a.tierPeriod && have.month == a.month
            && have.reg == a.reg && have.segment == a.segment) {
            have.durationMs += a.durationMs;
            have.quantity += a.quantity;
            return;
        }
    }
    list.append(a);
}

// The rate a register's energy is priced at under a version; nullopt if it has no price.
std::optional<Rate> pricedRate(const TariffVersion& v, Register reg)
{
    const auto rate = registerRate(reg);
    if (rate && v.hasRate(*rate))
        return rate;
    if (!v.isTimeOfUse())
        return v.rates.front(); // a single-rate tariff prices every register alike
    return std::nullopt;
}
} // namespace

Deduction Biller::bill(const Tariff& tariff, MeterBillingState& state, const ReadingSet& next)
{
    Deduction d;
    d.after = next;
    d.to = next.utc.toUTC();
    if (next.values.isEmpty())
        return anomaly(d, Anomaly::NoRegisters, Tr::tr("The reading carries no register"));
    for (const Quantity& q : next.values) {
        if (q.unit() != tariff.unit) // a wiring mistake in the caller, not a meter's anomaly
            throw Error(Tr::tr("A reading in %1 cannot be billed with a tariff in %2")
                            .arg(unitSymbol(q.unit()), unitSymbol(tariff.unit)));
    }
    if (!state.last) {
        d.status = BillStatus::Baseline;
        state.last = next;
        return d;
    }
    d.before = *state.last;
    d.from = d.before.utc.toUTC();
    const QTimeZone& zone = tariff.timeZone;
    if (d.to <= d.from)
        return anomaly(d, Anomaly::TimeNotAfter,
                       Tr::tr("The reading at %1 is not later than the previous one at %2")
                           .arg(localText(d.to, zone), localText(d.from, zone)));

    // Per register when both sets carry the same time-of-use registers, else by the total.
    QList<Register> regs;
    for (Register r : kAllRegisters) {
        if (r != Register::Total && (d.before.has(r) || next.has(r)))
            regs.append(r);
    }
    const bool sameRateRegisters = !regs.isEmpty() && std::all_of(regs.begin(), regs.end(), [&](Register r) {
        return d.before.has(r) && next.has(r);
    });
    d.byRegister = sameRateRegisters;
    if (!sameRateRegisters) {
        if (!d.before.has(Register::Total) || !next.has(Register::Total))
            return anomaly(d, Anomaly::MissingRegister,
                           Tr::tr("The reading at %1 does not carry the same registers as the previous one")
                               .arg(localText(d.to, zone)));
        regs = {Register::Total};
    }
    QList<qint64> deltas;
    for (Register r : std::as_const(regs)) {
        const qint64 delta = next.values.value(r).milli() - d.before.values.value(r).milli();
        if (delta < 0)
            return anomaly(d, Anomaly::CounterBackwards,
                           Tr::tr("The %1 register went backwards from %2 to %3 at %4")
                               .arg(registerKey(r), d.before.values.value(r).toString(), next.values.value(r).toString(),
                                    localText(d.to, zone)));
        deltas.append(delta);
    }

    const QList<IntervalPiece> pieces = splitInterval(tariff, d.from, d.to, !d.byRegister);
    if (pieces.isEmpty() || !pieces.front().version)
        return anomaly(d, Anomaly::NoTariffVersion,
                       Tr::tr("No tariff version is in effect at %1").arg(localText(d.from, zone)));
    QSet<const TariffVersion*> versions;
    QSet<QString> periods, months;
    QSet<Rate> segments;
    for (const IntervalPiece& p : pieces) {
        versions.insert(p.version);
        periods.insert(p.tierPeriod);
        months.insert(p.month);
        if (p.segment)
            segments.insert(*p.segment);
        for (Register r : std::as_const(regs)) {
            if (r != Register::Total && !pricedRate(*p.version, r))
                return anomaly(d, Anomaly::RegisterNotPriced,
                               Tr::tr("The tariff version of %1 has no price for the %2 register")
                                   .arg(p.version->effective.toString(Qt::ISODate), registerKey(r)));
        }
    }

    QList<qint64> weights;
    for (const IntervalPiece& p : pieces)
        weights.append(p.weightMs);
    QList<QList<qint64>> perRegister; // [register][piece]
    for (qint64 delta : std::as_const(deltas))
        perRegister.append(largestRemainder(delta, weights));

    Run run(tariff, state);
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        const IntervalPiece& p = pieces.at(i);
        QList<Rate> rates;
        QList<qint64> shares;
        for (qsizetype r = 0; r < regs.size(); ++r) {
            const Rate rate = p.segment ? *p.segment : *pricedRate(*p.version, regs.at(r));
            const qsizetype at = rates.indexOf(rate);
            if (at < 0) {
                rates.append(rate);
                shares.append(perRegister.at(r).at(i));
            } else {
                shares[at] += perRegister.at(r).at(i);
            }
            addAllocation(d.allocations, Allocation{p.version->effective, p.tierPeriod, p.month, regs.at(r), p.segment,
                                                    p.weightMs, Quantity::fromMilli(perRegister.at(r).at(i), tariff.unit)});
        }
        run.consume(p, rates, shares);
    }
    run.postLines(d);
    run.postFixedCharges(d);

    d.flags = run.flags();
    if (segments.size() > 1)
        d.flags |= unsigned(DeductionFlag::SplitSegments);
    if (periods.size() > 1 || months.size() > 1)
        d.flags |= unsigned(DeductionFlag::SplitPeriods);
    if (versions.size() > 1)
        d.flags |= unsigned(DeductionFlag::SplitVersions);
    for (const DeductionLine& l : std::as_const(d.lines))
        d.total += l.amount;
    run.state().last = next;
    state = std::move(run.state());
    d.status = BillStatus::Billed;
    return d;
}

MeterBillingState Biller::continueOnNewMeter(const MeterBillingState& old, const ReadingSet& initial)
{
    MeterBillingState s = old;
    s.last = initial;
    return s;
}

} // namespace md

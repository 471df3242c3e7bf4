#include "sim_meter.h"

#include "money/rounding.h"

#include <algorithm>
#include <limits>

namespace md::sim {

namespace {
// Flow units per fen at a price of 1 (1e-4 yuan per kWh): 1 kWh = 3.6e12 mW·ms and
// 1 kWh × p = p/100 fen, so fen = flow × p / 3.6e14.
constexpr qint64 kFlowPriceFen = 360'000'000'000'000LL;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}
} // namespace

SimMeter::SimMeter(MeterConfig config, QDateTime scenarioStart, qint64 utcOffsetSeconds,
                   quint64 scenarioSeed)
    : m_config(std::move(config))
    , m_utcOffsetMs(utcOffsetSeconds * 1000)
    , m_salt(saltOf(m_config.name))
    , m_startUtcMs(scenarioStart.toMSecsSinceEpoch())
    , m_atMs(m_startUtcMs)
    , m_at(scenarioStart.toUTC())
    , m_totalFlow(m_config.initialCenti * kFlowPerCenti)
    , m_relayOpen(m_config.relayOpen)
    , m_tripReason(m_config.relayOpen ? TripReason::Command : TripReason::None)
    , m_balanceFen(m_config.balanceFen)
    , m_purchaseCount(m_config.purchaseCount)
    , m_rng(splitMix64(scenarioSeed ^ m_salt))
{
    m_config.profile.seed = scenarioSeed;
    std::sort(m_config.faults.counterResetsMs.begin(), m_config.faults.counterResetsMs.end());
    advanceTo(m_at); // applies a reset scheduled at 0 and the first load
}

QDateTime SimMeter::localNow() const
{
    return m_at.toOffsetFromUtc(int(m_utcOffsetMs / 1000));
}

void SimMeter::advanceTo(const QDateTime& utc)
{
    const qint64 target = utc.toMSecsSinceEpoch();
    const std::vector<qint64>& resets = m_config.faults.counterResetsMs;
    for (;;) {
        // A swap due at or before the current time happens now.
        while (m_nextReset < resets.size() && m_startUtcMs + resets[m_nextReset] <= m_atMs) {
            resetCounter();
            ++m_nextReset;
        }
        if (m_atMs >= target)
            break;
        qint64 stop = target;
        if (m_nextReset < resets.size())
            stop = std::min(stop, m_startUtcMs + resets[m_nextReset]);
        advanceSegment(stop);
    }
    m_at = QDateTime::fromMSecsSinceEpoch(m_atMs, Qt::UTC);
}

void SimMeter::advanceSegment(qint64 toMs)
{
    const std::optional<TouSchedule>& tou = m_config.tou;
    do {
        const qint64 local = m_atMs + m_utcOffsetMs;
        const qint64 hour = floorDiv(local, kMsPerHour);
        const qint64 dayStart = floorDiv(local, kMsPerDay) * kMsPerDay;
        const int minute = int((local - dayStart) / 60'000);
        qint64 end = std::min(toMs, (hour + 1) * kMsPerHour - m_utcOffsetMs);
        if (tou)
            end = std::min(end, dayStart + qint64(tou->nextBoundary(minute)) * 60'000
                                    - m_utcOffsetMs);

        const qint64 load = m_config.profile.rateMilliAt(hour, m_salt);
        if (!m_relayOpen && !m_forceOn && m_config.overloadW > 0
            && load > m_config.overloadW * 1000) {
            m_relayOpen = true; // the meter protects itself at once
            m_tripReason = TripReason::Overload;
        }
        if (!m_relayOpen && !m_forceOn && m_config.prepaid && m_balanceFen <= 0) {
            m_relayOpen = true;
            m_tripReason = TripReason::Balance;
        }
        m_loadMilli = m_relayOpen ? 0 : load;
        if (m_loadMilli > 0 && m_config.prepaid && !m_forceOn) {
            // When will the balance run out? The first flow whose cost reaches it.
            const Int128 price = m_config.priceTenThousandths;
            const Int128 goal = Int128(m_chargedFen + m_balanceFen) * kFlowPriceFen;
            const Int128 needFlow = (goal + price - 1) / price - m_billedFlow;
            const Int128 ms = (needFlow + m_loadMilli - 1) / m_loadMilli;
            if (ms < Int128(end - m_atMs))
                end = m_atMs + qint64(ms);
        }
        if (end <= m_atMs) // toMs is in the past of a just-advanced meter
            return;
        const qint64 flow = m_loadMilli * (end - m_atMs);
        m_totalFlow += flow;
        if (tou)
            m_rateFlow[size_t(tou->rateAt(minute))] += flow;
        m_billedFlow += flow;
        m_atMs = end;
        settleBalance();
    } while (m_atMs < toMs);
    if (!m_relayOpen && !m_forceOn && m_config.prepaid && m_balanceFen <= 0) {
        m_relayOpen = true;
        m_tripReason = TripReason::Balance;
        m_loadMilli = 0;
    }
}

qint64 SimMeter::costFen(qint64 flow) const
{
    return qint64(Int128(flow) * m_config.priceTenThousandths / kFlowPriceFen);
}

void SimMeter::settleBalance()
{
    if (!m_config.prepaid)
        return;
    const qint64 charged = costFen(m_billedFlow);
    m_balanceFen -= charged - m_chargedFen;
    m_chargedFen = charged;
}

qint64 SimMeter::energyCenti() const
{
    return m_totalFlow / kFlowPerCenti;
}

qint64 SimMeter::rateEnergyCenti(TouRate rate) const
{
    return m_rateFlow[size_t(rate)] / kFlowPerCenti;
}

bool SimMeter::trip()
{
    if (m_forceOn)
        return false;
    m_relayOpen = true;
    m_tripReason = TripReason::Command;
    m_loadMilli = 0;
    return true;
}

void SimMeter::close()
{
    m_relayOpen = false;
    m_tripReason = TripReason::None;
    // The load comes back from the next advance; a meter still in overload or without
    // balance trips again there.
}

void SimMeter::setForceOn(bool on)
{
    m_forceOn = on;
    if (on)
        close();
}

bool SimMeter::purchase(qint64 amountFen, int sequence)
{
    if (sequence != m_purchaseCount + 1 || amountFen <= 0)
        return false;
    m_purchaseCount = sequence;
    m_balanceFen += amountFen;
    m_lastPurchaseFen = amountFen;
    // A meter that tripped for want of money closes again once it is in credit.
    if (m_relayOpen && m_tripReason == TripReason::Balance && m_balanceFen > 0)
        close();
    return true;
}

void SimMeter::setBalanceFen(qint64 fen)
{
    m_balanceFen = fen;
    if (m_relayOpen && m_tripReason == TripReason::Balance && m_balanceFen > 0)
        close();
}

void SimMeter::resetCounter()
{
    m_totalFlow = 0;
    m_rateFlow.fill(0);
}

bool SimMeter::roll(const FaultRule& rule)
{
    if (!rule.eligible(offsetMs()))
        return false;
    if (rule.ppm >= 1'000'000)
        return true;
    return qint64(m_rng() % 1'000'000) < rule.ppm;
}

quint16 SimMeter::relayStatusRegister() const
{
    // Our read-back of the relay register (docs/simulator.md): bit 0 open, bit 1 forced on,
    // bit 2 tripped by overload, bit 3 tripped for balance, bit 4 low-balance alarm.
    quint16 w = 0;
    if (m_relayOpen)
        w |= 0x01;
    if (m_forceOn)
        w |= 0x02;
    if (m_tripReason == TripReason::Overload)
        w |= 0x04;
    if (m_tripReason == TripReason::Balance)
        w |= 0x08;
    if (m_config.prepaid && m_balanceFen < m_config.alarmFen)
        w |= 0x10;
    return w;
}

quint16 SimMeter::dlt645StatusWord3() const
{
    // Bit 4 relay state, bit 6 relay command state (1 = open), bit 7 pre-trip alarm,
    // bits 8-9 meter type (10: money prepaid).
    quint16 w = 0;
    if (m_relayOpen)
        w |= 0x10 | 0x40;
    if (m_config.prepaid) {
        w |= 0x200;
        if (m_balanceFen < m_config.alarmFen && !m_relayOpen)
            w |= 0x80;
    }
    return w;
}

quint16 SimMeter::cjt188Status() const
{
    return m_relayOpen ? 0x01 : 0x00; // ST0 bits 0-1: 00 valve open, 01 closed
}

} // namespace md::sim

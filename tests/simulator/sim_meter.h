#pragma once

#include "scenario.h"

#include <QDateTime>

#include <array>
#include <random>

namespace md::sim {

enum class TripReason { None, Command, Overload, Balance };

// One simulated meter: its registers, relay and prepaid balance, advanced from a clock in
// whole integer steps. Protocol slaves read and command it; it knows no bytes.
class SimMeter
{
public:
    SimMeter(MeterConfig config, QDateTime scenarioStart, qint64 utcOffsetSeconds,
             quint64 scenarioSeed);

    const MeterConfig& config() const { return m_config; }
    const QString& name() const { return m_config.name; }

    // Runs consumption up to `utc` (earlier times are ignored: the meter's clock never runs
    // back), applying scheduled counter resets on the way.
    void advanceTo(const QDateTime& utc);
    QDateTime now() const { return m_at; }
    QDateTime localNow() const; // the meter's own clock, in its local time
    qint64 offsetMs() const { return m_startUtcMs <= 0 ? 0 : m_atMs - m_startUtcMs; }

    // Registers, in hundredths of kWh (or m³), floored like a meter's display.
    qint64 energyCenti() const;
    qint64 rateEnergyCenti(TouRate rate) const;
    qint64 loadMilli() const { return m_loadMilli; } // the current load (mW, mL/h)
    qint64 voltageDeci() const { return 2200; }      // 220.0 V
    qint64 currentMilli() const { return m_loadMilli / 220; } // mW / V = mA

    // Relay / valve.
    bool relayOpen() const { return m_relayOpen; }
    bool forceOn() const { return m_forceOn; }
    TripReason tripReason() const { return m_tripReason; }
    bool trip();  // false (refused) while forced on
    void close(); // also re-arms after an overload or balance trip
    void setForceOn(bool on);

    // Meter-side prepaid.
    qint64 balanceFen() const { return m_balanceFen; }
    int purchaseCount() const { return m_purchaseCount; }
    qint64 lastPurchaseFen() const { return m_lastPurchaseFen; }
    qint64 alarmFen() const { return m_config.alarmFen; }
    void setAlarmFen(qint64 fen) { m_config.alarmFen = fen; }
    qint64 priceTenThousandths() const { return m_config.priceTenThousandths; }
    void setPriceTenThousandths(qint64 p) { m_config.priceTenThousandths = p; } // from the next advance
    qint64 overloadW() const { return m_config.overloadW; }
    void setOverloadW(qint64 w) { m_config.overloadW = w; }
    // Credits `amountFen` if `sequence` is the purchase count + 1 (so a repeated write does
    // not credit twice); returns false otherwise.
    bool purchase(qint64 amountFen, int sequence);
    void setBalanceFen(qint64 fen); // control interface: the balance as it now stands

    // Faults.
    void resetCounter(); // meter swap: every energy register back to 0
    bool killed() const { return m_killed; }
    void setKilled(bool dead) { m_killed = dead; }
    // One seeded decision for this request (rolls the meter's own generator).
    bool roll(const FaultRule& rule);
    quint64 randomBelow(quint64 n) { return m_rng() % n; }

    // Modbus read-back of the relay register, DL/T 645 status word 3 and CJ/T 188 ST.
    quint16 relayStatusRegister() const;
    quint16 dlt645StatusWord3() const;
    quint16 cjt188Status() const;

private:
    void advanceSegment(qint64 toMs);
    qint64 costFen(qint64 flow) const;
    void settleBalance();

    MeterConfig m_config;
    qint64 m_utcOffsetMs;
    quint64 m_salt;
    qint64 m_startUtcMs;
    qint64 m_atMs;
    QDateTime m_at;
    size_t m_nextReset = 0;

    qint64 m_totalFlow = 0; // flow units since the last counter reset (initial register incl.)
    std::array<qint64, kRateCount> m_rateFlow{};
    qint64 m_billedFlow = 0;  // since start, never reset: the prepaid balance follows it
    qint64 m_chargedFen = 0;  // cost of m_billedFlow already taken from the balance
    qint64 m_loadMilli = 0;

    bool m_relayOpen = false;
    bool m_forceOn = false;
    TripReason m_tripReason = TripReason::None;
    qint64 m_balanceFen = 0;
    int m_purchaseCount = 0;
    qint64 m_lastPurchaseFen = 0;
    bool m_killed = false;
    std::mt19937_64 m_rng;
};

} // namespace md::sim

#include "meter_registers.h"

#include "sim_meter.h"

#include "protocol/register_map.h"

#include <algorithm>

namespace md::sim {

namespace {
using protocol::RegisterDef;
using protocol::RegisterMap;

struct Scaled
{
    qint64 value;
    int decimals;
};

// What the meter shows for one register key, as an exact scaled number in the unit of the
// map's definition (kW vs W, kWh).
Scaled valueOf(SimMeter& m, const RegisterDef& d)
{
    const QLatin1String key(d.key);
    const bool watts = QLatin1String(d.unit) == u"W" || QLatin1String(d.unit) == u"VA";
    if (key == u"energy.total" || key == u"energy.import")
        return {m.energyCenti(), 2};
    if (key.startsWith(QLatin1String("energy."))) {
        if (const std::optional<TouRate> r = parseTouRate(QString(key.mid(7))))
            return {m.rateEnergyCenti(*r), 2};
        return {0, 0}; // export and reactive energy: a consumer meter has none
    }
    if (key == u"voltage")
        return {m.voltageDeci(), 1};
    if (key == u"current")
        return {m.currentMilli(), 3};
    if (key == u"power.active" || key == u"power.apparent")
        return {m.loadMilli(), watts ? 3 : 6}; // mW as W or kW
    if (key == u"power_factor")
        return {1000, 3};
    if (key == u"frequency")
        return {5000, 2};
    if (key == u"relay.control")
        return {m.relayStatusRegister(), 0};
    if (key == u"balance.remaining")
        return {m.balanceFen(), 2};
    if (key == u"purchase.count")
        return {m.purchaseCount(), 0};
    if (key == u"purchase.last_amount")
        return {m.lastPurchaseFen(), 2};
    if (key == u"alarm.threshold")
        return {m.alarmFen(), 2};
    if (key == u"tariff.price")
        return {m.priceTenThousandths(), 4};
    if (key == u"overload.limit")
        return {m.overloadW(), 0};
    return {0, 0}; // power.reactive, phase_angle, purchase.amount/sequence (write-only)
}

const RegisterMap& mapOf(const SimMeter& m)
{
    return *m.config().map;
}

int extentOf(const RegisterMap& map)
{
    int end = 0;
    for (const RegisterDef& d : map.registers)
        end = std::max(end, d.address + protocol::registerWidth(d.type));
    return end;
}

quint32 joined(const RegisterMap& map, quint16 first, quint16 second)
{
    return map.wordOrder == protocol::WordOrder::HighFirst ? (quint32(first) << 16) | second
                                                           : (quint32(second) << 16) | first;
}
} // namespace

std::optional<std::vector<quint16>> readMeterRegisters(SimMeter& meter, quint16 address,
                                                       quint16 count)
{
    const RegisterMap& map = mapOf(meter);
    if (count == 0 || address + int(count) > extentOf(map))
        return std::nullopt;
    std::vector<quint16> words(count, 0);
    for (const RegisterDef& d : map.registers) {
        const Scaled v = valueOf(meter, d);
        const std::vector<quint16> w = protocol::encodeRegister(map, d, v.value, v.decimals);
        for (size_t i = 0; i < w.size(); ++i) {
            const int at = d.address + int(i) - address;
            if (at >= 0 && at < count)
                words[size_t(at)] = w[i];
        }
    }
    return words;
}

quint8 writeMeterRegisters(SimMeter& meter, quint16 address, const std::vector<quint16>& values)
{
    const RegisterMap& map = mapOf(meter);
    const RegisterDef* relay = protocol::findRegister(map, u"relay.control");
    const RegisterDef* alarm = protocol::findRegister(map, u"alarm.threshold");
    const RegisterDef* amount = protocol::findRegister(map, u"purchase.amount");
    if (relay && address == relay->address && values.size() == 1) {
        switch (values[0]) {
        case kRelayClose:
            meter.close();
            return 0;
        case kRelayTrip:
            return meter.trip() ? 0 : 0x04;
        case kRelayForceOn:
            meter.setForceOn(true);
            return 0;
        case kRelayRelease:
            meter.setForceOn(false);
            return 0;
        default:
            return 0x03;
        }
    }
    if (alarm && address == alarm->address && values.size() == 2) {
        meter.setAlarmFen(qint64(joined(map, values[0], values[1])));
        return 0;
    }
    const RegisterDef* price = protocol::findRegister(map, u"tariff.price");
    if (price && address == price->address && values.size() == 2) {
        meter.setPriceTenThousandths(qint64(joined(map, values[0], values[1])));
        return 0;
    }
    const RegisterDef* overload = protocol::findRegister(map, u"overload.limit");
    if (overload && address == overload->address && values.size() == 2) {
        meter.setOverloadW(qint64(joined(map, values[0], values[1])));
        return 0;
    }
    // Amount and sequence in ONE write: a repeated write carries a stale sequence and is
    // refused, so a retried purchase cannot credit twice.
    if (amount && address == amount->address && values.size() == 3)
        return meter.purchase(qint64(joined(map, values[0], values[1])), values[2]) ? 0 : 0x03;
    return 0x02;
}

} // namespace md::sim

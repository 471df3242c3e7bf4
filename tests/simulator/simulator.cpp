#include "simulator.h"

#include "qt_modbus_meter.h"
#include "sim_bus.h"
#include "sim_meter.h"

#include "protocol/bcd.h"
#include "util/decimal.h"

namespace md::sim {

namespace {
std::vector<SimMeter*> metersOn(const std::vector<std::unique_ptr<SimMeter>>& all,
                                const QString& bus)
{
    std::vector<SimMeter*> out;
    for (const auto& m : all)
        if (m->config().bus == bus)
            out.push_back(m.get());
    return out;
}

bool hasFaults(const FaultConfig& f)
{
    return f.dead.ppm || f.drop.ppm || f.corrupt.ppm || f.late.ppm || f.wrongAddress.ppm
           || !f.counterResetsMs.empty();
}

QString addressText(const MeterConfig& c)
{
    switch (c.protocol) {
    case protocol::Protocol::ModbusRtu:
        return QString::number(c.slave);
    default:
        return protocol::bcdDigits(c.address);
    }
}

QString tripText(TripReason r)
{
    switch (r) {
    case TripReason::None: return QStringLiteral("none");
    case TripReason::Command: return QStringLiteral("command");
    case TripReason::Overload: return QStringLiteral("overload");
    case TripReason::Balance: return QStringLiteral("balance");
    }
    return {};
}
} // namespace

Simulator::Simulator(Scenario scenario, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_clock(clock)
{
    for (const MeterConfig& c : m_scenario.meters)
        m_meters.push_back(std::make_unique<SimMeter>(c, m_scenario.start,
                                                      m_scenario.utcOffsetSeconds,
                                                      m_scenario.seed));
}

Simulator::~Simulator()
{
    // Engines hold pointers to the meters: delete them (children) before the meters go.
    qDeleteAll(m_buses);
    for (const auto& q : m_qtBuses)
        delete q.second;
}

bool Simulator::usesQtEngine(const BusConfig& bus, const std::vector<SimMeter*>& meters)
{
    // Qt's slave opens a port by name (so it needs a device: a socat end or an adapter),
    // serves one address, is not paced on a pseudo terminal and has no fault hooks.
    const bool fits = !bus.device.isEmpty() && meters.size() == 1
                      && meters.front()->config().protocol == protocol::Protocol::ModbusRtu
                      && !hasFaults(meters.front()->config().faults);
    switch (bus.engine) {
    case BusConfig::Engine::Own: return false;
    case BusConfig::Engine::Qt: return fits;
    case BusConfig::Engine::Auto: return fits && bus.latencyUs == 0;
    }
    return false;
}

void Simulator::start()
{
    for (const BusConfig& b : m_scenario.buses) {
        const std::vector<SimMeter*> meters = metersOn(m_meters, b.name);
        if (usesQtEngine(b, meters)) {
            auto* q = new QtModbusMeter(b, *meters.front(), m_clock, this);
            m_qtBuses.emplace_back(b.name, q);
            q->openPort();
        } else {
            auto* bus = new SimBus(b, meters, m_clock, this);
            m_buses.push_back(bus);
            bus->open();
        }
    }
}

SimBus* Simulator::bus(const QString& name) const
{
    for (SimBus* b : m_buses)
        if (b->config().name == name)
            return b;
    return nullptr;
}

SimMeter* Simulator::meter(const QString& name) const
{
    for (const auto& m : m_meters)
        if (m->name() == name)
            return m.get();
    return nullptr;
}

QJsonObject Simulator::busInfo(const QString& name) const
{
    for (const auto& [busName, q] : m_qtBuses)
        if (busName == name)
            return {{QStringLiteral("bus"), name},
                    {QStringLiteral("path"),
                     q->connectionParameter(QModbusDevice::SerialPortNameParameter).toString()},
                    {QStringLiteral("engine"), QStringLiteral("qt")},
                    {QStringLiteral("requests"), q->requests()}};
    const SimBus* b = bus(name);
    if (!b)
        return {};
    const BusStats& s = b->stats();
    QJsonObject o{{QStringLiteral("bus"), name},
                  {QStringLiteral("path"), b->path()},
                  {QStringLiteral("engine"), QStringLiteral("own")},
                  {QStringLiteral("byte_time_us"), formatScaled(b->config().byteTimeNs(), 3)},
                  {QStringLiteral("frames"), s.framesReceived},
                  {QStringLiteral("bad_frames"), s.badFrames},
                  {QStringLiteral("answered"), s.answered},
                  {QStringLiteral("unanswered"), s.unanswered},
                  {QStringLiteral("bytes_dropped"), s.bytesDropped}};
    if (s.timedAnswers > 0) {
        // Achieved / arithmetic, in parts per million (1000000 = exactly the byte arithmetic).
        o.insert(QStringLiteral("timing_ppm"),
                 s.sumExpectedNs > 0 ? s.sumActualNs * 1'000'000 / s.sumExpectedNs : 0);
        o.insert(QStringLiteral("max_late_us"), formatScaled(s.maxLateNs, 3));
        o.insert(QStringLiteral("max_early_us"), formatScaled(s.maxEarlyNs, 3));
    }
    if (!b->config().link.isEmpty())
        o.insert(QStringLiteral("link"), b->config().link);
    return o;
}

QJsonObject Simulator::meterState(SimMeter& m) const
{
    m.advanceTo(m_clock.nowUtc());
    const MeterConfig& c = m.config();
    QJsonObject o{{QStringLiteral("meter"), m.name()},
                  {QStringLiteral("bus"), c.bus},
                  {QStringLiteral("protocol"), protocol::protocolName(c.protocol)},
                  {QStringLiteral("address"), addressText(c)},
                  {QStringLiteral("time"), m.now().toString(Qt::ISODate)},
                  {QStringLiteral("energy"), formatScaled(m.energyCenti(), 2)},
                  {QStringLiteral("load"), formatScaled(m.loadMilli(), 3)},
                  {QStringLiteral("relay"), m.relayOpen() ? QStringLiteral("open")
                                                          : QStringLiteral("closed")},
                  {QStringLiteral("trip_reason"), tripText(m.tripReason())},
                  {QStringLiteral("force_on"), m.forceOn()},
                  {QStringLiteral("killed"), m.killed()}};
    if (c.tou)
        for (int r = 0; r < kRateCount; ++r)
            o.insert(QStringLiteral("energy.") + touRateKey(TouRate(r)),
                     formatScaled(m.rateEnergyCenti(TouRate(r)), 2));
    if (c.prepaid) {
        o.insert(QStringLiteral("balance"), formatScaled(m.balanceFen(), 2));
        o.insert(QStringLiteral("purchases"), m.purchaseCount());
        o.insert(QStringLiteral("price"), formatScaled(m.priceTenThousandths(), 4));
        o.insert(QStringLiteral("alarm"), formatScaled(m.alarmFen(), 2));
    }
    o.insert(QStringLiteral("overload"), m.overloadW());
    return o;
}

} // namespace md::sim

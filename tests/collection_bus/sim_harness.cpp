#include "sim_harness.h"

#include "sim_bus.h"
#include "sim_meter.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

namespace md::collection::test {

SimHarness::SimHarness(sim::Scenario scenario)
    : m_clock(std::make_unique<ScaledClock>(scenario.start, scenario.speed))
{
    m_sim = std::make_unique<sim::Simulator>(std::move(scenario), *m_clock);
    m_sim->start();
}

SimHarness SimHarness::fromText(const char* text)
{
    return SimHarness(sim::Scenario::parse(QByteArray(text), QStringLiteral("test")));
}

SimHarness SimHarness::fromFile(const QString& path)
{
    return SimHarness(sim::Scenario::fromFile(path));
}

BusSettings SimHarness::bus(const QString& name, TransportKind kind) const
{
    for (const sim::BusConfig& b : m_sim->scenario().buses) {
        if (b.name != name)
            continue;
        BusSettings s;
        s.name = b.name;
        s.device = m_sim->bus(b.name)->path();
        s.baud = b.baud;
        s.parity = b.parity == sim::Parity::None   ? QSerialPort::NoParity
                   : b.parity == sim::Parity::Even ? QSerialPort::EvenParity
                                                   : QSerialPort::OddParity;
        s.dataBits = b.dataBits == 7 ? QSerialPort::Data7 : QSerialPort::Data8;
        s.stopBits = b.stopBits == 2 ? QSerialPort::TwoStop : QSerialPort::OneStop;
        s.transport = kind;
        s.meterUtcOffsetSeconds = m_sim->scenario().utcOffsetSeconds;
        return s;
    }
    return {};
}

std::vector<BusSettings> SimHarness::buses(TransportKind kind) const
{
    std::vector<BusSettings> out;
    for (const sim::BusConfig& b : m_sim->scenario().buses)
        out.push_back(bus(b.name, kind));
    return out;
}

std::vector<MeterEndpoint> SimHarness::meters(const QString& busName) const
{
    std::vector<MeterEndpoint> out;
    const auto& all = m_sim->scenario().meters;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const sim::MeterConfig& m = all[i];
        if (!busName.isEmpty() && m.bus != busName)
            continue;
        MeterEndpoint e;
        e.id = MeterId{qint64(i) + 1};
        e.name = m.name;
        e.bus = m.bus;
        e.protocol = m.protocol;
        e.mapKey = m.map ? QString::fromLatin1(m.map->key) : QString();
        e.slave = m.slave;
        e.address = m.address;
        e.cjtType = m.cjtType;
        e.diOrder = m.diOrder;
        e.auth.password = m.password;
        e.readRates = m.tou.has_value();
        e.meterSideBalance = m.prepaid && m.protocol == protocol::Protocol::Dlt645;
        out.push_back(e);
    }
    return out;
}

MeterId SimHarness::id(const QString& meterName) const
{
    const auto& all = m_sim->scenario().meters;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].name == meterName)
            return MeterId{qint64(i) + 1};
    return MeterId{};
}

QString SimHarness::nameOf(MeterId id) const
{
    const auto& all = m_sim->scenario().meters;
    if (id.v < 1 || std::size_t(id.v) > all.size())
        return QString();
    return all[std::size_t(id.v - 1)].name;
}

qint64 SimHarness::totalMilli(const QString& meterName)
{
    sim::SimMeter& m = meter(meterName);
    m.advanceTo(m_clock->nowUtc());
    return m.energyCenti() * 10;
}

bool waitUntil(const std::function<bool()>& done, int ms)
{
    // Blocks in the event loop until something happens; the tick only bounds how late the
    // deadline is noticed when nothing does.
    QDeadlineTimer deadline(ms);
    QTimer tick;
    tick.start(20);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace md::collection::test

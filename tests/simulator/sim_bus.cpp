#include "sim_bus.h"

#include "sim_meter.h"

#include <QSocketNotifier>

#include <sys/timerfd.h>
#include <unistd.h>

#include <map>

namespace md::sim {

SimBus::SimBus(BusConfig config, std::vector<SimMeter*> meters, const Clock& clock,
               QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_meters(std::move(meters))
    , m_clock(clock)
    , m_byteNs(m_config.byteTimeNs())
{
    // One slave per protocol family present; DL/T 645-1997 meters share the 2007 framing.
    std::map<int, std::vector<SimMeter*>> families;
    for (SimMeter* m : m_meters) {
        const protocol::Protocol p = m->config().protocol;
        families[p == protocol::Protocol::Dlt645_1997 ? int(protocol::Protocol::Dlt645)
                                                      : int(p)]
            .push_back(m);
    }
    for (auto& [family, members] : families) {
        switch (protocol::Protocol(family)) {
        case protocol::Protocol::ModbusRtu:
            m_slaves.push_back(makeModbusSlave(members));
            break;
        case protocol::Protocol::Cjt188:
            m_slaves.push_back(makeCjt188Slave(members));
            break;
        default:
            m_slaves.push_back(makeDlt645Slave(members));
            break;
        }
    }
}

SimBus::~SimBus()
{
    if (m_timerFd >= 0)
        ::close(m_timerFd);
}

void SimBus::open()
{
    m_port.open(m_config);
    m_readNotifier = new QSocketNotifier(m_port.fd(), QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &SimBus::onReadable);
    m_timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    m_timerNotifier = new QSocketNotifier(m_timerFd, QSocketNotifier::Read, this);
    connect(m_timerNotifier, &QSocketNotifier::activated, this, &SimBus::onTimer);
}

void SimBus::onReadable()
{
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(m_port.fd(), buf, sizeof buf);
        if (n <= 0)
            return;
        const qint64 now = monotonicNs();
        // 3.5 character times of silence end a request (the Modbus RTU rule, used for all).
        if (m_frameStartNs < 0 || now - m_lastRxNs > 7 * m_byteNs / 2) {
            // A new request: whatever a parser still holds from before is over. On a mixed bus
            // the Modbus parser takes a DL/T 645 request's bytes for the start of a long frame
            // and would hold them (and the next Modbus request behind them) until a few hundred
            // bytes had come; silence ends a frame (the RTU rule), so end it here.
            for (const std::unique_ptr<ProtocolSlave>& slave : m_slaves)
                for (const protocol::FrameEvent& e : slave->parser().finish())
                    if (e.valid())
                        dispatch(e.bytes, *slave, e.bytes.size());
            m_frameStartNs = now;
            m_rxBytes = 0;
        }
        m_lastRxNs = now;
        m_rxBytes += n;
        const QByteArrayView chunk(buf, n);
        for (const std::unique_ptr<ProtocolSlave>& slave : m_slaves) {
            for (const protocol::FrameEvent& e : slave->parser().feed(chunk)) {
                if (e.valid())
                    dispatch(e.bytes, *slave, m_rxBytes);
                else if (m_slaves.size() == 1) // other families' frames are not "bad"
                    ++m_stats.badFrames;
            }
        }
    }
}

bool SimBus::admit(SimMeter& meter)
{
    const FaultConfig& f = meter.config().faults;
    return !meter.killed() && !meter.roll(f.dead) && !meter.roll(f.drop);
}

void SimBus::dispatch(const QByteArray& frame, ProtocolSlave& slave, qint64 requestBytes)
{
    ++m_stats.framesReceived;
    const qint64 firstByte = m_frameStartNs;
    m_frameStartNs = -1; // the next byte starts the next request
    const QDateTime now = m_clock.nowUtc();
    for (SimMeter* m : m_meters)
        m->advanceTo(now);
    Outcome o = slave.handle(frame, [this](SimMeter& m) { return admit(m); });
    if (!o.meter)
        return; // another address, or a broadcast
    if (o.reply.isEmpty()) {
        ++m_stats.unanswered;
        emit unanswered(o.meter->name());
        return;
    }
    SimMeter& meter = *o.meter;
    const FaultConfig& f = meter.config().faults;
    if (meter.roll(f.wrongAddress))
        o.reply = slave.readdressed(o.reply);
    if (meter.roll(f.corrupt)) {
        const auto at = qsizetype(meter.randomBelow(quint64(o.reply.size())));
        o.reply[at] = char(quint8(o.reply[at]) ^ quint8(1 + meter.randomBelow(255)));
    }
    const qint64 extra = meter.roll(f.late) ? f.lateMs * 1'000'000 : 0;

    Pending p;
    p.bytes = o.reply;
    p.meter = meter.name();
    p.firstByteNs = firstByte;
    const qint64 latency = m_config.latencyUs * 1000 + extra;
    p.expectedNs = (requestBytes + p.bytes.size()) * m_byteNs + latency;
    // Half duplex: an answer starts after the request has crossed the wire and the meter has
    // thought, and never before the previous answer has left the line.
    p.startNs = std::max(firstByte + requestBytes * m_byteNs + latency, m_lineFreeNs);
    m_lineFreeNs = p.startNs + p.bytes.size() * m_byteNs;
    m_queue.push_back(std::move(p));
    pump();
}

void SimBus::arm(qint64 atNs)
{
    itimerspec spec{};
    spec.it_value.tv_sec = atNs / 1'000'000'000;
    spec.it_value.tv_nsec = atNs % 1'000'000'000;
    timerfd_settime(m_timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void SimBus::onTimer()
{
    quint64 expirations = 0;
    if (::read(m_timerFd, &expirations, sizeof expirations) < 0) {
        // EAGAIN: a stale wake-up; pump() below decides from the clock anyway.
    }
    pump();
}

void SimBus::pump()
{
    while (!m_queue.empty()) {
        Pending& p = m_queue.front();
        const qint64 now = monotonicNs();
        // Byte k (1-based) is out when its last bit is: start + k × byte time.
        const qsizetype due = now < p.startNs
                                  ? 0
                                  : std::min<qsizetype>(p.bytes.size(),
                                                        qsizetype((now - p.startNs) / m_byteNs));
        if (due > p.sent) {
            const qsizetype written = m_port.write(p.bytes.constData() + p.sent, due - p.sent);
            m_stats.bytesDropped += (due - p.sent) - written;
            p.sent = due;
        }
        if (p.sent < p.bytes.size()) {
            arm(p.startNs + (p.sent + 1) * m_byteNs);
            return;
        }
        const qint64 actual = now - p.firstByteNs;
        ++m_stats.answered;
        ++m_stats.timedAnswers;
        m_stats.sumExpectedNs += p.expectedNs;
        m_stats.sumActualNs += actual;
        m_stats.maxLateNs = std::max(m_stats.maxLateNs, actual - p.expectedNs);
        m_stats.maxEarlyNs = std::max(m_stats.maxEarlyNs, p.expectedNs - actual);
        const QString meter = p.meter;
        m_queue.pop_front();
        emit answered(meter);
    }
}

} // namespace md::sim

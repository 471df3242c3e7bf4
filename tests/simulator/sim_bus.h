#pragma once

#include "port.h"
#include "scenario.h"
#include "slave.h"

#include "util/clock.h"

#include <QObject>

#include <deque>
#include <memory>
#include <vector>

class QSocketNotifier;

namespace md::sim {

class SimMeter;

// What a bus did, for the `stats` command, the tests and the timing figures in the docs.
struct BusStats
{
    qint64 framesReceived = 0; // well-formed frames, any address
    qint64 badFrames = 0;      // rejected by a parser (CRC, checksum, length)
    qint64 answered = 0;       // answers fully written
    qint64 unanswered = 0;     // frames for one of our meters left without an answer (faults)
    qint64 bytesDropped = 0;   // answer bytes the kernel did not take (nobody reading)
    // Achieved timing of each answer: (last byte out - first request byte in) against the
    // byte arithmetic (request + answer bytes) × byte time + latency.
    qint64 timedAnswers = 0;
    qint64 sumExpectedNs = 0;
    qint64 sumActualNs = 0;
    qint64 maxLateNs = 0;  // worst actual - expected
    qint64 maxEarlyNs = 0; // worst expected - actual (should stay 0)
};

// One simulated RS-485 bus with our own slaves (many meters, several protocols): reads the
// request bytes, answers for the addressed meter after the wire time of the request plus the
// latency, and releases the answer byte by byte at the configured baud (timerfd, absolute
// monotonic deadlines, so errors do not add up).
class SimBus : public QObject
{
    Q_OBJECT
public:
    SimBus(BusConfig config, std::vector<SimMeter*> meters, const Clock& clock,
           QObject* parent = nullptr);
    ~SimBus() override;

    void open(); // throws md::Error
    const BusConfig& config() const { return m_config; }
    QString path() const { return m_port.path(); }
    const BusStats& stats() const { return m_stats; }
    const std::vector<SimMeter*>& meters() const { return m_meters; }

signals:
    void answered(const QString& meter);    // after the last byte went out
    void unanswered(const QString& meter);  // a fault (dead, drop) swallowed a request

private:
    struct Pending
    {
        QByteArray bytes;
        qint64 firstByteNs; // arrival of the request's first byte
        qint64 expectedNs;  // (request + answer bytes) × byte time + latency (+ late fault)
        qint64 startNs;     // when the first bit of the answer goes out
        qsizetype sent = 0;
        QString meter;
    };

    void onReadable();
    void onTimer();
    void dispatch(const QByteArray& frame, ProtocolSlave& slave, qint64 requestBytes);
    bool admit(SimMeter& meter);
    void arm(qint64 atNs);
    void pump();

    BusConfig m_config;
    std::vector<SimMeter*> m_meters;
    const Clock& m_clock;
    Port m_port;
    std::vector<std::unique_ptr<ProtocolSlave>> m_slaves;
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_timerNotifier = nullptr;
    int m_timerFd = -1;
    qint64 m_byteNs;
    qint64 m_frameStartNs = -1; // first byte of the request being received
    qint64 m_lastRxNs = 0;
    qint64 m_rxBytes = 0;
    qint64 m_lineFreeNs = 0; // the end of the last answer on the wire
    std::deque<Pending> m_queue;
    BusStats m_stats;
};

} // namespace md::sim

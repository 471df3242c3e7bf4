#pragma once

#include "collection/bus_settings.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

namespace md::collection {

// One request/answer on the bus, as the transport saw it.
struct Exchange
{
    enum class Status {
        Ok,           // `frame` is a well-formed answer the filter accepted
        Timeout,      // nothing (or nothing well-formed) before the deadline
        Corrupt,      // bytes arrived but no frame passed its CRC/checksum
        WrongAddress, // only answers from another meter came
        PortError,    // the device failed (unplugged adapter)
    };
    Status status = Status::Timeout;
    QByteArray frame;   // the accepted frame (wake-up bytes removed)
    QByteArray raw;     // every byte received during the exchange
    qint64 elapsedUs = 0; // request written -> last byte of the answer
    int rejectedFrames = 0; // CRC/checksum/length failures seen
    int foreignFrames = 0;  // well-formed frames the filter refused (another address)
    QString problem;        // translated, for PortError
};

// Whether a well-formed frame is the answer we wait for: the driver checks the address echo.
using AnswerFilter = std::function<bool(const QByteArray& frame)>;

// A half-duplex bus: one request at a time, blocking until the answer or the deadline. It runs
// in its bus worker's thread only (each bus has its own thread, so blocking is the point: the
// line is busy anyway).
class BusTransport
{
    Q_DECLARE_TR_FUNCTIONS(md::collection::BusTransport)
public:
    virtual ~BusTransport() = default;
    virtual bool open(QString* problem) = 0;
    virtual void close() = 0;
    virtual bool supports(protocol::Protocol p) const = 0;
    virtual Exchange transact(protocol::Protocol p, const QByteArray& request, int timeoutMs,
                              const AnswerFilter& accept) = 0;
};

// The transport that owns the serial port itself: any protocol, mixed on one line. Answers are
// framed by the protocol's incremental parser; Modbus requests keep the t3.5 silence before
// them (DL/T 645 and CJ/T 188 frames have start bytes and FE wake-up bytes instead); a garbled
// answer ends at `frameSilenceMs` of silence.
class SerialBusTransport final : public BusTransport
{
    // Its own context: the base's tr() would look these messages up under BusTransport.
    Q_DECLARE_TR_FUNCTIONS(md::collection::SerialBusTransport)
public:
    explicit SerialBusTransport(BusSettings settings);
    ~SerialBusTransport() override;
    bool open(QString* problem) override;
    void close() override;
    bool supports(protocol::Protocol) const override { return true; }
    Exchange transact(protocol::Protocol p, const QByteArray& request, int timeoutMs,
                      const AnswerFilter& accept) override;

private:
    void keepGap(protocol::Protocol p);
    BusSettings m_settings;
    class QSerialPort* m_port = nullptr;
    qint64 m_lastActivityNs = 0; // monotonic, last byte written or read
};

} // namespace md::collection

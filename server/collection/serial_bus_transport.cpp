// The bus transport over QSerialPort: one request at a time, framed by the protocol parsers.
#include "collection/bus_transport.h"

#include "protocol/cjt188.h"
#include "protocol/dlt645_frame.h"
#include "protocol/modbus_parser.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSerialPort>

#include <memory>

namespace md::collection {

namespace {
qint64 monotonicNs()
{
    static QElapsedTimer t = [] {
        QElapsedTimer e;
        e.start();
        return e;
    }();
    return t.nsecsElapsed();
}

std::unique_ptr<protocol::StreamParser> parserFor(protocol::Protocol p)
{
    switch (p) {
    case protocol::Protocol::ModbusRtu:
        return std::make_unique<protocol::ModbusRtuParser>();
    case protocol::Protocol::Dlt645:
    case protocol::Protocol::Dlt645_1997:
        return std::make_unique<protocol::Dlt645Parser>();
    case protocol::Protocol::Cjt188:
        return std::make_unique<protocol::Cjt188Parser>();
    }
    return nullptr;
}
} // namespace

SerialBusTransport::SerialBusTransport(BusSettings settings)
    : m_settings(std::move(settings))
{
}

SerialBusTransport::~SerialBusTransport()
{
    close();
}

bool SerialBusTransport::open(QString* problem)
{
    close();
    m_port = new QSerialPort;
    // A path, not a name from the port list: pseudo terminals are not listed by Qt.
    m_port->setPortName(m_settings.device);
    if (!m_port->open(QIODevice::ReadWrite)) {
        if (problem)
            *problem = tr("cannot open bus %1 (%2): %3")
                           .arg(m_settings.name, m_settings.device, m_port->errorString());
        close();
        return false;
    }
    const bool ok = m_port->setBaudRate(m_settings.baud) && m_port->setParity(m_settings.parity)
                    && m_port->setDataBits(m_settings.dataBits)
                    && m_port->setStopBits(m_settings.stopBits)
                    && m_port->setFlowControl(QSerialPort::NoFlowControl);
    // A pseudo terminal (metersim, socat) keeps no parity or baud: Linux refuses some of the
    // settings there, and nothing on a pty depends on them.
    const bool pseudoTerminal =
        QFileInfo(m_settings.device).canonicalFilePath().startsWith(u"/dev/pts/");
    if (!ok && !pseudoTerminal) {
        if (problem)
            *problem = tr("cannot set the line parameters of bus %1 (%2): %3")
                           .arg(m_settings.name, m_settings.device, m_port->errorString());
        close();
        return false;
    }
    m_port->clear();
    m_lastActivityNs = monotonicNs();
    return true;
}

void SerialBusTransport::close()
{
    if (m_port) {
        m_port->close();
        delete m_port;
        m_port = nullptr;
    }
}

void SerialBusTransport::keepGap(protocol::Protocol p)
{
    // Modbus RTU separates frames by 3.5 character times of silence; DL/T 645 and CJ/T 188
    // frames have start bytes and wake-up bytes (FE) in front, so they need no gap. Stray
    // bytes that arrive meanwhile (a late answer to an earlier request) are read and dropped.
    const qint64 gapNs = p == protocol::Protocol::ModbusRtu ? m_settings.interFrameGapUs() * 1000 : 0;
    for (;;) {
        const qint64 left = m_lastActivityNs + gapNs - monotonicNs();
        if (left <= 0)
            break;
        if (m_port->waitForReadyRead(int((left + 999'999) / 1'000'000))) {
            m_port->readAll();
            m_lastActivityNs = monotonicNs();
        }
    }
    if (m_port->bytesAvailable() > 0)
        m_port->readAll();
}

Exchange SerialBusTransport::transact(protocol::Protocol p, const QByteArray& request,
                                      int timeoutMs, const AnswerFilter& accept)
{
    Exchange ex;
    if (!m_port || !m_port->isOpen()) {
        ex.status = Exchange::Status::PortError;
        ex.problem = tr("bus %1 is not open").arg(m_settings.name);
        return ex;
    }
    keepGap(p);
    std::unique_ptr<protocol::StreamParser> parser = parserFor(p);
    m_port->write(request);
    // The request's own wire time is part of the exchange: the deadline covers it.
    const qint64 requestNs = qint64(request.size()) * m_settings.byteTimeUs() * 1000;
    const qint64 startNs = monotonicNs();
    const qint64 deadlineNs = startNs + requestNs + qint64(timeoutMs) * 1'000'000;
    const qint64 silenceNs =
        std::max<qint64>(m_settings.frameSilenceMs * 1'000'000LL, m_settings.interFrameGapUs() * 1000);
    qint64 lastByteNs = -1;

    auto judge = [&](const std::vector<protocol::FrameEvent>& events) {
        for (const protocol::FrameEvent& e : events) {
            if (!e.valid()) {
                ++ex.rejectedFrames;
                continue;
            }
            if (accept && !accept(e.bytes)) {
                ++ex.foreignFrames;
                continue;
            }
            ex.frame = e.bytes;
            return true;
        }
        return false;
    };

    for (;;) {
        const qint64 now = monotonicNs();
        qint64 until = deadlineNs;
        if (lastByteNs >= 0 && (ex.rejectedFrames > 0 || parser->bufferedBytes() > 0))
            until = std::min(until, lastByteNs + silenceNs); // a garbled answer ends in silence
        if (now >= until)
            break;
        if (!m_port->waitForReadyRead(int((until - now + 999'999) / 1'000'000))) {
            if (m_port->error() != QSerialPort::NoError
                && m_port->error() != QSerialPort::TimeoutError) {
                ex.status = Exchange::Status::PortError;
                ex.problem = m_port->errorString();
                m_port->clearError();
                return ex;
            }
            continue;
        }
        const QByteArray bytes = m_port->readAll();
        lastByteNs = monotonicNs();
        m_lastActivityNs = lastByteNs;
        ex.raw += bytes;
        if (judge(parser->feed(bytes))) {
            ex.status = Exchange::Status::Ok;
            ex.elapsedUs = (lastByteNs - startNs) / 1000;
            return ex;
        }
    }
    if (judge(parser->finish())) {
        ex.status = Exchange::Status::Ok;
        ex.elapsedUs = (lastByteNs - startNs) / 1000;
        return ex;
    }
    ex.elapsedUs = (monotonicNs() - startNs) / 1000;
    if (ex.rejectedFrames > 0)
        ex.status = Exchange::Status::Corrupt;
    else if (ex.foreignFrames > 0)
        ex.status = Exchange::Status::WrongAddress;
    else
        ex.status = Exchange::Status::Timeout;
    return ex;
}

} // namespace md::collection

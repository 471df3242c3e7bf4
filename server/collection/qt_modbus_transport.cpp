// QModbusRtuSerialClient as a bus transport (pure-Modbus buses).
#include "collection/qt_modbus_transport.h"

#include "protocol/modbus_crc.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QModbusReply>
#include <QModbusRtuSerialClient>
#include <QTimer>

namespace md::collection {

QtModbusTransport::QtModbusTransport(BusSettings settings)
    : m_settings(std::move(settings))
{
}

QtModbusTransport::~QtModbusTransport()
{
    close();
}

bool QtModbusTransport::open(QString* problem)
{
    close();
    m_client = new QModbusRtuSerialClient;
    m_client->setConnectionParameter(QModbusDevice::SerialPortNameParameter, m_settings.device);
    m_client->setConnectionParameter(QModbusDevice::SerialBaudRateParameter, m_settings.baud);
    m_client->setConnectionParameter(QModbusDevice::SerialParityParameter, m_settings.parity);
    m_client->setConnectionParameter(QModbusDevice::SerialDataBitsParameter, m_settings.dataBits);
    m_client->setConnectionParameter(QModbusDevice::SerialStopBitsParameter, m_settings.stopBits);
    m_client->setNumberOfRetries(0); // the bus worker retries, and counts what it retries
    if (!m_client->connectDevice() || m_client->state() != QModbusDevice::ConnectedState) {
        if (problem)
            *problem = tr("cannot open bus %1 (%2): %3")
                           .arg(m_settings.name, m_settings.device, m_client->errorString());
        close();
        return false;
    }
    return true;
}

void QtModbusTransport::close()
{
    if (m_client) {
        m_client->disconnectDevice();
        delete m_client;
        m_client = nullptr;
    }
}

Exchange QtModbusTransport::transact(protocol::Protocol p, const QByteArray& request,
                                     int timeoutMs, const AnswerFilter& accept)
{
    Exchange ex;
    if (!m_client || p != protocol::Protocol::ModbusRtu || request.size() < 4) {
        ex.status = Exchange::Status::PortError;
        ex.problem = tr("bus %1 carries Modbus RTU only").arg(m_settings.name);
        return ex;
    }
    const quint8 slave = quint8(request[0]);
    const auto function = QModbusPdu::FunctionCode(quint8(request[1]));
    const QByteArray data = request.mid(2, request.size() - 4); // without slave and CRC
    const qint64 requestUs = qint64(request.size()) * m_settings.byteTimeUs();
    m_client->setTimeout(int(timeoutMs + requestUs / 1000));

    QElapsedTimer clock;
    clock.start();
    QModbusReply* reply = m_client->sendRawRequest(QModbusRequest(function, data), slave);
    if (!reply) {
        ex.status = Exchange::Status::PortError;
        ex.problem = m_client->errorString();
        return ex;
    }
    if (!reply->isFinished()) {
        // Qt answers through its event loop; this one runs only until this reply is done (the
        // client's own timeout fires first; the guard is for a client that never answers).
        QEventLoop loop;
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(reply, &QModbusReply::finished, &loop, &QEventLoop::quit);
        QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
        guard.start(timeoutMs + int(requestUs / 1000) + 1000);
        loop.exec();
    }
    ex.elapsedUs = clock.nsecsElapsed() / 1000;
    const QModbusResponse pdu = reply->rawResult();
    const QModbusDevice::Error error = reply->error();
    const bool finished = reply->isFinished();
    reply->deleteLater();
    if (!finished || error == QModbusDevice::TimeoutError) {
        ex.status = Exchange::Status::Timeout;
        return ex;
    }
    if (error != QModbusDevice::NoError && error != QModbusDevice::ProtocolError) {
        ex.status = Exchange::Status::Corrupt;
        ex.problem = m_client->errorString();
        return ex;
    }
    // Back to an ADU (exception answers included) for the driver's checks.
    QByteArray adu;
    adu.append(char(reply->serverAddress()));
    adu.append(char(quint8(pdu.functionCode()) | (pdu.isException() ? 0x80 : 0x00)));
    adu.append(pdu.data());
    const quint16 crc = protocol::modbusCrc(adu);
    adu.append(char(crc & 0xFF));
    adu.append(char(crc >> 8));
    ex.raw = adu;
    if (accept && !accept(adu)) {
        ex.foreignFrames = 1;
        ex.status = Exchange::Status::WrongAddress;
        return ex;
    }
    ex.frame = adu;
    ex.status = Exchange::Status::Ok;
    return ex;
}

} // namespace md::collection

#pragma once

#include "collection/bus_transport.h"

class QModbusRtuSerialClient;

namespace md::collection {

// Pure-Modbus buses through Qt's QModbusRtuSerialClient (QtSerialBus), behind the same
// interface: the request ADU built by our driver is handed to Qt as a raw PDU and Qt's answer
// comes back as an ADU, so the drivers and their address checks stay the same. Qt keeps the
// t3.5 gap and checks the CRC itself; retries are ours (Qt's are switched off).
class QtModbusTransport final : public BusTransport
{
    // Its own context: the base's tr() would look these messages up under BusTransport.
    Q_DECLARE_TR_FUNCTIONS(md::collection::QtModbusTransport)
public:
    explicit QtModbusTransport(BusSettings settings);
    ~QtModbusTransport() override;
    bool open(QString* problem) override;
    void close() override;
    bool supports(protocol::Protocol p) const override
    {
        return p == protocol::Protocol::ModbusRtu;
    }
    Exchange transact(protocol::Protocol p, const QByteArray& request, int timeoutMs,
                      const AnswerFilter& accept) override;

private:
    BusSettings m_settings;
    QModbusRtuSerialClient* m_client = nullptr;
};

} // namespace md::collection

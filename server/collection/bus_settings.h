#pragma once

#include "collection/meter_reading.h"
#include "money/ids.h"
#include "protocol/cjt188.h"
#include "protocol/dlt645_codec.h"
#include "protocol/frame_decoder.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QSerialPort>
#include <QString>

#include <vector>

namespace md::collection {

// Which code moves the bytes of a bus. `Serial` owns the port and frames every protocol
// (mixed buses); `QtModbus` is QModbusRtuSerialClient, for buses with Modbus meters only.
enum class TransportKind { Serial, QtModbus };

// One RS-485 bus as the service configuration describes it. The service config (server/config)
// fills this; the defaults are what an office bus at 9600 8E1 needs.
struct BusSettings
{
    QString name;
    QString device; // a path: /dev/ttyUSB0, a socat/metersim pseudo terminal
    qint32 baud = 9600;
    QSerialPort::Parity parity = QSerialPort::EvenParity;
    QSerialPort::DataBits dataBits = QSerialPort::Data8;
    QSerialPort::StopBits stopBits = QSerialPort::OneStop;
    TransportKind transport = TransportKind::Serial;

    int requestTimeoutMs = 1000; // reads of a meter until it has answered a few times
    int minTimeoutMs = 60;       // floor of the adaptive timeout (on top of the wire time)
    int probeTimeoutMs = 80;     // the one short probe of a meter that missed cycles
    int frameSilenceMs = 20;     // silence that ends a garbled answer (USB adapters buffer)
    int retries = 2;             // extra attempts of a read whose answer was bad or missing
    int probeAfterMisses = 2;    // missed cycles before a meter is only probed
    int lostAfterMisses = 4;     // missed cycles that mark a meter lost (失联)
    int commandAttempts = 3;     // switch command + read-back, with backoff between
    int commandBackoffMs = 500;  // doubles after each unconfirmed attempt
    int dlt645WakeBytes = 4;     // FE bytes before each DL/T 645 request
    // Silence before a Modbus request, -1: t3.5 as the spec requires (other slaves delimit
    // frames by it). libmodbus/mbpoll keep none; 0 here does the same, for comparisons only.
    qint64 modbusGapUs = -1;
    qint64 meterUtcOffsetSeconds = 8 * 3600; // meters' local time (DL/T 645 command validity)

    int bitsPerByte() const;
    qint64 byteTimeUs() const; // one character on the wire
    qint64 interFrameGapUs() const; // Modbus t3.5 (1750 us above 19200 baud, as the spec says)
};

// One meter of the registry as the bus side needs it.
struct MeterEndpoint
{
    MeterId id;
    QString name; // for logs and diagnostics
    QString bus;
    protocol::Protocol protocol = protocol::Protocol::ModbusRtu;
    QString mapKey;  // Modbus register map
    quint8 slave = 1; // Modbus
    QByteArray address; // DL/T 645: 6 bytes, CJ/T 188: 7 bytes, low byte first
    quint8 cjtType = protocol::cjt188::kColdWater;
    protocol::Cjt188DiOrder diOrder = protocol::Cjt188DiOrder::HighFirst;
    protocol::Dlt645Auth auth; // DL/T 645 relay password and operator code
    bool readRates = true;      // time-of-use registers (where the protocol has them)
    bool meterSideBalance = false; // DL/T 645 费控: read balance and purchase count
    // Lost (失联) when the service last ran: probed with the short timeout from the first cycle
    // on instead of costing the bus full timeouts and retries until it has missed cycles again.
    bool knownLost = false;
};

// A relay/valve command.
enum class SwitchCommand { Trip, Close, ForceOn, ForceOnRelease };
QString switchCommandKey(SwitchCommand c); // "trip", "close", "force-on", "force-on-release"

// What a switch command came to. `confirmed` only when the state read back is the one asked
// for; a command the meter refused or whose read-back disagrees is never reported as done.
struct CommandResult
{
    MeterId meter;
    SwitchCommand command = SwitchCommand::Trip;
    bool confirmed = false;
    SwitchState observed = SwitchState::Unknown; // the last state read back
    int attempts = 0;
    QString problem; // translated; empty when confirmed
    // {"meter", "command", "confirmed", "observed", "attempts", "problem"}: for events and logs.
    QJsonObject toJson() const;
};

// A recharge written to a meter that keeps its own balance (表端费控). The meter takes a purchase
// only with sequence = its purchase count + 1, so sending the same purchase again cannot credit
// twice; `confirmed` when the purchase count read back equals the sequence.
struct PurchaseResult
{
    MeterId meter;
    Money amount;
    qint64 sequence = 0;
    bool confirmed = false;
    std::optional<Money> balance;        // read back
    std::optional<qint64> purchaseCount; // read back
    int attempts = 0;
    QString problem; // translated; empty when confirmed
    QJsonObject toJson() const;
};

// One setting downloaded to a meter (设置下发): a writable register of its map by key —
// "alarm.threshold" (yuan, 2 decimals), "tariff.price" (yuan per unit, 4 decimals),
// "overload.limit" (W, 0 decimals) — as an exact scaled integer.
struct SettingValue
{
    QString key;
    qint64 scaled = 0;
    int decimals = 0;
};

// What a settings download came to: `confirmed` only when every value read back equals what
// was written.
struct SettingsResult
{
    MeterId meter;
    QList<SettingValue> settings;
    bool confirmed = false;
    int attempts = 0;
    QString problem; // translated; empty when confirmed
    QJsonObject toJson() const; // {"meter", "settings": {key: "text"}, "confirmed", "attempts", "problem"}
};

} // namespace md::collection

Q_DECLARE_METATYPE(md::collection::SettingsResult)
Q_DECLARE_METATYPE(md::collection::PurchaseResult)
Q_DECLARE_METATYPE(md::MeterReading)
Q_DECLARE_METATYPE(md::collection::CommandResult)
Q_DECLARE_METATYPE(md::collection::SwitchCommand)

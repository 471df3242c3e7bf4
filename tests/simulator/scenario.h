#pragma once

#include "consumption.h"

#include "protocol/cjt188.h"
#include "protocol/frame_decoder.h"
#include "protocol/register_map.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <vector>

namespace md::sim {

// One fault: with a probability (parts per million) and/or inside a window of simulated time
// (ms after the scenario start). "0.05", "10m..20m", "0.5 @ 10m..20m", "yes", "no".
struct FaultRule
{
    qint64 ppm = 0;
    qint64 fromMs = -1; // -1: no window, always eligible
    qint64 toMs = -1;
    bool eligible(qint64 offsetMs) const
    {
        return ppm > 0 && (fromMs < 0 || (offsetMs >= fromMs && offsetMs < toMs));
    }
};

struct FaultConfig
{
    FaultRule dead;         // no answer at all
    FaultRule drop;         // this request goes unanswered
    FaultRule corrupt;      // one byte of the answer flipped
    FaultRule late;         // the answer comes lateMs later than usual
    FaultRule wrongAddress; // a well-formed answer from another address
    qint64 lateMs = 500;
    std::vector<qint64> counterResetsMs; // meter swaps: registers back to 0 at these offsets
};

enum class Parity { None, Even, Odd };

struct BusConfig
{
    QString name;
    QString device; // empty: metersim opens a pseudo terminal itself
    QString link;   // a symlink to the path the service should open (optional)
    int baud = 9600;
    int dataBits = 8;
    Parity parity = Parity::Even;
    int stopBits = 1;
    qint64 latencyUs = 20'000; // meter think time after the request's last byte
    enum class Engine { Auto, Own, Qt } engine = Engine::Auto;

    int bitsPerByte() const { return 1 + dataBits + (parity == Parity::None ? 0 : 1) + stopBits; }
    // One character on the wire, in nanoseconds: 11 bits at 9600 = 1145833 ns.
    qint64 byteTimeNs() const { return qint64(bitsPerByte()) * 1'000'000'000LL / baud; }
};

struct MeterConfig
{
    QString name;
    QString bus;
    protocol::Protocol protocol = protocol::Protocol::ModbusRtu;
    const protocol::RegisterMap* map = nullptr; // Modbus
    quint8 slave = 1;                           // Modbus
    QByteArray address;                         // DL/T 645 (6 bytes) / CJ/T 188 (7 bytes)
    quint8 cjtType = protocol::cjt188::kColdWater;
    protocol::Cjt188DiOrder diOrder = protocol::Cjt188DiOrder::HighFirst;
    quint32 password = 0; // DL/T 645 relay password (P0..P2 as printed)

    LoadProfile profile;
    std::optional<TouSchedule> tou; // empty: single-rate meter (total only)
    qint64 initialCenti = 0;        // register at the start, 0.01 kWh / 0.01 m³
    qint64 overloadW = 0;           // trip above this load (0: never)
    bool relayOpen = false;

    bool prepaid = false;
    qint64 balanceFen = 0;
    qint64 priceTenThousandths = 0; // per kWh / m³
    int purchaseCount = 0;
    qint64 alarmFen = 1000; // pre-trip alarm below this balance

    FaultConfig faults;
};

struct Scenario
{
    QString source;
    quint64 seed = 1;
    QDateTime start;              // simulated time at startup (UTC)
    qint64 speed = 1;             // time-acceleration factor for consumption
    qint64 utcOffsetSeconds = 8 * 3600; // meters' local time (China: UTC+8)
    std::vector<BusConfig> buses;
    std::vector<MeterConfig> meters;

    // Reads a scenario file (INI, see docs/simulator.md). Throws md::InputError naming the
    // file, line and problem.
    static Scenario fromFile(const QString& path);
    static Scenario parse(const QByteArray& text, const QString& source);
};

} // namespace md::sim

#pragma once

#include "protocol/protocol_types.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace md::protocol {

// CJ/T 188-2004 (户用计量仪表数据传输技术条件), the frame water, heat and gas meters use:
//   [FE...] 68 T A0..A6 C L D0..D(L-1) CS 16
// T: meter type; A0..A6: BCD address, low byte first (14 digits on the nameplate); no data
// offset (unlike DL/T 645); CS: byte sum from 68 to the last data byte.
struct Cjt188Frame
{
    quint8 meterType = 0x10;
    QByteArray address; // 7 bytes, low byte first
    quint8 control = 0;
    QByteArray data;

    bool isResponse() const { return (control & 0x80) != 0; }
    bool isAbnormal() const { return (control & 0x40) != 0; }
    quint8 function() const { return control & 0x3F; }
};

namespace cjt188 {
inline constexpr quint8 kStart = 0x68;
inline constexpr quint8 kEnd = 0x16;
inline constexpr int kMaxData = 100; // 64H: the standard's limit for L
// Meter types (T).
inline constexpr quint8 kColdWater = 0x10;
inline constexpr quint8 kHotWater = 0x11;
inline constexpr quint8 kHeat = 0x20;    // heat meter, heating
inline constexpr quint8 kCooling = 0x21; // heat meter, cooling
inline constexpr quint8 kGas = 0x30;
inline constexpr quint8 kAnyType = 0xAA;
// Control codes.
inline constexpr quint8 kReadData = 0x01;
inline constexpr quint8 kReadAddress = 0x03;
inline constexpr quint8 kWriteData = 0x04;
// Data identifiers as the standard writes them (DI1 DI0 read as one number).
inline constexpr quint16 kDiMeterData = 0x901F;
inline constexpr quint16 kDiReadAddress = 0x810A;
inline constexpr quint16 kDiValve = 0xA017;
inline constexpr quint8 kValveOpen = 0x55;
inline constexpr quint8 kValveClose = 0x99;
bool isKnownType(quint8 t);
QString typeKey(quint8 t); // "cold-water", "heat", ...
QByteArray addressFromDigits(QStringView digits); // 14 digits -> 7 bytes; empty if invalid
QString addressDigits(const QByteArray& wire);
inline const QByteArray kWildcardAddress(7, char(0xAA));
} // namespace cjt188

// Meters disagree on the order of the two DI bytes on the wire: most send 90 1F for 901F,
// some 1F 90. Configured per meter; the decoder accepts both for the identifiers it knows.
enum class Cjt188DiOrder { HighFirst, LowFirst };

struct Cjt188MeterOptions
{
    int wakeBytes = 2;
    Cjt188DiOrder diOrder = Cjt188DiOrder::HighFirst;
};

quint8 cjt188Checksum(QByteArrayView bytes);
QByteArray encodeCjt188(const Cjt188Frame& frame, int wakeBytes = 2);
std::optional<Cjt188Frame> parseCjt188Frame(QByteArrayView bytes, QString* problem = nullptr);

// Requests.
QByteArray buildCjt188Read(quint8 type, const QByteArray& address, quint8 seq,
                           const Cjt188MeterOptions& options = {});
QByteArray buildCjt188ReadAddress(quint8 seq, const Cjt188MeterOptions& options = {});
QByteArray buildCjt188Valve(quint8 type, const QByteArray& address, bool open, quint8 seq,
                            const Cjt188MeterOptions& options = {});

// Answers (the simulator's side). Flows in hundredths of m³
// (XXXXXX.XX, unit byte 2C), as water meters send them.
struct Cjt188WaterReading
{
    qint64 currentCentiM3 = 0;    // 当前累积流量
    qint64 settlementCentiM3 = 0; // 结算日累积流量
    QDateTime meterTime;
    quint16 status = 0; // ST0 | ST1 << 8: bits 0-1 valve (00 open, 01 closed, 11 fault),
                        // bit 2 battery low
};
QByteArray buildCjt188WaterResponse(quint8 type, const QByteArray& address, quint8 seq,
                                    const Cjt188WaterReading& reading,
                                    const Cjt188MeterOptions& options = {});
QByteArray buildCjt188ValveResponse(quint8 type, const QByteArray& address, quint8 seq,
                                    quint16 status, const Cjt188MeterOptions& options = {});

// The DI at the start of a frame's data, in the order the standard writes it, and whether
// the meter sent it swapped. Unknown identifiers are taken as sent (high byte first).
struct Cjt188Di
{
    quint16 di = 0;
    bool swapped = false;
};
std::optional<Cjt188Di> cjt188Di(QByteArrayView data);

// Values of a read (901F) answer after DI and SER, by meter type, or of a valve answer's
// status. nullopt with `problem` when the data does not fit.
std::optional<std::vector<Value>> decodeCjt188MeterData(quint8 type, QByteArrayView afterSer,
                                                        QString* problem = nullptr);
std::vector<Value> cjt188Status(quint16 status);

// Incremental framing: FE and noise skipped, type plausibility, length bound, checksum and
// end byte checked.
class Cjt188Parser final : public StreamParser
{
protected:
    Step step(bool atEnd, std::vector<FrameEvent>& out) override;
};

} // namespace md::protocol

#pragma once

#include "protocol/dlt645_frame.h"

#include <QDateTime>

namespace md::protocol {

// DL/T 645-2007 control codes (C byte). Requests have D7 = 0; normal answers add 80H,
// abnormal answers add C0H.
namespace dlt645 {
inline constexpr quint8 kRead = 0x11;         // 91 / D1
inline constexpr quint8 kReadAddress = 0x13;  // 93
inline constexpr quint8 kBroadcastTime = 0x08; // no answer
inline constexpr quint8 kWrite = 0x14;        // 94 / D4
inline constexpr quint8 kRelay = 0x1C;        // 9C / DC
inline constexpr quint8 kRead1997 = 0x01;     // 81 / C1 (DL/T 645-1997)
inline constexpr quint8 kWrite1997 = 0x04;    // 84 / C4 (DL/T 645-1997)
} // namespace dlt645

// The relay (拉合闸) command codes N1 of control 1C.
enum class RelayAction : quint8 {
    Trip = 0x1A,           // 跳闸
    ClosePermit = 0x1B,    // 合闸允许: the customer presses the button to close
    DirectClose = 0x1C,    // 直接合闸
    ForceOn = 0x3A,        // 保电: the meter will not trip
    ForceOnRelease = 0x3B, // 保电解除
};

// What the meter wants with a write (14) or relay (1C) command; configured per meter.
// Password and operator code are written as printed (hex digits, most significant first):
// password 0x123456 goes on the wire as 56 34 12 after the level byte PA.
struct Dlt645Auth
{
    quint8 passwordLevel = 0x02; // PA: 02 and 04 are the usual levels
    quint32 password = 0;        // P0..P2, 3 bytes
    quint32 operatorCode = 0;    // C0..C3, 4 bytes
};

struct Dlt645MeterOptions
{
    int wakeBytes = 4; // FE bytes before each request (0-4)
    Dlt645Auth auth;
    qint64 relayValiditySeconds = 600; // N3..N8: the command expires after this long
};

// Requests (master side).
QByteArray buildDlt645Read(const QByteArray& address, quint32 di, int wakeBytes = 4);
QByteArray buildDlt645ReadAddress(int wakeBytes = 4);
QByteArray buildDlt645BroadcastTime(const QDateTime& meterTime, int wakeBytes = 4);
QByteArray buildDlt645Write(const QByteArray& address, quint32 di, const Dlt645Auth& auth,
                            const QByteArray& value, int wakeBytes = 4);
// `validUntil` is the meter's local time at which the command expires (N3..N8).
QByteArray buildDlt645Relay(const QByteArray& address, RelayAction action,
                            const Dlt645Auth& auth, const QDateTime& validUntil,
                            int wakeBytes = 4);
QByteArray buildDlt645Read1997(const QByteArray& address, quint16 di, int wakeBytes = 4);

// Answers (the simulator's side).
QByteArray buildDlt645ReadResponse(const QByteArray& address, quint32 di,
                                   const QByteArray& payload, int wakeBytes = 0);
QByteArray buildDlt645Read1997Response(const QByteArray& address, quint16 di,
                                       const QByteArray& payload, int wakeBytes = 0);
QByteArray buildDlt645ReadAddressResponse(const QByteArray& address, int wakeBytes = 0);
// Normal answer with no data (94, 9C) to the request control code given.
QByteArray buildDlt645Ack(const QByteArray& address, quint8 requestControl, int wakeBytes = 0);
// Abnormal answer (D1, D4, DC, C1...) with one error byte.
QByteArray buildDlt645Error(const QByteArray& address, quint8 requestControl, quint8 errorBits,
                            int wakeBytes = 0);

// YYMMDDhhmmss as the ssmmhhDDMMYY BCD bytes DL/T 645 sends (low byte = seconds).
QByteArray dlt645DateTimeBytes(const QDateTime& t);

} // namespace md::protocol

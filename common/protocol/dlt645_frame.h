#pragma once

#include "protocol/protocol_types.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace md::protocol {

// The frame shared by DL/T 645-2007 and -1997:
//   [FE x0-4] 68 A0..A5 68 C L D0..D(L-1) CS 16
// A0..A5: BCD address, low byte first; data bytes carry +33H on the wire; CS is the byte sum
// from the first 68 to the last data byte. Here `data` is always the plain data (33H removed).
struct Dlt645Frame
{
    QByteArray address; // 6 bytes, low byte first as on the wire
    quint8 control = 0;
    QByteArray data;

    bool isResponse() const { return (control & 0x80) != 0; }  // D7: direction
    bool isAbnormal() const { return (control & 0x40) != 0; }  // D6: abnormal answer
    bool hasFollowUp() const { return (control & 0x20) != 0; } // D5: more frames follow
    quint8 function() const { return control & 0x1F; }
};

namespace dlt645 {
inline constexpr quint8 kStart = 0x68;
inline constexpr quint8 kEnd = 0x16;
inline constexpr quint8 kWake = 0xFE;
inline constexpr quint8 kOffset = 0x33;
// Addresses as printed on the nameplate (12 digits) <-> wire bytes (low byte first).
QByteArray addressFromDigits(QStringView digits); // empty when not 12 digits
QString addressDigits(const QByteArray& wire);
inline const QByteArray kBroadcastAddress(6, char(0x99)); // broadcast time (08)
inline const QByteArray kWildcardAddress(6, char(0xAA));  // read address (13)
} // namespace dlt645

quint8 dlt645Checksum(QByteArrayView bytes);

// Frame -> wire bytes with `wakeBytes` FE in front (0-4).
QByteArray encodeDlt645(const Dlt645Frame& frame, int wakeBytes = 4);

// Whole frame (from the first 68 to 16, no FE) -> frame; nullopt with `problem` otherwise.
std::optional<Dlt645Frame> parseDlt645Frame(QByteArrayView bytes, QString* problem = nullptr);

// Incremental framing for both DL/T 645 editions: skips FE and noise, checks the second 68,
// the length, the checksum and the end byte.
class Dlt645Parser final : public StreamParser
{
protected:
    Step step(bool atEnd, std::vector<FrameEvent>& out) override;
};

} // namespace md::protocol

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <optional>

namespace md::protocol {

// Packed BCD as meters send it: least significant byte first (DL/T 645, CJ/T 188).

// Unsigned value of up to 9 bytes (18 digits); nullopt when a nibble is not 0-9.
std::optional<qint64> bcdToUnsigned(QByteArrayView lowFirst);

// DL/T 645 signed formats: the top bit of the most significant byte is the sign, the rest of
// that byte and all other bytes are BCD digits (e.g. current XXX.XXX, power XX.XXXX).
std::optional<qint64> bcdToSigned(QByteArrayView lowFirst);

// Value -> `bytes` BCD bytes, low byte first. Negative values set the sign bit (signed
// formats only). Returns an empty array when the value does not fit.
QByteArray unsignedToBcd(qint64 value, int bytes);
QByteArray signedToBcd(qint64 value, int bytes);

// Digits as written on a nameplate: most significant byte first ("000000123456" for
// 56 34 12 00 00 00). Non-BCD nibbles are printed as hex digits (A-F), never dropped.
QString bcdDigits(QByteArrayView lowFirst);

// The inverse for a nameplate address of 2×`bytes` digits: 0-9, and A as the wildcard digit
// (AAAAAAAAAAAA broadcasts). Returns an empty array for any other length or character.
QByteArray bcdAddressFromDigits(QStringView digits, int bytes);

// The DL/T 645 and CJ/T 188 checksum: the byte sum of the frame from its first 68H, mod 256.
quint8 byteSumChecksum(QByteArrayView bytes);

} // namespace md::protocol

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace md::protocol {

// "68 AA:aa 0x16" -> bytes. Spaces, tabs, colons, dashes, commas and a "0x" before any byte
// pair are ignored; anything else, or an odd number of digits, is an error (see `problem`).
std::optional<QByteArray> parseHex(QStringView text, QString* problem = nullptr);

// "68 AA AA 16": upper case, one space between bytes.
QString toHex(QByteArrayView bytes);

// Two upper-case hex digits.
QString hexByte(quint8 b);

} // namespace md::protocol

#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace md::protocol {

// CRC-16/MODBUS: reflected polynomial 0xA001, initial value 0xFFFF. On the wire the low byte
// goes first ("01 03 00 00 00 0A C5 CD": CRC 0xCDC5).
quint16 modbusCrc(QByteArrayView bytes);

// `bytes` followed by its CRC, low byte first.
QByteArray withModbusCrc(QByteArray bytes);

// True when the last two bytes are the CRC of the rest.
bool modbusCrcMatches(QByteArrayView adu);

} // namespace md::protocol

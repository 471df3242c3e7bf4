#pragma once

#include "protocol/protocol_types.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace md::protocol {

// The Modbus RTU functions meters answer: read holding (03) / input (04) registers, write one
// register (06), write several (16 = 0x10). Exception responses set bit 7 of the function.
namespace modbus {
inline constexpr quint8 kReadHolding = 0x03;
inline constexpr quint8 kReadInput = 0x04;
inline constexpr quint8 kWriteSingle = 0x06;
inline constexpr quint8 kWriteMultiple = 0x10;
inline constexpr quint8 kExceptionBit = 0x80;
inline constexpr int kMaxReadCount = 125;  // registers per 03/04 request (spec limit)
inline constexpr int kMaxWriteCount = 123; // registers per 16 request
bool isSupportedFunction(quint8 function); // with or without the exception bit
} // namespace modbus

// One Modbus RTU ADU, decoded. Which fields are meaningful depends on function and direction:
//   03/04 request: address, count.        03/04 response: registers.
//   06 request/response (identical echo): address, registers[0].
//   16 request: address, count, registers. 16 response: address, count.
//   exception response: exceptionCode.
struct ModbusFrame
{
    quint8 slave = 0;
    quint8 function = 0; // as on the wire, exception bit included
    Direction direction = Direction::Request;
    quint16 address = 0;
    quint16 count = 0;
    std::vector<quint16> registers;
    quint8 exceptionCode = 0;

    bool isException() const { return (function & modbus::kExceptionBit) != 0; }
    quint8 baseFunction() const { return function & quint8(~modbus::kExceptionBit); }
};

// Request builders (master side) and response builders (the simulator's side). Every result
// carries its CRC. Counts outside the protocol's limits throw std::invalid_argument: they are
// programming errors, not outside input.
QByteArray buildModbusRead(quint8 slave, quint8 function, quint16 address, quint16 count);
QByteArray buildModbusWriteSingle(quint8 slave, quint16 address, quint16 value);
QByteArray buildModbusWriteMultiple(quint8 slave, quint16 address,
                                    const std::vector<quint16>& values);
QByteArray buildModbusReadResponse(quint8 slave, quint8 function,
                                   const std::vector<quint16>& registers);
QByteArray buildModbusWriteMultipleResponse(quint8 slave, quint16 address, quint16 count);
QByteArray buildModbusException(quint8 slave, quint8 function, quint8 code);

// Decodes one whole ADU (CRC included; checked here too). The direction follows from the
// length, which is unambiguous for every supported function except 06 (request and response
// are the same bytes; reported as a request). nullopt with `problem` set when the bytes are
// not a well-formed frame.
std::optional<ModbusFrame> parseModbusAdu(QByteArrayView adu, QString* problem = nullptr);

// The frame lengths (CRC included) that an ADU starting with `head` could have; `head` needs
// at least 2 bytes, and lengths that depend on a byte not yet in `head` are returned as 0.
std::vector<qsizetype> modbusCandidateLengths(QByteArrayView head);

// "ILLEGAL DATA ADDRESS" etc., translated.
QString modbusExceptionName(quint8 code);

} // namespace md::protocol

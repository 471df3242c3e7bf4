#include "protocol/modbus_rtu.h"

#include "protocol/hex.h"
#include "protocol/modbus_crc.h"

#include <QCoreApplication>

#include <stdexcept>

namespace md::protocol {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::protocol", text);
}

void put16(QByteArray& b, quint16 v)
{
    b.append(char(v >> 8));
    b.append(char(v & 0xFF));
}

quint16 get16(QByteArrayView b, qsizetype at)
{
    return quint16((quint8(b[at]) << 8) | quint8(b[at + 1]));
}

QByteArray header(quint8 slave, quint8 function)
{
    QByteArray b;
    b.append(char(slave));
    b.append(char(function));
    return b;
}
} // namespace

bool modbus::isSupportedFunction(quint8 function)
{
    const quint8 f = function & quint8(~kExceptionBit);
    return f == kReadHolding || f == kReadInput || f == kWriteSingle || f == kWriteMultiple;
}

QByteArray buildModbusRead(quint8 slave, quint8 function, quint16 address, quint16 count)
{
    if ((function != modbus::kReadHolding && function != modbus::kReadInput) || count == 0
        || count > modbus::kMaxReadCount)
        throw std::invalid_argument("modbus read: function 03/04 and 1..125 registers");
    QByteArray b = header(slave, function);
    put16(b, address);
    put16(b, count);
    return withModbusCrc(b);
}

QByteArray buildModbusWriteSingle(quint8 slave, quint16 address, quint16 value)
{
    QByteArray b = header(slave, modbus::kWriteSingle);
    put16(b, address);
    put16(b, value);
    return withModbusCrc(b);
}

QByteArray buildModbusWriteMultiple(quint8 slave, quint16 address,
                                    const std::vector<quint16>& values)
{
    if (values.empty() || values.size() > modbus::kMaxWriteCount)
        throw std::invalid_argument("modbus write: 1..123 registers");
    QByteArray b = header(slave, modbus::kWriteMultiple);
    put16(b, address);
    put16(b, quint16(values.size()));
    b.append(char(values.size() * 2));
    for (quint16 v : values)
        put16(b, v);
    return withModbusCrc(b);
}

QByteArray buildModbusReadResponse(quint8 slave, quint8 function,
                                   const std::vector<quint16>& registers)
{
    if (registers.empty() || registers.size() > modbus::kMaxReadCount)
        throw std::invalid_argument("modbus read response: 1..125 registers");
    QByteArray b = header(slave, function);
    b.append(char(registers.size() * 2));
    for (quint16 v : registers)
        put16(b, v);
    return withModbusCrc(b);
}

QByteArray buildModbusWriteMultipleResponse(quint8 slave, quint16 address, quint16 count)
{
    QByteArray b = header(slave, modbus::kWriteMultiple);
    put16(b, address);
    put16(b, count);
    return withModbusCrc(b);
}

QByteArray buildModbusException(quint8 slave, quint8 function, quint8 code)
{
    QByteArray b = header(slave, function | modbus::kExceptionBit);
    b.append(char(code));
    return withModbusCrc(b);
}

std::vector<qsizetype> modbusCandidateLengths(QByteArrayView head)
{
    const quint8 fn = quint8(head[1]);
    auto at = [&](qsizetype i, qsizetype plus) -> qsizetype {
        return head.size() > i ? quint8(head[i]) + plus : 0;
    };
    if (fn & modbus::kExceptionBit)
        return {5};
    switch (fn) {
    case modbus::kReadHolding:
    case modbus::kReadInput:
        return {8, at(2, 5)};
    case modbus::kWriteSingle:
        return {8};
    case modbus::kWriteMultiple:
        return {8, at(6, 9)};
    default:
        return {};
    }
}

std::optional<ModbusFrame> parseModbusAdu(QByteArrayView adu, QString* problem)
{
    auto fail = [&](QString why) -> std::optional<ModbusFrame> {
        if (problem)
            *problem = std::move(why);
        return std::nullopt;
    };
    if (adu.size() < 5)
        return fail(tr("frame too short for Modbus RTU (at least 5 bytes)"));
    if (!modbusCrcMatches(adu)) {
        const quint16 crc = modbusCrc(adu.first(adu.size() - 2));
        return fail(tr("CRC mismatch: computed %1 %2, frame has %3 %4")
                        .arg(hexByte(quint8(crc & 0xFF)), hexByte(quint8(crc >> 8)),
                             hexByte(quint8(adu[adu.size() - 2])),
                             hexByte(quint8(adu[adu.size() - 1]))));
    }
    ModbusFrame f;
    f.slave = quint8(adu[0]);
    f.function = quint8(adu[1]);
    if (f.slave > 247)
        return fail(tr("slave address %1 is outside 0-247").arg(f.slave));
    if (!modbus::isSupportedFunction(f.function))
        return fail(tr("function %1 is not one of 03, 04, 06, 16").arg(hexByte(f.function)));
    const qsizetype n = adu.size();
    if (f.isException()) {
        if (n != 5)
            return fail(tr("exception response must be 5 bytes, not %1").arg(n));
        f.direction = Direction::Response;
        f.exceptionCode = quint8(adu[2]);
        return f;
    }
    switch (f.function) {
    case modbus::kReadHolding:
    case modbus::kReadInput:
        if (n == 8) {
            f.address = get16(adu, 2);
            f.count = get16(adu, 4);
            if (f.count == 0 || f.count > modbus::kMaxReadCount)
                return fail(tr("register count %1 is outside 1-125").arg(f.count));
            return f;
        }
        if (const int bytes = quint8(adu[2]); n == 5 + bytes && bytes >= 2 && bytes % 2 == 0) {
            f.direction = Direction::Response;
            for (int i = 0; i < bytes / 2; ++i)
                f.registers.push_back(get16(adu, 3 + 2 * i));
            f.count = quint16(f.registers.size());
            return f;
        }
        return fail(tr("length %1 fits neither a read request nor its response").arg(n));
    case modbus::kWriteSingle:
        if (n != 8)
            return fail(tr("write-single frame must be 8 bytes, not %1").arg(n));
        f.address = get16(adu, 2);
        f.registers.push_back(get16(adu, 4));
        f.count = 1;
        return f;
    case modbus::kWriteMultiple:
    default:
        f.address = get16(adu, 2);
        f.count = get16(adu, 4);
        if (f.count == 0 || f.count > modbus::kMaxWriteCount)
            return fail(tr("register count %1 is outside 1-123").arg(f.count));
        if (n == 8) {
            f.direction = Direction::Response;
            return f;
        }
        if (const int bytes = quint8(adu[6]); n == 9 + bytes && bytes == 2 * f.count) {
            for (int i = 0; i < f.count; ++i)
                f.registers.push_back(get16(adu, 7 + 2 * i));
            return f;
        }
        return fail(tr("write-multiple byte count does not match %1 registers").arg(f.count));
    }
}

QString modbusExceptionName(quint8 code)
{
    switch (code) {
    case 1:
        return tr("illegal function");
    case 2:
        return tr("illegal data address");
    case 3:
        return tr("illegal data value");
    case 4:
        return tr("slave device failure");
    case 5:
        return tr("acknowledge");
    case 6:
        return tr("slave device busy");
    case 8:
        return tr("memory parity error");
    case 10:
        return tr("gateway path unavailable");
    case 11:
        return tr("gateway target device failed to respond");
    default:
        return tr("exception code %1").arg(code);
    }
}

} // namespace md::protocol

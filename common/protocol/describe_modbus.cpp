#include "protocol/frame_decoder.h"
#include "protocol/hex.h"
#include "protocol/modbus_rtu.h"

#include <QCoreApplication>

namespace md::protocol {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::protocol", text);
}

QString functionMeaning(const ModbusFrame& f)
{
    switch (f.baseFunction()) {
    case modbus::kReadHolding:
        return tr("read holding registers");
    case modbus::kReadInput:
        return tr("read input registers");
    case modbus::kWriteSingle:
        return tr("write single register");
    default:
        return tr("write multiple registers");
    }
}

Value rawRegister(quint16 address, quint16 value)
{
    const QString key = QStringLiteral("register.")
                        + QStringLiteral("%1").arg(address, 4, 16, QLatin1Char('0')).toUpper();
    return Value{key, QString::number(value), QString(), value, 0};
}
} // namespace

DecodedFrame describeModbus(const FrameEvent& e, const RegisterMap* map,
                            ModbusReadContext& context)
{
    DecodedFrame d;
    d.protocol = QStringLiteral("modbus-rtu");
    d.raw = toHex(e.bytes);
    QString problem = e.error;
    std::optional<ModbusFrame> f;
    if (e.valid())
        f = parseModbusAdu(e.bytes, &problem);
    if (!f) {
        d.error = problem;
        if (e.bytes.size() >= 2) {
            d.address = QString::number(quint8(e.bytes[0]));
            d.control = hexByte(quint8(e.bytes[1]));
        }
        return d;
    }
    d.valid = true;
    d.direction = f->direction;
    d.address = QString::number(f->slave);
    d.control = hexByte(f->function);
    d.meaning = functionMeaning(*f);
    if (f->isException()) {
        d.meterError = modbusExceptionName(f->exceptionCode);
        d.values.push_back(Value{QStringLiteral("exception"), QString::number(f->exceptionCode),
                                 QString(), f->exceptionCode, 0});
        context.pending = false;
        return d;
    }
    const quint8 fn = f->baseFunction();
    const bool isRead = fn == modbus::kReadHolding || fn == modbus::kReadInput;
    if (isRead && f->direction == Direction::Request) {
        context = ModbusReadContext{true, f->slave, fn, f->address, f->count};
        d.values.push_back(Value{QStringLiteral("start"), QString::number(f->address),
                                 QString(), f->address, 0});
        d.values.push_back(Value{QStringLiteral("count"), QString::number(f->count), QString(),
                                 f->count, 0});
        return d;
    }
    if (isRead) { // an answer: where it starts is only known from its request
        const bool matched = context.pending && context.slave == f->slave
                             && context.function == fn && context.count == f->registers.size();
        context.pending = false;
        if (!matched) {
            d.notes << tr("no matching request before this answer: registers numbered from 0");
            for (size_t i = 0; i < f->registers.size(); ++i)
                d.values.push_back(rawRegister(quint16(i), f->registers[i]));
            return d;
        }
        if (map) {
            d.values = decodeRegisters(*map, context.start, f->registers);
            d.notes << tr("register map: %1").arg(QString::fromLatin1(map->name));
        }
        if (d.values.empty())
            for (size_t i = 0; i < f->registers.size(); ++i)
                d.values.push_back(rawRegister(quint16(context.start + i), f->registers[i]));
        return d;
    }
    // Writes: address and the written words, mapped when a map is given.
    d.values.push_back(Value{QStringLiteral("start"), QString::number(f->address), QString(),
                             f->address, 0});
    if (fn == modbus::kWriteSingle)
        d.notes << tr("a write-single answer echoes its request: the bytes are identical");
    if (!f->registers.empty()) {
        std::vector<Value> mapped;
        if (map)
            mapped = decodeRegisters(*map, f->address, f->registers);
        if (mapped.empty())
            for (size_t i = 0; i < f->registers.size(); ++i)
                mapped.push_back(rawRegister(quint16(f->address + i), f->registers[i]));
        d.values.insert(d.values.end(), mapped.begin(), mapped.end());
    } else {
        d.values.push_back(Value{QStringLiteral("count"), QString::number(f->count), QString(),
                                 f->count, 0});
    }
    return d;
}

} // namespace md::protocol

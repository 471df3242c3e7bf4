#include "protocol/register_map.h"

#include "util/decimal.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>

namespace md::protocol {

int registerWidth(RegisterType type)
{
    return (type == RegisterType::U16 || type == RegisterType::S16) ? 1 : 2;
}

const RegisterMap* findRegisterMap(QStringView key)
{
    for (const RegisterMap& m : registerMaps())
        if (key == QLatin1String(m.key))
            return &m;
    return nullptr;
}

const RegisterDef* findRegister(const RegisterMap& map, QStringView key)
{
    for (const RegisterDef& d : map.registers)
        if (key == QLatin1String(d.key))
            return &d;
    return nullptr;
}

QString floatText(float f)
{
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, f);
    return QString::fromLatin1(buf, r.ptr - buf);
}

std::vector<Value> decodeRegisters(const RegisterMap& map, quint16 start,
                                   const std::vector<quint16>& regs)
{
    std::vector<Value> out;
    const int end = start + int(regs.size());
    for (const RegisterDef& d : map.registers) {
        const int width = registerWidth(d.type);
        if (d.address < start || d.address + width > end)
            continue;
        const qsizetype i = d.address - start;
        quint32 raw = regs[size_t(i)];
        if (width == 2) {
            const quint32 first = regs[size_t(i)], second = regs[size_t(i + 1)];
            raw = map.wordOrder == WordOrder::HighFirst ? (first << 16) | second
                                                        : (second << 16) | first;
        }
        Value v{QString::fromLatin1(d.key), {}, QString::fromUtf8(d.unit), std::nullopt,
                d.decimals};
        qint64 n = 0;
        switch (d.type) {
        case RegisterType::U16:
        case RegisterType::U32:
            n = qint64(raw);
            break;
        case RegisterType::S16:
            n = qint16(quint16(raw));
            break;
        case RegisterType::S32:
            n = qint32(raw);
            break;
        case RegisterType::Float32:
            v.decimals = 0;
            v.text = floatText(std::bit_cast<float>(raw));
            out.push_back(std::move(v));
            continue;
        }
        v.scaled = n;
        v.text = formatScaled(n, d.decimals);
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<quint16> encodeRegister(const RegisterMap& map, const RegisterDef& def,
                                    qint64 scaled, int decimals)
{
    quint32 raw;
    if (def.type == RegisterType::Float32) {
        // Text round trip keeps this exact to the float: "230.1" -> nearest float of 230.1.
        const QByteArray text = formatScaled(scaled, decimals).toLatin1();
        float f = 0;
        std::from_chars(text.constData(), text.constData() + text.size(), f);
        raw = std::bit_cast<quint32>(f);
    } else {
        qint64 v = scaled;
        for (int i = decimals; i < def.decimals; ++i)
            v *= 10;
        for (int i = def.decimals; i < decimals; ++i)
            v /= 10;
        raw = quint32(v);
    }
    if (registerWidth(def.type) == 1)
        return {quint16(raw & 0xFFFF)};
    const quint16 hi = quint16(raw >> 16), lo = quint16(raw & 0xFFFF);
    return map.wordOrder == WordOrder::HighFirst ? std::vector<quint16>{hi, lo}
                                                 : std::vector<quint16>{lo, hi};
}

} // namespace md::protocol

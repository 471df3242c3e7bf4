#include "protocol/modbus_crc.h"

#include <array>

namespace md::protocol {

namespace {
// Table-driven: the parsers compute a CRC for every candidate frame length at every byte
// position while they resynchronise, so this sits on the hot path of the fuzzers.
constexpr std::array<quint16, 256> makeTable()
{
    std::array<quint16, 256> t{};
    for (unsigned i = 0; i < 256; ++i) {
        unsigned crc = i;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1U) ? (crc >> 1) ^ 0xA001U : crc >> 1;
        t[i] = quint16(crc);
    }
    return t;
}
constexpr std::array<quint16, 256> kTable = makeTable();
} // namespace

quint16 modbusCrc(QByteArrayView bytes)
{
    quint16 crc = 0xFFFF;
    for (char c : bytes)
        crc = quint16((crc >> 8) ^ kTable[(crc ^ quint8(c)) & 0xFF]);
    return crc;
}

QByteArray withModbusCrc(QByteArray bytes)
{
    const quint16 crc = modbusCrc(bytes);
    bytes.append(char(crc & 0xFF));
    bytes.append(char(crc >> 8));
    return bytes;
}

bool modbusCrcMatches(QByteArrayView adu)
{
    if (adu.size() < 3)
        return false;
    const quint16 crc = modbusCrc(adu.first(adu.size() - 2));
    return quint8(adu[adu.size() - 2]) == (crc & 0xFF) && quint8(adu[adu.size() - 1]) == (crc >> 8);
}

} // namespace md::protocol

#pragma once

#include "protocol/protocol_types.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <span>
#include <vector>

namespace md::protocol {

// How the data of one DL/T 645 data identifier is laid out.
enum class Dlt645Format {
    Unsigned, // BCD, `decimals` after the point
    Signed,   // BCD with the sign in the top bit of the last byte
    Digits,   // BCD digits shown as they are (meter number, address)
    Date,     // WW DD MM YY (week day first)
    Time,     // ss mm hh
    Status,   // 2-byte running status word, shown as hex; word 3 also as relay flags
};

// One data identifier. Blocks (DI0/DI1 = FF) repeat `bytes` as often as the data allows and
// name the repeats after `repeatKeys` ("total", "sharp", "peak", "flat", "valley", ...).
struct Dlt645Item
{
    quint32 di;
    const char* key;
    int bytes;
    int decimals;
    Dlt645Format format;
    const char* unit;
    bool block = false;
    const char* const* repeatKeys = nullptr;
};

// Tables of the identifiers we decode (data, not code paths; the simulator uses them too).
std::span<const Dlt645Item> dlt645Items2007();
std::span<const Dlt645Item> dlt645Items1997(); // `di` holds the 2-byte DI (e.g. 0x9010)
const Dlt645Item* findDlt645Item2007(quint32 di);
const Dlt645Item* findDlt645Item1997(quint16 di);

// Values of a read answer's payload (the data after the DI). nullopt with `problem` when the
// payload does not fit the item (wrong length, a nibble that is not BCD).
std::optional<std::vector<Value>> decodeDlt645Payload(const Dlt645Item& item,
                                                      QByteArrayView payload,
                                                      QString* problem = nullptr);

// Payload bytes for a value (the simulator's side): the scaled value in the item's format.
QByteArray encodeDlt645Value(const Dlt645Item& item, qint64 scaled);

// Abnormal-answer error bits, translated ("no requested data", "password wrong", ...).
QStringList dlt645ErrorNames(quint8 bits);

// Running status word 3 (04000503): relay state and command, pre-trip alarm, meter type.
std::vector<Value> dlt645StatusWord3(quint16 word);

// Names of the identifier for humans ("00010000" -> "forward active energy, total").
QString dlt645DiText(quint32 di);

} // namespace md::protocol

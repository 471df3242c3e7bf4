#pragma once

#include "protocol/protocol_types.h"

#include <QString>

#include <optional>
#include <span>
#include <vector>

namespace md::protocol {

// Modbus meter register maps as data: the decoder turns a read answer into values with them,
// and the simulator (tests/) answers reads from the same tables.
enum class RegisterType { U16, S16, U32, S32, Float32 };
enum class WordOrder { HighFirst, LowFirst }; // of 32-bit values; bytes are big-endian

struct RegisterDef
{
    const char* key;  // "energy.total"
    quint16 address;  // first register
    RegisterType type;
    int decimals;     // value = raw / 10^decimals (ignored for Float32)
    const char* unit; // "kWh", "V", "A", "kW", "Hz", "yuan", ""
    bool writable = false;
};

struct RegisterMap
{
    const char* key;  // "acrel-ddsy1352", "eastron-sdm120", "md-prepaid"
    const char* name; // "Acrel DDSY1352 / DTSY1352"
    quint8 readFunction; // 03 or 04
    WordOrder wordOrder;
    std::span<const RegisterDef> registers;
};

int registerWidth(RegisterType type); // 1 or 2 registers

std::span<const RegisterMap> registerMaps();
const RegisterMap* findRegisterMap(QStringView key);
const RegisterDef* findRegister(const RegisterMap& map, QStringView key);

// Values of the registers of `map` that lie entirely inside the block read from `start`.
std::vector<Value> decodeRegisters(const RegisterMap& map, quint16 start,
                                   const std::vector<quint16>& registers);

// Register words for a value: exact scaled integers for integer types; for Float32 the
// float nearest to scaled / 10^decimals (the simulator's side of SDM120).
std::vector<quint16> encodeRegister(const RegisterMap& map, const RegisterDef& def,
                                    qint64 scaled, int decimals);

// Shortest decimal text that reads back as the same float ("230.1", "0.999", "-1.5e-05").
QString floatText(float f);

} // namespace md::protocol

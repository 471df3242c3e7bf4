// The register maps themselves, one table per meter model. Sources and gaps: docs/meters.md.
#include "protocol/register_map.h"

namespace md::protocol {

namespace {
using T = RegisterType;

// Acrel DDSY1352 (single phase) / DTSY1352 (three phase) prepaid meters, holding registers
// read with 03. Manual T1.0 (2021-06-25) §8.1 "DDSY1352 communication address table".
constexpr RegisterDef kAcrel[] = {
    {"energy.total", 0x0000, T::U32, 2, "kWh"},
    {"energy.sharp", 0x0002, T::U32, 2, "kWh"},
    {"energy.peak", 0x0004, T::U32, 2, "kWh"},
    {"energy.flat", 0x0006, T::U32, 2, "kWh"},
    {"energy.valley", 0x0008, T::U32, 2, "kWh"},
    {"voltage", 0x000B, T::U16, 1, "V"},
    {"current", 0x000C, T::U16, 2, "A"},
    {"power.active", 0x000D, T::S16, 3, "kW"},
    {"power.apparent", 0x000F, T::U16, 3, "kVA"},
    {"power_factor", 0x0010, T::S16, 3, ""},
    // Relay control, written with function 16 (issue 3; the manual page describing its
    // values is not in the public copy we found, see docs/meters.md).
    {"relay.control", 0x0057, T::U16, 0, "", true},
};

// Eastron SDM120-Modbus: input registers (04), IEEE-754 float32, high word first.
// "SDM120 Modbus protocol" register list (30001 = address 0x0000).
constexpr RegisterDef kSdm120[] = {
    {"voltage", 0x0000, T::Float32, 0, "V"},
    {"current", 0x0006, T::Float32, 0, "A"},
    {"power.active", 0x000C, T::Float32, 0, "W"},
    {"power.apparent", 0x0012, T::Float32, 0, "VA"},
    {"power.reactive", 0x0018, T::Float32, 0, "var"},
    {"power_factor", 0x001E, T::Float32, 0, ""},
    {"phase_angle", 0x0024, T::Float32, 0, "°"},
    {"frequency", 0x0046, T::Float32, 0, "Hz"},
    {"energy.import", 0x0048, T::Float32, 0, "kWh"},
    {"energy.export", 0x004A, T::Float32, 0, "kWh"},
    {"energy.reactive.import", 0x004C, T::Float32, 0, "kvarh"},
    {"energy.reactive.export", 0x004E, T::Float32, 0, "kvarh"},
    {"energy.total", 0x0156, T::Float32, 0, "kWh"},
    {"energy.reactive.total", 0x0158, T::Float32, 0, "kvarh"},
};

// MeterDesk's documented map for Modbus meters that keep their own prepaid balance
// (docs/meters.md "md-prepaid"): holding registers, 32-bit values high word first. Money in
// fen (2 decimals of a yuan) so that it stays exact.
constexpr RegisterDef kPrepaid[] = {
    {"energy.total", 0x0000, T::U32, 2, "kWh"},
    {"voltage", 0x000B, T::U16, 1, "V"},
    {"current", 0x000C, T::U16, 2, "A"},
    {"power.active", 0x000D, T::S16, 3, "kW"},
    {"relay.control", 0x0057, T::U16, 0, "", true},
    {"balance.remaining", 0x0100, T::S32, 2, "yuan"},
    {"purchase.count", 0x0102, T::U16, 0, ""},
    {"purchase.last_amount", 0x0103, T::U32, 2, "yuan"},
    {"alarm.threshold", 0x0105, T::U32, 2, "yuan", true},
    // Settings the service downloads (docs/meters.md): the price the meter charges its own
    // balance with, and the load above which it trips itself.
    {"tariff.price", 0x0107, T::U32, 4, "yuan/kWh", true},
    {"overload.limit", 0x0109, T::U32, 0, "W", true},
    // Purchase write: amount (U32, fen) then the new purchase count (old + 1) in ONE
    // function-16 write of 3 registers; the meter refuses a count that is not old + 1, so a
    // repeated write cannot credit twice.
    {"purchase.amount", 0x0110, T::U32, 2, "yuan", true},
    {"purchase.sequence", 0x0112, T::U16, 0, "", true},
};

constexpr RegisterMap kMaps[] = {
    {"acrel-ddsy1352", "Acrel DDSY1352 / DTSY1352", 0x03, WordOrder::HighFirst, kAcrel},
    {"eastron-sdm120", "Eastron SDM120-Modbus", 0x04, WordOrder::HighFirst, kSdm120},
    {"md-prepaid", "MeterDesk prepaid-balance map", 0x03, WordOrder::HighFirst, kPrepaid},
};
} // namespace

std::span<const RegisterMap> registerMaps()
{
    return kMaps;
}

} // namespace md::protocol

#pragma once

#include <QtGlobal>

#include <optional>
#include <vector>

namespace md::sim {

class SimMeter;

// A Modbus meter's register image, served from a SimMeter through its register map. Shared
// by our own slave and by the QModbusRtuSerialServer engine, so both answer the same.

// The words of [address, address + count); nullopt when any lies outside the map's extent
// (exception 02). Unmapped words inside the extent read 0, as on real meters.
std::optional<std::vector<quint16>> readMeterRegisters(SimMeter& meter, quint16 address,
                                                       quint16 count);

// Applies a write; 0 on success, else the Modbus exception code: 02 not a writable block,
// 03 a value the meter refuses (unknown relay code, purchase sequence not count + 1),
// 04 a trip refused while the meter is forced on.
quint8 writeMeterRegisters(SimMeter& meter, quint16 address, const std::vector<quint16>& values);

// Relay register codes written by the service (docs/simulator.md).
inline constexpr quint16 kRelayClose = 0;
inline constexpr quint16 kRelayTrip = 1;
inline constexpr quint16 kRelayForceOn = 2;
inline constexpr quint16 kRelayRelease = 3;

} // namespace md::sim

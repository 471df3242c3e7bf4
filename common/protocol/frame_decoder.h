#pragma once

#include "protocol/decoded_frame.h"
#include "protocol/register_map.h"

#include <QByteArrayView>

#include <optional>
#include <vector>

namespace md::protocol {

enum class Protocol { ModbusRtu, Dlt645, Dlt645_1997, Cjt188 };

// "modbus-rtu", "dlt645" (2007, with 1997 frames recognised by their control code),
// "dlt645-1997", "cjt188".
std::optional<Protocol> parseProtocolName(QStringView name);
QString protocolName(Protocol p);

struct DecodeOptions
{
    std::optional<Protocol> protocol; // detected when empty
    const RegisterMap* registerMap = nullptr; // Modbus read answers decoded with this map
};

struct DecodeResult
{
    Protocol protocol = Protocol::Dlt645;
    std::vector<DecodedFrame> frames;
    qsizetype skippedBytes = 0; // noise and wake-up bytes between frames
};

// Cuts a captured byte string into frames and describes each. Without a protocol, every
// parser reads the bytes and the one that accounts for most bytes in valid frames wins.
// Modbus read answers are matched with the request before them (same slave and function)
// to know their start register.
DecodeResult decodeCapture(QByteArrayView bytes, const DecodeOptions& options = {});

// The last Modbus read request seen, so that its answer can be mapped to registers.
struct ModbusReadContext
{
    bool pending = false;
    quint8 slave = 0;
    quint8 function = 0;
    quint16 start = 0;
    quint16 count = 0;
};

// One protocol's frames described (used by decodeCapture; public for the tests).
DecodedFrame describeModbus(const FrameEvent& e, const RegisterMap* map,
                            ModbusReadContext& context);
DecodedFrame describeDlt645(const FrameEvent& e, bool force1997);
DecodedFrame describeCjt188(const FrameEvent& e);

} // namespace md::protocol

#pragma once

#include "protocol/protocol_types.h"

namespace md::protocol {

// Cuts Modbus RTU frames out of a byte stream. RTU has no delimiters (the standard separates
// frames by 3.5 character times of silence, which a captured hex string has lost), so a frame
// is recognised by a plausible slave address (0-247), a supported function and a CRC that
// matches at one of the lengths that function allows. A candidate whose every possible length
// has arrived but whose CRC matches none is rejected with the CRC as its reason.
class ModbusRtuParser final : public StreamParser
{
protected:
    Step step(bool atEnd, std::vector<FrameEvent>& out) override;
};

} // namespace md::protocol

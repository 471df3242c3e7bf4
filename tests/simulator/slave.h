#pragma once

#include "protocol/protocol_types.h"

#include <QByteArray>

#include <functional>
#include <memory>
#include <vector>

namespace md::sim {

class SimMeter;

// Whether the addressed meter takes part in this exchange at all (not dead, request not
// dropped); asked before a command changes anything, so a dead meter does not trip.
using Admission = std::function<bool(SimMeter&)>;

struct Outcome
{
    SimMeter* meter = nullptr; // the meter addressed; null for broadcasts and other addresses
    QByteArray reply;          // empty: no answer on the wire
};

// The slave side of one protocol family on a bus: cuts frames out of the received bytes and
// answers those addressed to its meters, on top of the common/protocol codecs.
class ProtocolSlave
{
public:
    virtual ~ProtocolSlave() = default;
    virtual protocol::StreamParser& parser() = 0;
    virtual Outcome handle(const QByteArray& frame, const Admission& admit) = 0;
    // The same answer as if sent by a meter with another address (the wrong-address fault);
    // still a well-formed frame.
    virtual QByteArray readdressed(const QByteArray& reply) const = 0;
};

std::unique_ptr<ProtocolSlave> makeModbusSlave(std::vector<SimMeter*> meters);
std::unique_ptr<ProtocolSlave> makeDlt645Slave(std::vector<SimMeter*> meters);
std::unique_ptr<ProtocolSlave> makeCjt188Slave(std::vector<SimMeter*> meters);

} // namespace md::sim

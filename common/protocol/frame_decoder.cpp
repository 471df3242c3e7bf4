#include "protocol/frame_decoder.h"

#include "protocol/cjt188.h"
#include "protocol/dlt645_frame.h"
#include "protocol/modbus_parser.h"

#include <memory>

namespace md::protocol {

std::optional<Protocol> parseProtocolName(QStringView name)
{
    if (name == u"modbus-rtu" || name == u"modbus")
        return Protocol::ModbusRtu;
    if (name == u"dlt645" || name == u"dlt645-2007")
        return Protocol::Dlt645;
    if (name == u"dlt645-1997")
        return Protocol::Dlt645_1997;
    if (name == u"cjt188")
        return Protocol::Cjt188;
    return std::nullopt;
}

QString protocolName(Protocol p)
{
    switch (p) {
    case Protocol::ModbusRtu: return QStringLiteral("modbus-rtu");
    case Protocol::Dlt645: return QStringLiteral("dlt645");
    case Protocol::Dlt645_1997: return QStringLiteral("dlt645-1997");
    case Protocol::Cjt188: return QStringLiteral("cjt188");
    }
    return {};
}

namespace {
std::unique_ptr<StreamParser> parserFor(Protocol p)
{
    switch (p) {
    case Protocol::ModbusRtu: return std::make_unique<ModbusRtuParser>();
    case Protocol::Cjt188: return std::make_unique<Cjt188Parser>();
    case Protocol::Dlt645:
    case Protocol::Dlt645_1997: break;
    }
    return std::make_unique<Dlt645Parser>();
}

DecodeResult decodeAs(Protocol p, QByteArrayView bytes, const RegisterMap* map)
{
    DecodeResult r;
    r.protocol = p;
    std::unique_ptr<StreamParser> parser = parserFor(p);
    std::vector<FrameEvent> events = parser->feed(bytes);
    for (FrameEvent& e : parser->finish())
        events.push_back(std::move(e));
    r.skippedBytes = parser->skippedBytes();
    ModbusReadContext context;
    for (const FrameEvent& e : events) {
        switch (p) {
        case Protocol::ModbusRtu:
            r.frames.push_back(describeModbus(e, map, context));
            break;
        case Protocol::Cjt188:
            r.frames.push_back(describeCjt188(e));
            break;
        case Protocol::Dlt645:
        case Protocol::Dlt645_1997:
            r.frames.push_back(describeDlt645(e, p == Protocol::Dlt645_1997));
            break;
        }
    }
    return r;
}

// How well a protocol explains the bytes: bytes inside valid frames first; when no protocol
// finds a valid frame, bytes inside rejected ones (a frame with a bad checksum still shows
// its protocol's structure, and the engineer wants to be told what is wrong with it).
std::pair<qsizetype, qsizetype> score(const DecodeResult& r)
{
    qsizetype good = 0, bad = 0;
    for (const DecodedFrame& f : r.frames)
        (f.valid ? good : bad) += (f.raw.size() + 1) / 3;
    return {good, bad};
}
} // namespace

DecodeResult decodeCapture(QByteArrayView bytes, const DecodeOptions& options)
{
    if (options.protocol)
        return decodeAs(*options.protocol, bytes, options.registerMap);
    std::optional<DecodeResult> best;
    for (Protocol p : {Protocol::Dlt645, Protocol::Cjt188, Protocol::ModbusRtu}) {
        DecodeResult r = decodeAs(p, bytes, options.registerMap);
        if (!best || score(r) > score(*best))
            best = std::move(r);
    }
    return *best;
}

} // namespace md::protocol

#pragma once

#include "protocol/cjt188.h"
#include "protocol/dlt645_frame.h"
#include "protocol/frame_decoder.h"
#include "protocol/modbus_parser.h"

#include <QByteArray>

#include <memory>

namespace md::fuzz {

// What every fuzz input goes through, the same under libFuzzer and in the replay test: the
// bytes fed whole and in two pieces (the first byte says where to cut), then described.
// Consistency failures abort, so libFuzzer reports them as crashes.
inline void runOne(const char* parserName, const quint8* data, size_t size)
{
    auto make = [&]() -> std::unique_ptr<protocol::StreamParser> {
        if (parserName[0] == 'm')
            return std::make_unique<protocol::ModbusRtuParser>();
        if (parserName[0] == 'c')
            return std::make_unique<protocol::Cjt188Parser>();
        return std::make_unique<protocol::Dlt645Parser>();
    };
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    auto whole = make();
    std::vector<protocol::FrameEvent> a = whole->feed(bytes);
    for (auto& e : whole->finish())
        a.push_back(std::move(e));
    const qsizetype cut = size ? qsizetype(data[0] % (size + 1)) : 0;
    auto split = make();
    std::vector<protocol::FrameEvent> b = split->feed(bytes.left(cut));
    for (auto& e : split->feed(bytes.mid(cut)))
        b.push_back(std::move(e));
    for (auto& e : split->finish())
        b.push_back(std::move(e));
    if (a.size() != b.size())
        abort();
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].bytes != b[i].bytes || a[i].error != b[i].error)
            abort();
    protocol::ModbusReadContext ctx;
    for (const auto& e : a) {
        if (parserName[0] == 'm')
            protocol::describeModbus(e, nullptr, ctx).toJson();
        else if (parserName[0] == 'c')
            protocol::describeCjt188(e).toJson();
        else
            protocol::describeDlt645(e, false).toJson();
    }
}

} // namespace md::fuzz

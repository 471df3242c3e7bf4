#pragma once

#include "protocol/hex.h"
#include "protocol/protocol_types.h"

#include <catch2/catch.hpp>

#include <functional>
#include <memory>

namespace md::test {

inline QByteArray hex(const char* text)
{
    const auto b = protocol::parseHex(QString::fromLatin1(text));
    REQUIRE(b.has_value());
    return *b;
}

using ParserFactory = std::function<std::unique_ptr<protocol::StreamParser>()>;

inline std::vector<protocol::FrameEvent> runParser(protocol::StreamParser& p,
                                                   const std::vector<QByteArray>& pieces)
{
    std::vector<protocol::FrameEvent> all;
    for (const QByteArray& piece : pieces)
        for (auto& e : p.feed(piece))
            all.push_back(std::move(e));
    for (auto& e : p.finish())
        all.push_back(std::move(e));
    return all;
}

// Feeds `bytes` whole, split at every byte boundary and one byte at a time; every way must
// give the same frames with the same verdicts. Returns the frames of the whole feed.
inline std::vector<protocol::FrameEvent> feedEveryWay(const ParserFactory& make,
                                                      const QByteArray& bytes)
{
    auto whole = make();
    const std::vector<protocol::FrameEvent> expected = runParser(*whole, {bytes});
    auto same = [&](const std::vector<protocol::FrameEvent>& got) {
        REQUIRE(got.size() == expected.size());
        for (size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].bytes == expected[i].bytes);
            CHECK(got[i].error == expected[i].error);
        }
    };
    for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
        auto p = make();
        same(runParser(*p, {bytes.left(cut), bytes.mid(cut)}));
    }
    std::vector<QByteArray> singles;
    for (char c : bytes)
        singles.push_back(QByteArray(1, c));
    auto p = make();
    same(runParser(*p, singles));
    return expected;
}

} // namespace md::test

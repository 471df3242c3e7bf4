// The transport's pure parts: line framing at every split, oversized lines, JSON-RPC shapes.

#include "api/api_error.h"
#include "api/jsonrpc.h"
#include "api/line_framer.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace md::api;

namespace {
QList<LineFramer::Line> feedAll(LineFramer& f, const QByteArray& bytes, qsizetype split)
{
    QList<LineFramer::Line> out;
    for (const QByteArray& piece : {bytes.left(split), bytes.mid(split)}) {
        f.feed(piece);
        while (auto line = f.next())
            out.append(*line);
    }
    return out;
}
} // namespace

TEST_CASE("Lines come out whole wherever the stream is split", "[api][framing]")
{
    const QByteArray stream = "{\"a\":1}\r\n\n{\"b\":2}\n";
    for (qsizetype split = 0; split <= stream.size(); ++split) {
        LineFramer f(100);
        const auto lines = feedAll(f, stream, split);
        INFO("split at " << split);
        REQUIRE(lines.size() == 3);
        CHECK(lines[0].text == "{\"a\":1}");
        CHECK(lines[1].text.isEmpty());
        CHECK(lines[2].text == "{\"b\":2}");
    }
}

TEST_CASE("An oversized line is reported once and the next line is read normally", "[api][framing]")
{
    const QByteArray stream = QByteArray(50, 'x') + "\nok\n";
    for (qsizetype split = 0; split <= stream.size(); ++split) {
        LineFramer f(10);
        const auto lines = feedAll(f, stream, split);
        INFO("split at " << split);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].tooLong);
        CHECK(lines[1].text == "ok");
    }
    // Exactly the limit is fine.
    LineFramer f(10);
    f.feed(QByteArray(10, 'y') + "\n");
    const auto line = f.next();
    REQUIRE(line);
    CHECK_FALSE(line->tooLong);
}

TEST_CASE("JSON-RPC request shapes get the standard error codes", "[api][jsonrpc]")
{
    const auto code = [](const QByteArray& line) {
        const auto r = parseRequest(line);
        if (std::holds_alternative<Request>(r))
            return 0;
        return int(std::get<QJsonObject>(r).value(u"error").toObject().value(u"code").toInteger());
    };
    CHECK(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.whoami\"}") == 0);
    CHECK(code("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"x\",\"params\":{}}") == 0);
    CHECK(code("{not json") == ParseError);
    CHECK(code("") == ParseError);
    CHECK(code("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}]") == InvalidRequest); // no batches
    CHECK(code("42") == ParseError); // Qt refuses a bare scalar document
    CHECK(code("{\"jsonrpc\":\"2.0\",\"method\":\"x\"}") == InvalidRequest);          // no id
    CHECK(code("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"x\"}") == InvalidRequest); // fractional id
    CHECK(code("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}") == InvalidRequest);
    CHECK(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}") == InvalidRequest);
    CHECK(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]}") == InvalidParams);
    CHECK(code("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"extra\":1}") == InvalidRequest);

    // The id is echoed when it could be read.
    const auto r = parseRequest("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"\"}");
    REQUIRE(std::holds_alternative<QJsonObject>(r));
    CHECK(std::get<QJsonObject>(r).value(u"id").toInteger() == 7);
}

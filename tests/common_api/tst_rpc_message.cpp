#include "api/rpc_message.h"

#include <catch2/catch.hpp>

using namespace md::api;

TEST_CASE("requests are one compact JSON line with an integer id", "[api][client]")
{
    CHECK(encodeRequestLine(7, QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}})
          == R"({"id":7,"jsonrpc":"2.0","method":"account.get","params":{"code":"1-101"}})"
             "\n");
    CHECK(encodeRequestLine(1, QStringLiteral("shift.close"), {}) == R"({"id":1,"jsonrpc":"2.0","method":"shift.close"})"
                                                                   "\n");
}

TEST_CASE("incoming lines are sorted into results, errors, notifications and junk", "[api][client]")
{
    const auto ok = parseIncomingLine(R"({"jsonrpc":"2.0","id":3,"result":{"balance_after":"100.00"}})");
    CHECK(ok.kind == IncomingMessage::Kind::Response);
    CHECK(ok.id == 3);
    CHECK_FALSE(ok.isError);
    CHECK(ok.result.toObject().value(u"balance_after").toString() == u"100.00");

    const auto err = parseIncomingLine(R"({"jsonrpc":"2.0","id":4,"error":{"code":1002,"message":"Wrong"}})");
    CHECK(err.kind == IncomingMessage::Kind::Response);
    CHECK(err.isError);
    CHECK(err.errorCode == 1002);
    CHECK(err.errorMessage == u"Wrong");

    const auto note = parseIncomingLine(R"({"jsonrpc":"2.0","method":"event.account.changed","params":{"account":1}})");
    CHECK(note.kind == IncomingMessage::Kind::Notification);
    CHECK(note.method == u"event.account.changed");
    CHECK(note.params.value(u"account").toInt() == 1);

    for (const char* junk : {"", "[1,2]", "{", R"({"id":"x","result":1})", R"({"jsonrpc":"2.0"})"}) {
        INFO(junk);
        CHECK(parseIncomingLine(junk).kind == IncomingMessage::Kind::Invalid);
    }
}

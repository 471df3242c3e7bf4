// CJ/T 188-2004 against frames published by others ("index id N": see tst_modbus.cpp).
#include "frame_helpers.h"

#include "protocol/cjt188.h"
#include "protocol/frame_decoder.h"

using namespace md;
using namespace md::protocol;
using md::test::hex;

namespace {
struct Published
{
    const char* frame;
    const char* source;
};

const Published kFrames[] = {
    {"FE FE FE 68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16",
     "index id 45390778509 (LuatOS water reader, 'universal read')"},
    {"68 10 AA AA AA AA AA AA AA 01 03 1F 90 01 D2 16", "index id 3130164733 (Kotlin meterkit)"},
    {"68 10 AA AA AA AA AA AA AA 01 03 EF 90 01 A2 16", "index id 19249221073 (MBus command)"},
    {"68 10 AA AA AA AA AA AA AA 01 03 5F 90 02 13 16", "index id 19249221073"},
    {"68 10 AA AA AA AA AA AA AA 01 03 AF 90 03 64 16", "index id 19249221073"},
    {"68 10 AA AA AA AA AA AA AA 03 03 0A 81 02 B1 16", "index id 56055289855 (python tests)"},
    {"FF 68 10 00 29 15 24 03 26 20 83 03 0A 81 02 36 16", "index id 56055289855 (FF noise)"},
    {"68 10 AA AA AA AA AA AA AA 03 03 0A 81 A7 56 16",
     "index id 34120017308 (Go readSB notes); Wanghuaichen/midCtrl src/devices/devicse_test.go "
     "TestSum 0x56"},
    {"FE FE 68 10 89 67 45 23 01 33 78 83 03 0A 81 A7 34 16", "index id 34120017308"},
    {"FE FE FE FE 68 10 44 33 22 11 00 33 78 01 03 1F 90 00 80 16", "index id 34120017308"},
    {"68 10 44 33 22 11 00 33 78 81 16 1F 90 00 00 77 66 55 2C 00 77 66 55 2C 31 01 22 11 05 15 "
     "20 21 84 13 16",
     "index id 2481402079 (FoxEdge CJT188 decoder doc); index id 2434235513"},
    {"FE FE FE 68 10 18 02 12 20 20 00 00 81 16 90 1F 00 00 02 00 00 2C 00 02 00 00 2C 00 00 00 "
     "00 00 00 00 00 FF 85 16",
     "index id 2434235513 (FoxEdge test)"},
    {"68 10 50 54 77 11 18 00 00 81 16 1F 90 00 00 00 00 00 2C 00 00 00 00 2C 00 00 00 00 00 00 "
     "00 00 00 5A 16",
     "index id 47325938938 (C188::OnSend comment)"},
    {"FE FE 68 10 26 13 06 07 00 33 78 81 16 1F 90 04 00 68 00 00 2C 00 00 00 00 2C 00 00 00 00 "
     "00 00 00 00 00 73 16",
     "index id 33554979329 (Qt WaterMeterQueryThread test data)"},
    {"68 10 69 00 01 07 17 20 00 81 16 1F 90 02 00 00 00 00 2C 00 00 00 00 2C 59 54 16 19 08 17 "
     "20 13 01 EF 16",
     "index id 14547892808 (Java resolver comment)"},
    {"68 10 12 00 00 00 00 00 00 01 03 90 1F 00 3D 16",
     "aixiwang/python_cjt188 python_cjt188.py (encode test)"},
    {"FE FE FE 68 10 12 00 00 00 00 00 00 81 16 90 1F 00 10 00 10 00 2C 10 00 10 00 2C 00 00 00 "
     "00 00 00 00 00 FF 67 16",
     "aixiwang/python_cjt188 python_cjt188.py (decode test)"},
    {"FE FE FE 68 10 12 00 00 00 00 00 00 83 03 81 0A 00 9B 16",
     "aixiwang/python_cjt188 python_cjt188.py (set-address debug answer)"},
    {"fe fe fe fe fe 68 10 aa aa aa aa aa aa aa 03 03 81 0a 01 b0 16",
     "index id 38775661790 (PHP gateway)"},
    {"68 10 AA AA AA AA AA AA AA 01 03 90 1F 90 61 16", "index id 26154854732 (python doctest)"},
    {"68 10 69 05 90 05 15 33 78 04 04 A0 17 01 99 94 16",
     "Wanghuaichen/midCtrl src/devices/devicse_test.go TestSum (valve close, sum 0x94)"},
};

test::ParserFactory cjtParser()
{
    return [] { return std::make_unique<Cjt188Parser>(); };
}

DecodedFrame one(const QByteArray& frame)
{
    const DecodeResult r = decodeCapture(frame, {Protocol::Cjt188, nullptr});
    REQUIRE(r.frames.size() == 1);
    return r.frames[0];
}
} // namespace

TEST_CASE("Every published CJ/T 188 frame parses, in any split", "[protocol][cjt188]")
{
    for (const Published& p : kFrames) {
        INFO(p.frame << " from " << p.source);
        const QByteArray bytes = hex(p.frame);
        const auto events = test::feedEveryWay(cjtParser(), bytes);
        REQUIRE(events.size() == 1);
        INFO(events[0].error.toStdString());
        CHECK(events[0].valid());
        CHECK(bytes.endsWith(events[0].bytes));
    }
}

TEST_CASE("CJ/T 188 builders produce the published bytes", "[protocol][cjt188]")
{
    CHECK(buildCjt188Read(0x10, cjt188::kWildcardAddress, 1, {3, Cjt188DiOrder::HighFirst})
          == hex("FE FE FE 68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16"));
    CHECK(buildCjt188Read(0x10, cjt188::kWildcardAddress, 1, {0, Cjt188DiOrder::LowFirst})
          == hex("68 10 AA AA AA AA AA AA AA 01 03 1F 90 01 D2 16"));
    const QByteArray addr = cjt188::addressFromDigits(u"78330011223344");
    CHECK(addr == hex("44 33 22 11 00 33 78"));
    CHECK(buildCjt188Read(0x10, addr, 0, {4, Cjt188DiOrder::LowFirst})
          == hex("FE FE FE FE 68 10 44 33 22 11 00 33 78 01 03 1F 90 00 80 16"));
    CHECK(buildCjt188Valve(0x10, hex("69 05 90 05 15 33 78"), false, 1, {0, Cjt188DiOrder::HighFirst})
          == hex("68 10 69 05 90 05 15 33 78 04 04 A0 17 01 99 94 16"));
    Cjt188WaterReading r{55667700, 55667700, QDateTime(QDate(2015, 5, 11), QTime(22, 1, 31)),
                         0x8421};
    CHECK(buildCjt188WaterResponse(0x10, addr, 0, r, {0, Cjt188DiOrder::LowFirst})
          == hex("68 10 44 33 22 11 00 33 78 81 16 1F 90 00 00 77 66 55 2C 00 77 66 55 2C 31 01 "
                 "22 11 05 15 20 21 84 13 16"));
}

TEST_CASE("CJ/T 188 water answers decode to exact volumes, time and status", "[protocol][cjt188]")
{
    // 00 77 66 55 2C -> 55667700 x 0.01 = 556677.00 m3; time 31 01 22 11 05 15 20 ->
    // 2015-05-11 22:01:31; ST 21 84: bits 0-1 = 01 valve closed, bit 2 = 0 battery ok.
    DecodedFrame d = one(hex("68 10 44 33 22 11 00 33 78 81 16 1F 90 00 00 77 66 55 2C 00 77 66 "
                             "55 2C 31 01 22 11 05 15 20 21 84 13 16"));
    CHECK(d.valid);
    CHECK(d.address == u"78330011223344");
    CHECK(d.di == u"901F");
    CHECK(d.meterType == u"cold-water");
    CHECK(d.notes.size() == 1); // DI sent low byte first
    CHECK(d.values[1].key == u"volume.total");
    CHECK(d.values[1].text == u"556677.00");
    CHECK(d.values[1].unit == u"m³");
    CHECK(d.values[1].quantity() == Quantity::fromMilli(556677000, Unit::CubicMetre));
    CHECK(d.values[3].text == u"2015-05-11 22:01:31");
    CHECK(d.values[5].text == u"closed");
    CHECK(d.values[6].text == u"ok");

    // python_cjt188: 10 00 10 00 2C -> 00100010 x 0.01 = 1000.10 m3, status 00 FF
    d = one(hex("FE FE FE 68 10 12 00 00 00 00 00 00 81 16 90 1F 00 10 00 10 00 2C 10 00 10 00 "
                "2C 00 00 00 00 00 00 00 00 FF 67 16"));
    CHECK(d.address == u"00000000000012");
    CHECK(d.notes.isEmpty()); // 90 1F: standard order
    CHECK(d.values[1].text == u"1000.10");
    CHECK(d.values[5].text == u"open");

    // valve close request and read-address answer
    d = one(hex("68 10 69 05 90 05 15 33 78 04 04 A0 17 01 99 94 16"));
    CHECK(d.di == u"A017");
    CHECK(d.values.back().text == u"close");
    d = one(hex("FE FE 68 10 89 67 45 23 01 33 78 83 03 0A 81 A7 34 16"));
    CHECK(d.address == u"78330123456789"); // the source: "当前表具ID号为78330123456789"
    CHECK(d.di == u"810A");

    const auto status = cjt188Status(0x0007); // valve fault, battery low
    CHECK(status[1].text == u"fault");
    CHECK(status[2].text == u"low");
}

TEST_CASE("CJ/T 188 frames with a wrong checksum or end are rejected with a reason",
          "[protocol][cjt188]")
{
    // The source of index id 34120017308 prints this answer with checksum 08 and notes
    // "回复数据的校验值不对" (the checksum is wrong); the correct one is 13.
    struct Bad
    {
        const char* frame;
        const char* reason;
    };
    for (const Bad& b : {Bad{"68 10 44 33 22 11 00 33 78 81 16 1F 90 00 00 77 66 55 2C 00 77 66 "
                             "55 2C 31 01 22 11 05 15 20 21 84 08 16",
                             "checksum mismatch: computed 13, frame has 08"},
                         Bad{"68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 17",
                             "end byte is 17, not 16"},
                         Bad{"68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D3 16",
                             "checksum mismatch: computed D2, frame has D3"}}) {
        INFO(b.frame);
        const auto events = test::feedEveryWay(cjtParser(), hex(b.frame));
        REQUIRE(events.size() >= 1);
        CHECK(events[0].error == QString::fromLatin1(b.reason));
    }
}

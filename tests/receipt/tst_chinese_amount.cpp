#include "receipt/chinese_amount.h"

#include <catch2/catch.hpp>

#include <limits>

using md::Money;
using md::receipt::chineseCapitalAmount;

namespace {
QString capitals(qint64 fen)
{
    return chineseCapitalAmount(Money::fromFen(fen));
}
} // namespace

// The examples printed in the People's Bank of China's 《正确填写票据和结算凭证的基本规定》
// (attachment to 《支付结算办法》, 银发〔1997〕393号), section four; where the rule allows two
// forms, the first one printed there is ours.
TEST_CASE("chinese capitals match the published examples of the PBOC rules", "[receipt][capitals]")
{
    CHECK(capitals(1'409'50) == u"壹仟肆佰零玖元伍角");        // ¥1,409.50: one zero inside
    CHECK(capitals(6'007'14) == u"陆仟零柒元壹角肆分");        // ¥6,007.14: a run of zeros, one 零
    CHECK(capitals(1'680'32) == u"壹仟陆佰捌拾元零叁角贰分");  // ¥1,680.32: 元 digit zero
    CHECK(capitals(107'000'53) == u"壹拾万柒仟元零伍角叁分");  // ¥107,000.53
    CHECK(capitals(16'409'02) == u"壹万陆仟肆佰零玖元零贰分"); // ¥16,409.02: 角 zero, 分 not
    CHECK(capitals(325'04) == u"叁佰贰拾伍元零肆分");          // ¥325.04
}

TEST_CASE("chinese capitals write 整 only after 元", "[receipt][capitals]")
{
    CHECK(capitals(0) == u"零元整");
    CHECK(capitals(100) == u"壹元整");
    CHECK(capitals(10000) == u"壹佰元整");
    CHECK(capitals(12345) == u"壹佰贰拾叁元肆角伍分"); // the task's own example, ¥123.45
    CHECK(capitals(12340) == u"壹佰贰拾叁元肆角");    // 角 last: no 整 (the rule: may be left out)
    CHECK(capitals(50) == u"伍角");                   // no yuan: no 元, no leading 零
    CHECK(capitals(5) == u"伍分");
    CHECK(capitals(55) == u"伍角伍分");
    CHECK(capitals(1) == u"壹分");
}

TEST_CASE("chinese capitals: tens are 壹拾, zeros inside groups collapse", "[receipt][capitals]")
{
    CHECK(capitals(1000) == u"壹拾元整");
    CHECK(capitals(1100) == u"壹拾壹元整");
    CHECK(capitals(11000) == u"壹佰壹拾元整");
    CHECK(capitals(10100) == u"壹佰零壹元整");
    CHECK(capitals(100100) == u"壹仟零壹元整");      // 1,001: 零 once for two zeros
    CHECK(capitals(101000) == u"壹仟零壹拾元整");    // 1,010
    CHECK(capitals(110000) == u"壹仟壹佰元整");      // trailing zeros write nothing
    CHECK(capitals(1000'01) == u"壹仟元零壹分");     // ¥1,000.01: 元 digit zero and 角 zero: one 零
    CHECK(capitals(10'10) == u"壹拾元零壹角");       // ¥10.10: 元 digit zero, 角 not
    CHECK(capitals(11'01) == u"壹拾壹元零壹分");
}

TEST_CASE("chinese capitals across 万 and 亿", "[receipt][capitals]")
{
    CHECK(capitals(10000'00) == u"壹万元整");
    CHECK(capitals(10001'00) == u"壹万零壹元整");                  // 1,0001
    CHECK(capitals(10010'00) == u"壹万零壹拾元整");                // 1,0010
    CHECK(capitals(10100'00) == u"壹万零壹佰元整");                // 1,0100
    CHECK(capitals(11000'00) == u"壹万壹仟元整");                  // 1,1000: 仟 digit set, no 零
    CHECK(capitals(100500'00) == u"壹拾万零伍佰元整");             // 10,0500
    CHECK(capitals(1000000'00) == u"壹佰万元整");
    CHECK(capitals(1000007'00) == u"壹佰万零柒元整");              // 100,0007
    CHECK(capitals(12345678'90) == u"壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角");
    CHECK(capitals(100000000'00) == u"壹亿元整");
    CHECK(capitals(100010000'00) == u"壹亿零壹万元整");            // 1,0001,0000
    CHECK(capitals(100000001'00) == u"壹亿零壹元整");              // 1,0000,0001
    CHECK(capitals(110000000'00) == u"壹亿壹仟万元整");            // 1,1000,0000
    CHECK(capitals(101000000'00) == u"壹亿零壹佰万元整");          // 1,0100,0000
    CHECK(capitals(123456789'01) == u"壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分");
    CHECK(capitals(1000000000000'00) == u"壹万亿元整");            // 10^12 yuan
}

TEST_CASE("chinese capitals mark negative amounts and reach the ends of qint64", "[receipt][capitals]")
{
    CHECK(capitals(-12345) == u"负壹佰贰拾叁元肆角伍分");
    CHECK(capitals(-5) == u"负伍分");
    // INT64_MAX fen = 92,233,720,368,547,758.07 yuan = 9,2233,7203,6854,7758 yuan:
    // 玖亿亿 贰仟贰佰叁拾叁万柒仟贰佰零叁 亿 陆仟捌佰伍拾肆万柒仟柒佰伍拾捌 元 零柒分.
    CHECK(capitals(std::numeric_limits<qint64>::max())
          == u"玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分");
    // INT64_MIN fen ends in ...808: 8 分 and a minus sign, no overflow.
    CHECK(capitals(std::numeric_limits<qint64>::min())
          == u"负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分");
}

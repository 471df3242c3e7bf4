#include "receipt/receipt_form.h"
#include "receipt/receipt_layout.h"
#include "support/test_paths.h"
#include "util/error.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>

using namespace md;
using namespace md::receipt;

namespace {
// The receipt record of docs/api.md's recharge example, at 04:31:29 UTC.
QJsonObject apiRecord()
{
    return QJsonDocument::fromJson(R"({"receipt":1,"transaction":2,"kind":"recharge","account":1,"account_code":"1-101",
        "tenant_name":"张三","utility":"electricity","channel":"wechat","cashier":2,"cashier_name":"wang",
        "amount":"100.00","fee":"0.00","balance_before":"0.00","balance_after":"100.00","memo":"",
        "at":"2026-11-22T04:31:29.696Z","copy":false,"copy_no":0,"copies_printed":0})")
        .object();
}
} // namespace

TEST_CASE("a receipt record from the API becomes the printed fields", "[receipt]")
{
    const ReceiptRecord r = receiptFromJson(apiRecord());
    CHECK(r.amount.fen() == 10000);
    CHECK(r.balanceAfter.fen() == 10000);
    const ReceiptDocument d = layoutReceipt(r, {QStringLiteral("幸福里物业"), QTimeZone(QByteArrayLiteral("Asia/Shanghai"))});
    CHECK(d.copyMark.isEmpty());
    CHECK(d.value(QStringLiteral("receipt_no")) == u"00000001");
    CHECK(d.value(QStringLiteral("date_time")) == u"2026-11-22 12:31:29"); // UTC+8 on paper
    CHECK(d.value(QStringLiteral("amount")) == u"¥100.00");
    CHECK(d.value(QStringLiteral("amount_capitals")).endsWith(u"壹佰元整"));
    CHECK(d.value(QStringLiteral("balance_before")) == u"¥0.00");
    CHECK(d.value(QStringLiteral("balance_after")) == u"¥100.00");
    CHECK(d.value(QStringLiteral("cashier")) == u"wang");
    CHECK(d.value(QStringLiteral("fee")).isEmpty()); // no fee line when there is none

    QJsonObject copy = apiRecord();
    copy.insert(QStringLiteral("copy"), true);
    copy.insert(QStringLiteral("copy_no"), 2);
    CHECK(layoutReceipt(receiptFromJson(copy), {}).copyMark == u"重打/COPY 2");
}

TEST_CASE("a malformed receipt record is refused, naming the member", "[receipt]")
{
    QJsonObject o = apiRecord();
    o.insert(QStringLiteral("amount"), 100); // a number, not a yuan string
    try {
        receiptFromJson(o);
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(e.problem().contains(u"amount"));
    }
}

TEST_CASE("a receipt form file places fields to the tenth of a millimetre", "[receipt]")
{
    const ReceiptForm plain = parseReceiptForm("", QStringLiteral("none.ini"));
    CHECK_FALSE(plain.isPreprinted());
    CHECK(plain.widthTenthMm == 2410);

    const ReceiptForm f = parseReceiptForm("[paper]\nwidth_mm = 241\nheight_mm = 93.1\nfont_pt = 12\n"
                                           "[fields]\namount = 150.5, 40\ncashier = 20, 80\n",
                                           QStringLiteral("lq1600k.ini"));
    CHECK(f.isPreprinted());
    CHECK(f.heightTenthMm == 931);
    CHECK(f.fontPoints == 12);
    CHECK(f.fields.value(QStringLiteral("amount")).xTenthMm == 1505);
    CHECK(f.fields.value(QStringLiteral("amount")).yTenthMm == 400);

    auto lineOf = [](const char* text) {
        try {
            parseReceiptForm(text, QStringLiteral("bad.ini"));
        } catch (const InputError& e) {
            return e.line();
        }
        return -1;
    };
    CHECK(lineOf("[paper]\nwidth_mm = wide\n") == 2);
    CHECK(lineOf("[paper]\n\ncolour = red\n") == 3);
    CHECK(lineOf("[fields]\nsignature = 1, 2\n") == 2);
    CHECK(lineOf("[fields]\namount = 1\n") == 2);
    CHECK(lineOf("[printer]\n") == 1);
    CHECK(lineOf("[fields]\namount = 300, 10\n") == 0); // off the 241 mm paper
}

TEST_CASE("the shipped LQ-1600K form file reads and fits its paper", "[receipt]")
{
    QFile file(md::test::sourcePath(QStringLiteral("resources/receipt_forms/lq1600k_241x140.ini")));
    REQUIRE(file.open(QIODevice::ReadOnly));
    const ReceiptForm f = parseReceiptForm(file.readAll(), file.fileName());
    CHECK(f.isPreprinted());
    CHECK(f.widthTenthMm == 2410);
    CHECK(f.heightTenthMm == 1400);
    CHECK(f.fields.value(QStringLiteral("amount_capitals")).yTenthMm == 860);
    CHECK(f.fields.size() == 16);
}

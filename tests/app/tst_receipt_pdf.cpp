#include "pdf_text.h"
#include "receipt_printer.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QTemporaryDir>

using namespace md;
using namespace md::app;

namespace {
receipt::ReceiptDocument sampleDocument(bool copy)
{
    // ¥1,680.32 on account 1-101, 12:31:29 in Beijing (04:31:29 UTC).
    receipt::ReceiptRecord r;
    r.receipt = 17;
    r.transaction = 40;
    r.kind = QStringLiteral("recharge");
    r.accountCode = QStringLiteral("1-101");
    r.tenantName = QStringLiteral("张三");
    r.utility = QStringLiteral("electricity");
    r.channel = QStringLiteral("wechat");
    r.cashierName = QStringLiteral("wang");
    r.amount = Money::fromFen(168032);
    r.balanceBefore = Money::fromFen(-2500);
    r.balanceAfter = Money::fromFen(165532); // -25.00 + 1,680.32 = 1,655.32
    r.at = QDateTime(QDate(2026, 11, 22), QTime(4, 31, 29), Qt::UTC);
    r.copy = copy;
    r.copyNo = copy ? 1 : 0;
    receipt::ReceiptHeader h;
    h.officeName = QStringLiteral("幸福里物业");
    return receipt::layoutReceipt(r, h);
}

QString squeeze(QString s)
{
    // pdftotext -layout may put spaces between wide characters: compare without white space.
    s.remove(QRegularExpression(QStringLiteral("\\s+")));
    return s;
}
} // namespace

TEST_CASE("a receipt rendered to PDF reads back with every field", "[app][receipt]")
{
    QTemporaryDir dir;
    ReceiptPrinter::Options o;
    o.pdfFolder = dir.path();
    o.alwaysPdf = true;
    ReceiptPrinter printer(o);

    QString error;
    const QString path = printer.printNow(sampleDocument(false), &error);
    INFO(error.toStdString());
    REQUIRE(path.endsWith(u"receipt-00000017.pdf"));
    const QString text = squeeze(test::pdfText(path));
    INFO(text.toStdString());
    REQUIRE_FALSE(text.isEmpty());
    CHECK(text.contains(u"幸福里物业"));
    CHECK(text.contains(u"00000017"));
    CHECK(text.contains(u"2026-11-2212:31:29"));
    CHECK(text.contains(u"1-101"));
    CHECK(text.contains(u"张三"));
    CHECK(text.contains(u"¥1680.32"));
    CHECK(text.contains(u"壹仟陆佰捌拾元零叁角贰分"));
    CHECK(text.contains(u"¥-25.00"));
    CHECK(text.contains(u"¥1655.32"));
    CHECK(text.contains(u"wang"));
    CHECK_FALSE(text.contains(u"COPY"));

    const QString copyPath = printer.printNow(sampleDocument(true), &error);
    REQUIRE(copyPath.endsWith(u"receipt-00000017-copy.pdf"));
    // (pdftotext drops the copy number from the title-size bold run; the PNG shows it.)
    CHECK(squeeze(test::pdfText(copyPath)).contains(u"重打/COPY"));
}

TEST_CASE("a pre-printed form gets only the values, at the form's positions", "[app][receipt]")
{
    QTemporaryDir dir;
    ReceiptPrinter::Options o;
    o.pdfFolder = dir.path();
    o.alwaysPdf = true;
    o.form = receipt::parseReceiptForm("[paper]\nwidth_mm = 241\nheight_mm = 93.1\n[fields]\namount = 150, 30\n"
                                       "amount_capitals = 30, 45\nreceipt_no = 190, 12\n",
                                       QStringLiteral("form.ini"));
    ReceiptPrinter printer(o);
    QString error;
    const QString path = printer.printNow(sampleDocument(false), &error);
    REQUIRE_FALSE(path.isEmpty());
    const QString text = squeeze(test::pdfText(path));
    CHECK(text.contains(u"¥1680.32"));
    CHECK(text.contains(u"壹仟陆佰捌拾元零叁角贰分"));
    CHECK_FALSE(text.contains(u"张三")); // not placed on this form
}

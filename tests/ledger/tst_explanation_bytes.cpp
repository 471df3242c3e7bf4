// The deduction explanation is stored with every ledger transaction and fingerprinted for its
// idempotency key, so Deduction::toCompactJson() (written directly, for ingest speed) must give
// exactly the bytes QJsonDocument(toJson()).toJson(Compact) gave, and the fingerprint's
// percent-encoding exactly QByteArray::toPercentEncoding()'s: stored keys must keep replaying.
#include "../billing/billing_helpers.h"
#include "ledger/fingerprint.h"

#include <QJsonDocument>

#include <limits>

using namespace md;
using namespace md::test;

namespace {

QByteArray viaQt(const Deduction& d)
{
    return QJsonDocument(d.toJson()).toJson(QJsonDocument::Compact);
}

ReadingSet readings(const char* utc, std::initializer_list<std::pair<Register, qint64>> values)
{
    ReadingSet s;
    s.utc = QDateTime::fromString(QLatin1String(utc), Qt::ISODateWithMs);
    for (const auto& [r, milli] : values)
        s.values.insert(r, Quantity::fromMilli(milli, Unit::KilowattHour));
    return s;
}

Deduction edgeDeduction(const QString& text, qint64 number)
{
    Deduction d;
    d.status = BillStatus::Billed;
    d.from = QDateTime::fromString(QStringLiteral("2024-02-29T23:59:59.999Z"), Qt::ISODateWithMs);
    d.to = QDateTime::fromString(QStringLiteral("2024-03-01T08:00:00.001+08:00"), Qt::ISODateWithMs);
    d.before = readings("2024-02-29T23:59:59.999Z", {{Register::Valley, 0}, {Register::Peak, -1}, {Register::Total, 999}});
    d.after = readings("2024-03-01T00:00:00Z", {{Register::Sharp, number}, {Register::Flat, 123456789}});
    d.byRegister = number % 2 == 0;
    d.flags = unsigned(number) & 15u;
    Allocation a;
    a.version = QDate(2012, 7, 1);
    a.tierPeriod = text;
    a.month = text.left(3);
    a.reg = Register::Peak;
    a.segment = Rate::Valley;
    a.durationMs = number;
    a.quantity = Quantity::fromMilli(-number / 7, Unit::KilowattHour);
    d.allocations << a;
    a.segment.reset();
    a.month.clear();
    a.tierPeriod = QStringLiteral("all");
    a.durationMs = 0;
    d.allocations << a;
    DeductionLine l;
    l.kind = LineKind::Energy;
    l.bucket = BucketKey{text, QDate(2024, 1, 1), int(number % 1000), QStringLiteral("peak")};
    l.quantity = Quantity::fromMilli(number / 3, Unit::KilowattHour);
    l.price = Price::fromTenThousandths(number / 11);
    l.before = Quantity::fromMilli(0, Unit::KilowattHour);
    l.after = Quantity::fromMilli(-number / 13, Unit::KilowattHour);
    l.chargedBefore = Money::fromFen(-1);
    l.chargedAfter = Money::fromFen(number / 17);
    l.amount = Money::fromFen(-number / 19);
    l.rounding = Rounding::HalfEven;
    d.lines << l;
    l.kind = LineKind::Fixed;
    l.bucket.rate = QStringLiteral("fixed");
    l.bucket.tier = 0;
    d.lines << l;
    l.kind = LineKind::Free;
    l.bucket.rate = text;
    l.rounding = Rounding::Up;
    d.lines << l;
    d.total = Money::fromFen(number);
    return d;
}

} // namespace

TEST_CASE("The direct explanation JSON is byte for byte Qt's compact JSON", "[billing][explanation]")
{
    const QList<QString> texts{
        QString(),
        QStringLiteral("2024-03"),
        QString::fromUtf8("阶梯一档 峰时段 (上海居民)"),
        QString::fromUtf8("tab\tnew\nline\r\"quote\" back\\slash /slash \x01\x1f\x7f é ü ⅓ 😀"),
        QString(QChar(0xD800)) + QStringLiteral("lone") + QChar(0xDFFF),
        QString(QChar(0xFFFF)) + QChar(0xFEFF) + QChar(0x2028),
    };
    const QList<qint64> numbers{0,
                                1,
                                -1,
                                99,
                                -100,
                                (qint64(1) << 53) + 1,
                                -(qint64(1) << 53) - 1,
                                std::numeric_limits<qint64>::max(),
                                std::numeric_limits<qint64>::min() + 1,
                                1'234'567'890'123};
    int compared = 0;
    for (const QString& text : texts) {
        for (const qint64 n : numbers) {
            Deduction d = edgeDeduction(text, n);
            for (const BillStatus s : {BillStatus::Billed, BillStatus::Baseline, BillStatus::Anomaly}) {
                d.status = s;
                d.anomaly = s == BillStatus::Anomaly ? Anomaly::CounterBackwards : Anomaly::None;
                d.problem = s == BillStatus::Anomaly ? text : QString();
                INFO(viaQt(d).toStdString());
                REQUIRE(d.toCompactJson() == viaQt(d));
                ++compared;
            }
        }
    }
    CHECK(compared == 180);

    // An empty deduction (no lines, no allocations, no registers, invalid times).
    const Deduction empty;
    CHECK(empty.toCompactJson() == viaQt(empty));
    CHECK(empty.toCompactJson().startsWith("{\"after\":{\"at\":\"\",\"registers\":{}},\"allocations\":[]"));

    // Every UTF-16 code unit on its own, as an anomaly's text.
    Deduction one;
    one.status = BillStatus::Anomaly;
    one.anomaly = Anomaly::TimeNotAfter;
    for (char32_t u = 0; u <= 0xFFFF; ++u) {
        one.problem = QString(QChar(char16_t(u))) + QStringLiteral("x");
        if (one.toCompactJson() != viaQt(one))
            FAIL("code unit " << unsigned(u) << ": " << one.toCompactJson().toStdString() << " vs "
                              << viaQt(one).toStdString());
    }
}

TEST_CASE("The direct explanation JSON equals Qt's for real bills on the Shanghai tariff", "[billing][explanation]")
{
    const Tariff t = tariff("sh-resident.tariff");
    const QList<ReadingSet> history{
        at("2024-01-01T00:00:00+08:00", {{Register::Peak, "0"}, {Register::Valley, "0"}}),
        at("2024-06-30T23:00:00+08:00", {{Register::Peak, "1900"}, {Register::Valley, "950"}}),
        at("2024-07-01T07:00:00+08:00", {{Register::Peak, "2000"}, {Register::Valley, "1000"}}),
        at("2024-10-01T00:00:00+08:00", {{Register::Peak, "2900"}, {Register::Valley, "1400"}}),
        at("2025-01-01T00:00:00+08:00", {{Register::Peak, "3400"}, {Register::Valley, "1600"}}),
        at("2024-12-01T00:00:00+08:00", {{Register::Peak, "3500"}, {Register::Valley, "1700"}}), // not after
    };
    MeterBillingState state(t.unit);
    int billed = 0;
    for (const ReadingSet& r : history) {
        const Deduction d = Biller::bill(t, state, r);
        billed += d.status == BillStatus::Billed ? 1 : 0;
        CHECK(d.toCompactJson() == viaQt(d));
    }
    CHECK(billed == 4);
}

TEST_CASE("The fingerprint's percent-encoding is QByteArray::toPercentEncoding for every byte", "[ledger][fingerprint]")
{
    QByteArray all;
    for (int b = 0; b < 256; ++b) {
        const QByteArray one(1, char(b));
        QByteArray mine;
        Fingerprint::appendPercentEncoded(mine, one);
        INFO(b);
        REQUIRE(mine == one.toPercentEncoding());
        all += one;
    }
    QByteArray mine("prefix=");
    Fingerprint::appendPercentEncoded(mine, all + all);
    CHECK(mine == "prefix=" + (all + all).toPercentEncoding());
    QByteArray empty;
    Fingerprint::appendPercentEncoded(empty, QByteArray());
    CHECK(empty.isEmpty());

    // The fingerprint text itself, against one built the old way.
    const QString text = QString::fromUtf8("{\"problem\":\"阶梯 \\\"x\\\" %20\",\"n\":-1}");
    const QByteArray old = QCryptographicHash::hash(QByteArray("deduct\namount=-5\nexplanation=") +
                                                        text.toUtf8().toPercentEncoding() + "\nraw=" +
                                                        text.toUtf8().toPercentEncoding() + '\n',
                                                    QCryptographicHash::Sha256)
                               .toHex();
    CHECK(Fingerprint("deduct").add("amount", -5).add("explanation", text).add("raw", text.toUtf8()).hex() == old);
}

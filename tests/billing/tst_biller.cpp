#include "billing_helpers.h"

using namespace md;
using namespace md::test;

TEST_CASE("The first reading only sets the baseline", "[billing]")
{
    const Tariff t = tariff("tou-4rate.tariff");
    MeterBillingState s(t.unit);
    const Deduction d = Biller::bill(t, s, at("2024-05-01T00:00:00+08:00", {{Register::Total, "100"}}));
    CHECK(d.status == BillStatus::Baseline);
    CHECK(d.lines.isEmpty());
    CHECK(d.total.isZero());
    REQUIRE(s.last.has_value());
    CHECK(s.last->values.value(Register::Total).milli() == milli("100"));
}

TEST_CASE("Four rates, total-only meter: a day's quantity is shared over eight periods", "[billing][tou]")
{
    const Tariff t = tariff("tou-4rate.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-05-01T00:00:00+08:00", {{Register::Total, "100"}}));
    // 10.000 kWh over the periods' hours 8,2,1,6,2,2,1,2 (valley, peak, sharp, flat, peak,
    // sharp, flat, valley), largest remainder in Wh: 3334, 833, 417, 2500, 833, 833, 417, 833
    // (see tst_allocation.cpp). Per rate: valley 4.167, peak 1.666, sharp 1.250, flat 2.917.
    //   valley 4.167 × 0.3 = 1.2501 -> 1.25; peak 1.666 × 0.9 = 1.4994 -> 1.50
    //   sharp 1.250 × 1.2 = 1.50;            flat 2.917 × 0.6 = 1.7502 -> 1.75; total 6.00
    const Deduction d = Biller::bill(t, s, at("2024-05-02T00:00:00+08:00", {{Register::Total, "110"}}));
    CHECK(d.hasFlag(DeductionFlag::SplitSegments));
    CHECK(line(d, "all|2024-01-01|1|valley").quantity.milli() == 4167);
    CHECK(line(d, "all|2024-01-01|1|valley").amount.fen() == 125);
    CHECK(line(d, "all|2024-01-01|1|peak").quantity.milli() == 1666);
    CHECK(line(d, "all|2024-01-01|1|peak").amount.fen() == 150);
    CHECK(line(d, "all|2024-01-01|1|sharp").quantity.milli() == 1250);
    CHECK(line(d, "all|2024-01-01|1|sharp").amount.fen() == 150);
    CHECK(line(d, "all|2024-01-01|1|flat").quantity.milli() == 2917);
    CHECK(line(d, "all|2024-01-01|1|flat").amount.fen() == 175);
    CHECK(d.total.fen() == 600);
}

TEST_CASE("Four rates, per-register meter: each register at its own price, no time split", "[billing][tou]")
{
    const Tariff t = tariff("tou-4rate.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-05-01T00:00:00+08:00", {{Register::Sharp, "10"}, {Register::Peak, "20"},
                                                         {Register::Flat, "30"}, {Register::Valley, "40"}}));
    // sharp 1.5 × 1.2 = 1.80; peak 2.25 × 0.9 = 2.025 -> 2.03 (half-up);
    // flat 3 × 0.6 = 1.80; valley 4.333 × 0.3 = 1.2999 -> 1.30; total 6.93
    const Deduction d = Biller::bill(t, s, at("2024-05-03T13:00:00+08:00", {{Register::Sharp, "11.5"}, {Register::Peak, "22.25"},
                                                                            {Register::Flat, "33"}, {Register::Valley, "44.333"}}));
    CHECK(d.byRegister);
    CHECK(d.flags == 0);
    CHECK(line(d, "all|2024-01-01|1|sharp").amount.fen() == 180);
    CHECK(line(d, "all|2024-01-01|1|peak").amount.fen() == 203);
    CHECK(line(d, "all|2024-01-01|1|flat").amount.fen() == 180);
    CHECK(line(d, "all|2024-01-01|1|valley").amount.fen() == 130);
    CHECK(d.total.fen() == 693);
}

TEST_CASE("Monthly ladder: month rollover shares the interval, then a tier crossing", "[billing][ladder]")
{
    const Tariff t = tariff("monthly-ladder.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-01-15T00:00:00+08:00", {{Register::Total, "0"}}));
    // 15 Jan - 15 Feb = 17 days in January + 14 in February: 310 × 17/31 = 170, 310 × 14/31 = 140.
    // Jan 170 × 0.5883 = 100.011 -> 100.01; Feb 140 × 0.5883 = 82.362 -> 82.36; total 182.37
    const Deduction d1 = Biller::bill(t, s, at("2024-02-15T00:00:00+08:00", {{Register::Total, "310"}}));
    CHECK(d1.flags == unsigned(DeductionFlag::SplitPeriods));
    CHECK(line(d1, "2024-01|2024-01-01|1|flat").quantity.milli() == milli("170"));
    CHECK(line(d1, "2024-01|2024-01-01|1|flat").amount.fen() == fen("100.01"));
    CHECK(line(d1, "2024-02|2024-01-01|1|flat").amount.fen() == fen("82.36"));
    CHECK(d1.total.fen() == fen("182.37"));

    // +300 in February: the month's ladder goes 140 -> 440 over the bounds 200 and 400:
    // tier 1 +60 -> 200 × 0.5883 = 117.66, minus 82.36 = 35.30; tier 2 200 × 0.6383 = 127.66;
    // tier 3 40 × 0.8883 = 35.532 -> 35.53; total 35.30 + 127.66 + 35.53 = 198.49
    const Deduction d2 = Biller::bill(t, s, at("2024-02-29T00:00:00+08:00", {{Register::Total, "610"}}));
    CHECK(d2.flags == unsigned(DeductionFlag::TierCrossing));
    CHECK(line(d2, "2024-02|2024-01-01|1|flat").quantity.milli() == milli("60"));
    CHECK(line(d2, "2024-02|2024-01-01|1|flat").amount.fen() == fen("35.30"));
    CHECK(line(d2, "2024-02|2024-01-01|2|flat").amount.fen() == fen("127.66"));
    CHECK(line(d2, "2024-02|2024-01-01|3|flat").quantity.milli() == milli("40"));
    CHECK(line(d2, "2024-02|2024-01-01|3|flat").amount.fen() == fen("35.53"));
    CHECK(d2.total.fen() == fen("198.49"));

    // March starts again in tier 1: 10 × 0.5883 = 5.883 -> 5.88 (interval 29 Feb - 1 Mar 10:00:
    // 1 day in Feb, 10 h in Mar; 34 kWh × 24/34 h = 24 in Feb tier 3, 10 in Mar tier 1).
    // Feb tier 3: 64 × 0.8883 = 56.8512 -> 56.85, minus 35.53 = 21.32; total 27.20
    const Deduction d3 = Biller::bill(t, s, at("2024-03-01T10:00:00+08:00", {{Register::Total, "644"}}));
    CHECK(line(d3, "2024-02|2024-01-01|3|flat").amount.fen() == fen("21.32"));
    CHECK(line(d3, "2024-03|2024-01-01|1|flat").amount.fen() == fen("5.88"));
    CHECK(d3.total.fen() == fen("27.20"));
}

TEST_CASE("Free monthly allowance first, then the price, and a fixed charge once per month", "[billing][free]")
{
    const Tariff t = tariff("free-fixed.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-03-10T00:00:00+08:00", {{Register::Total, "100"}}));
    // 6 kWh, all inside March's 10 free kWh; March's fixed charge 5.00. Total 5.00.
    const Deduction d1 = Biller::bill(t, s, at("2024-03-20T00:00:00+08:00", {{Register::Total, "106"}}));
    CHECK(line(d1, "2024-03|2024-01-01|0|free").quantity.milli() == milli("6"));
    CHECK(line(d1, "2024-03|2024-01-01|0|free").amount.isZero());
    CHECK(line(d1, "2024-03|2024-01-01|0|fixed").amount.fen() == fen("5.00"));
    CHECK(d1.total.fen() == fen("5.00"));

    // 24 kWh over 20 Mar - 5 Apr: 12 days in March, 4 in April -> 18 and 6.
    // March: 4 free left, 14 at 0.50 = 7.00. April: 6 of its 10 free. April's fixed 5.00.
    // Total 7.00 + 5.00 = 12.00.
    const Deduction d2 = Biller::bill(t, s, at("2024-04-05T00:00:00+08:00", {{Register::Total, "130"}}));
    CHECK(d2.flags == unsigned(DeductionFlag::SplitPeriods));
    CHECK(line(d2, "2024-03|2024-01-01|0|free").quantity.milli() == milli("4"));
    CHECK(line(d2, "all|2024-01-01|1|flat").quantity.milli() == milli("14"));
    CHECK(line(d2, "all|2024-01-01|1|flat").amount.fen() == fen("7.00"));
    CHECK(line(d2, "2024-04|2024-01-01|0|free").quantity.milli() == milli("6"));
    CHECK(line(d2, "2024-04|2024-01-01|0|fixed").amount.fen() == fen("5.00"));
    CHECK(d2.total.fen() == fen("12.00"));

    // 20 kWh later in April: 4 free left, 16 charged: 30 × 0.50 = 15.00, minus 7.00 = 8.00.
    const Deduction d3 = Biller::bill(t, s, at("2024-04-30T00:00:00+08:00", {{Register::Total, "150"}}));
    CHECK(line(d3, "2024-04|2024-01-01|0|free").quantity.milli() == milli("4"));
    CHECK(line(d3, "all|2024-01-01|1|flat").amount.fen() == fen("8.00"));
    CHECK(d3.total.fen() == fen("8.00"));

    // No consumption through May into June: the fixed charge still comes, once per month.
    const Deduction d4 = Biller::bill(t, s, at("2024-06-10T00:00:00+08:00", {{Register::Total, "150"}}));
    CHECK(line(d4, "2024-05|2024-01-01|0|fixed").amount.fen() == fen("5.00"));
    CHECK(line(d4, "2024-06|2024-01-01|0|fixed").amount.fen() == fen("5.00"));
    CHECK(d4.total.fen() == fen("10.00"));
    const Deduction d5 = Biller::bill(t, s, at("2024-06-20T00:00:00+08:00", {{Register::Total, "150"}}));
    CHECK(d5.lines.isEmpty());
}

TEST_CASE("A price change inside an interval is shared pro rata between the versions", "[billing][versions]")
{
    const Tariff t = tariff("versions.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-06-21T00:00:00+08:00", {{Register::Total, "0"}}));
    // 10 days at the old price and 10 at the new: 100 × 0.50 = 50.00 + 100 × 0.60 = 60.00.
    const Deduction d = Biller::bill(t, s, at("2024-07-11T00:00:00+08:00", {{Register::Total, "200"}}));
    CHECK(d.flags == unsigned(DeductionFlag::SplitVersions));
    CHECK(line(d, "all|2024-01-01|1|flat").amount.fen() == fen("50.00"));
    CHECK(line(d, "all|2024-07-01|1|flat").amount.fen() == fen("60.00"));
    CHECK(d.total.fen() == fen("110.00"));
}

TEST_CASE("Water is billed in cubic metres", "[billing]")
{
    const Tariff t = tariff("water-flat.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-01-01T00:00:00+08:00", {{Register::Total, "0"}}, Unit::CubicMetre));
    // 12.345 m³ × 3.45 = 42.59025 -> 42.59
    const Deduction d = Biller::bill(t, s, at("2024-02-01T00:00:00+08:00", {{Register::Total, "12.345"}}, Unit::CubicMetre));
    CHECK(d.total.fen() == fen("42.59"));
    CHECK(d.lines.at(0).quantity.unit() == Unit::CubicMetre);
}

TEST_CASE("Anomalies charge nothing and leave the state as it was", "[billing][anomaly]")
{
    const Tariff t = tariff("sh-resident.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-01-01T00:00:00+08:00", {{Register::Total, "100"}}));
    const QJsonObject before = s.toJson();

    const Deduction back = Biller::bill(t, s, at("2024-01-02T00:00:00+08:00", {{Register::Total, "99.999"}}));
    CHECK(back.status == BillStatus::Anomaly);
    CHECK(back.anomaly == Anomaly::CounterBackwards);
    CHECK(back.problem.contains(QStringLiteral("from 100.000 to 99.999")));
    CHECK(back.lines.isEmpty());
    CHECK(s.toJson() == before);

    CHECK(Biller::bill(t, s, at("2024-01-01T00:00:00+08:00", {{Register::Total, "101"}})).anomaly == Anomaly::TimeNotAfter);
    CHECK(Biller::bill(t, s, at("2024-01-02T00:00:00+08:00", {{Register::Peak, "101"}})).anomaly == Anomaly::MissingRegister);
    CHECK(Biller::bill(t, s, ReadingSet{}).anomaly == Anomaly::NoRegisters);
    CHECK(s.toJson() == before);

    // The next good reading bills from the last good baseline: 1 kWh 10:00-11:00, peak.
    const Deduction ok = Biller::bill(t, s, at("2024-01-02T11:00:00+08:00", {{Register::Total, "101"}}));
    CHECK(ok.status == BillStatus::Billed);
    CHECK(ok.from == QDateTime::fromString(QStringLiteral("2024-01-01T00:00:00+08:00"), Qt::ISODate));
}

TEST_CASE("A reading before the tariff's first version, or a register it does not price, is an anomaly",
          "[billing][anomaly]")
{
    const Tariff versions = tariff("versions.tariff");
    MeterBillingState s(versions.unit);
    Biller::bill(versions, s, at("2023-12-01T00:00:00+08:00", {{Register::Total, "0"}}));
    CHECK(Biller::bill(versions, s, at("2024-01-05T00:00:00+08:00", {{Register::Total, "5"}})).anomaly
          == Anomaly::NoTariffVersion);

    const Tariff sh = tariff("sh-resident.tariff"); // peak and valley only
    MeterBillingState s2(sh.unit);
    Biller::bill(sh, s2, at("2024-01-01T00:00:00+08:00", {{Register::Sharp, "0"}, {Register::Peak, "0"}}));
    CHECK(Biller::bill(sh, s2, at("2024-01-02T00:00:00+08:00", {{Register::Sharp, "1"}, {Register::Peak, "1"}})).anomaly
          == Anomaly::RegisterNotPriced);
}

TEST_CASE("A deduction explains itself in JSON", "[billing]")
{
    const Tariff t = tariff("sh-resident.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-01-01T00:00:00+08:00", {{Register::Total, "0"}}));
    const QJsonObject o = Biller::bill(t, s, at("2024-01-02T00:00:00+08:00", {{Register::Total, "24"}})).toJson();
    CHECK(o.value(u"status").toString() == u"billed");
    CHECK(o.value(u"from").toString() == u"2023-12-31T16:00:00.000Z");
    CHECK(o.value(u"before").toObject().value(u"registers").toObject().value(u"total").toString() == u"0.000");
    CHECK(o.value(u"after").toObject().value(u"registers").toObject().value(u"total").toString() == u"24.000");
    CHECK(o.value(u"flags").toArray().first().toString() == u"split-segments");
    const QJsonObject first = o.value(u"lines").toArray().first().toObject();
    CHECK(first.value(u"bucket").toString() == u"2024|2012-07-01|1|valley");
    CHECK(first.value(u"price").toString() == u"0.3070");
    CHECK(first.value(u"quantity").toString() == u"8.000");
    CHECK(first.value(u"chargedAfter").toString() == u"2.46");
    CHECK(first.value(u"rounding").toString() == u"half-up");
    CHECK(o.value(u"allocations").toArray().size() == 2);
    CHECK(o.value(u"total").toString() == u"12.33");
}

TEST_CASE("A single-rate tariff prices every time-of-use register alike", "[billing][tou]")
{
    const Tariff t = tariff("versions.tariff");
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-02-01T00:00:00+08:00", {{Register::Peak, "10"}, {Register::Valley, "20"}}));
    // +2 peak, +5 valley, all at the one price: 7 × 0.50 = 3.50, one line.
    const Deduction d = Biller::bill(t, s, at("2024-02-02T00:00:00+08:00", {{Register::Peak, "12"}, {Register::Valley, "25"}}));
    CHECK(d.byRegister);
    REQUIRE(d.lines.size() == 1);
    CHECK(d.lines.at(0).bucket.toString() == u"all|2024-01-01|1|flat");
    CHECK(d.lines.at(0).quantity.milli() == milli("7"));
    CHECK(d.total.fen() == fen("3.50"));
}

TEST_CASE("A ladder year may start on another day than 1 January", "[billing][ladder]")
{
    const Tariff t = parseTariff(QByteArrayLiteral("[tariff]\nid = t\nutility = electricity\ntimezone = Asia/Shanghai\n"
                                                   "[version]\neffective = 2020-01-01\ntier-basis = year\n"
                                                   "tier-year-start = 07-01\ntiers = 100\nprice.flat = 1, 2\n"),
                                 QStringLiteral("inline"));
    MeterBillingState s(t.unit);
    Biller::bill(t, s, at("2024-06-21T00:00:00+08:00", {{Register::Total, "0"}}));
    // 21 June - 11 July: 10 days in the ladder year that started 1 July 2023, 10 in the one
    // starting 1 July 2024:
    // 100 + 100, each inside its year's tier 1 (no crossing): 100 × 1 + 100 × 1 = 200.00.
    const Deduction d = Biller::bill(t, s, at("2024-07-11T00:00:00+08:00", {{Register::Total, "200"}}));
    CHECK(d.flags == unsigned(DeductionFlag::SplitPeriods));
    CHECK(line(d, "2023|2020-01-01|1|flat").amount.fen() == fen("100.00"));
    CHECK(line(d, "2024|2020-01-01|1|flat").amount.fen() == fen("100.00"));
    CHECK(d.total.fen() == fen("200.00"));
}

TEST_CASE("Readings in another unit than the tariff's are refused outright", "[billing]")
{
    const Tariff t = tariff("water-flat.tariff");
    MeterBillingState s(t.unit);
    CHECK_THROWS_AS(Biller::bill(t, s, at("2024-01-01T00:00:00+08:00", {{Register::Total, "1"}})), Error);
    CHECK_FALSE(s.last.has_value());
}

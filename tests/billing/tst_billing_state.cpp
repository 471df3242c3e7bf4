#include "billing_helpers.h"
#include "util/error.h"

#include <QJsonDocument>

using namespace md;
using namespace md::test;

TEST_CASE("The billing state survives a trip through JSON mid-history", "[billing][state]")
{
    const Tariff t = tariff("sh-resident.tariff");
    const QList<ReadingSet> history{
        at("2024-01-01T00:00:00+08:00", {{Register::Peak, "0"}, {Register::Valley, "0"}}),
        at("2024-07-01T00:00:00+08:00", {{Register::Peak, "2000"}, {Register::Valley, "1000"}}),
        at("2024-10-01T00:00:00+08:00", {{Register::Peak, "2900"}, {Register::Valley, "1400"}}),
        at("2025-01-01T00:00:00+08:00", {{Register::Peak, "3400"}, {Register::Valley, "1600"}}),
    };
    MeterBillingState straight(t.unit);
    QList<Money> straightTotals;
    for (const ReadingSet& r : history)
        straightTotals.append(Biller::bill(t, straight, r).total);

    MeterBillingState first(t.unit);
    Biller::bill(t, first, history.at(0));
    Biller::bill(t, first, history.at(1));
    const QByteArray stored = QJsonDocument(first.toJson()).toJson(QJsonDocument::Compact);
    MeterBillingState resumed = MeterBillingState::fromJson(QJsonDocument::fromJson(stored).object(), QStringLiteral("meter 7"));
    CHECK(resumed.toJson() == first.toJson());
    CHECK(Biller::bill(t, resumed, history.at(2)).total == straightTotals.at(2)); // 738.02
    CHECK(Biller::bill(t, resumed, history.at(3)).total == straightTotals.at(3)); // 457.32
    CHECK(resumed.toJson() == straight.toJson());
    CHECK(resumed.totalCharged().fen() == fen("2736.34")); // 1541.00 + 738.02 + 457.32
}

TEST_CASE("Stored state that does not read back is an error naming its source", "[billing][state]")
{
    QJsonObject o = MeterBillingState(Unit::KilowattHour).toJson();
    o.insert(QStringLiteral("buckets"), QJsonObject{{QStringLiteral("2024|bad-date|1|peak"),
                                                     QJsonObject{{QStringLiteral("quantity"), QStringLiteral("1.000")},
                                                                 {QStringLiteral("charged"), QStringLiteral("0.62")}}}});
    try {
        MeterBillingState::fromJson(o, QStringLiteral("meter 7"));
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(e.source() == u"meter 7");
        CHECK(e.problem().contains(QStringLiteral("2024|bad-date|1|peak")));
    }
    QJsonObject noUnit = MeterBillingState(Unit::KilowattHour).toJson();
    noUnit.remove(QStringLiteral("unit"));
    CHECK_THROWS_AS(MeterBillingState::fromJson(noUnit, QStringLiteral("meter 7")), InputError);
}

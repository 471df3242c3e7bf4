// After each reading: the alarm level from the wallet's balance and the desired relay state;
// after a recharge: re-evaluation without waiting for a reading; purchase-count comparison.
// Tariff flat-e: 0.5000 yuan/kWh. Office time Asia/Shanghai (UTC+8).

#include "collection_fixture.h"

#include "collection/collection_store.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

namespace {
using S = IngestOutcome::Status;
const QDateTime kT0 = CollectionFixture::kT0;
QDateTime at(int minutes)
{
    return kT0.addSecs(qint64(minutes) * 60);
}
Money yuan(const char16_t* text)
{
    return *Money::parseYuan(text);
}
AccountSettings thresholds(const char16_t* a1, const char16_t* a2)
{
    AccountSettings s;
    s.thresholds = {yuan(a1), yuan(a2)};
    return s;
}
} // namespace

TEST_CASE("Balance falls through alarm 1, alarm 2 and arrears, arrears wants the relay off", "[collection][control][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"12", thresholds(u"10", u"5"));
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"100.000"));
    CHECK_FALSE(o.alarm); // 12.00: normal, as the runtime starts
    REQUIRE(o.control);
    CHECK(o.control->desired == SwitchState::On);
    CHECK_FALSE(o.control->commandNeeded); // the meter reports on

    // +4 kWh = 2.00 → 10.00: alarm 1 (inclusive bound).
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"104.000"));
    REQUIRE(o.alarm);
    CHECK(o.alarm->to == AlarmLevel::Alarm1);
    CHECK(o.alarm->balance == yuan(u"10.00"));
    // +10 kWh = 5.00 → 5.00: alarm 2.
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(60), u"114.000"));
    REQUIRE(o.alarm);
    CHECK(o.alarm->to == AlarmLevel::Alarm2);
    // +10 kWh = 5.00 → 0.00: still alarm 2, no change.
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(90), u"124.000"));
    CHECK_FALSE(o.alarm);
    // +2 kWh = 1.00 → −1.00: arrears; 02:00 + 2 h = 12:00 local, outside any window: trip now.
    f.clock.set(at(120));
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(120), u"126.000"));
    REQUIRE(o.alarm);
    CHECK(o.alarm->from == AlarmLevel::Alarm2);
    CHECK(o.alarm->to == AlarmLevel::Arrears);
    CHECK(o.alarm->balance == yuan(u"-1.00"));
    REQUIRE(o.control);
    CHECK(o.control->desired == SwitchState::Off);
    CHECK(o.control->commandNeeded);
    CHECK_FALSE(o.control->deferred);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM alarm_events WHERE kind = 'level'")) == 3);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM meter_runtime WHERE switch_desired = 'off' AND alarm_level = 'arrears'")) == 1);

    // A recharge of 50.00 → 49.00: re-evaluated at once, back to normal and on.
    f.recharge(a, u"50");
    const QList<IngestOutcome> outs = f.ingestor->reevaluate(a, Utility::Electricity);
    REQUIRE(outs.size() == 1);
    CHECK(outs.at(0).status == S::Evaluated);
    REQUIRE(outs.at(0).alarm);
    CHECK(outs.at(0).alarm->to == AlarmLevel::Normal);
    CHECK(outs.at(0).alarm->balance == yuan(u"49.00"));
    CHECK(outs.at(0).control->desired == SwitchState::On);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM meter_runtime WHERE switch_desired = 'on' AND alarm_level = 'normal'")) == 1);
}

TEST_CASE("An arrears trip inside the protected window is due at its end", "[collection][control][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    AccountSettings s = thresholds(u"0", u"0");
    s.windows = {ProtectedWindow{18 * 60, 9 * 60}};
    const AccountId a = f.account(QStringLiteral("A-1"), u"1", s);
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    // 12:00 UTC = 20:00 local.
    const QDateTime evening(QDate(2025, 3, 3), QTime(12, 0), Qt::UTC);
    f.clock.set(evening);
    f.ingestor->ingest(CollectionFixture::reading(m, evening, u"100.000"));
    // +4 kWh = 2.00 → −1.00: arrears, but the trip waits for 09:00 local = 01:00 UTC on 4 Mar.
    f.clock.set(evening.addSecs(1800));
    const IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, evening.addSecs(1800), u"104.000"));
    REQUIRE(o.control);
    CHECK(o.control->desired == SwitchState::Off);
    CHECK(o.control->deferred);
    const QDateTime due(QDate(2025, 3, 4), QTime(1, 0), Qt::UTC);
    CHECK(o.control->dueAt == due);
    CHECK(f.scalar(QStringLiteral("SELECT desired_due_at_ms FROM meter_runtime")) == due.toMSecsSinceEpoch());
}

TEST_CASE("An arrears trip under a window that never ends is never due", "[collection][control][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    AccountSettings s = thresholds(u"0", u"0");
    s.windows = {ProtectedWindow{0, 0}}; // the whole day, every day
    const AccountId a = f.account(QStringLiteral("A-1"), u"1", s);
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"100.000"));
    const IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"104.000")); // −1.00
    REQUIRE(o.control);
    CHECK(o.control->desired == SwitchState::Off);
    CHECK(o.control->deferred);
    CHECK_FALSE(o.control->dueAt.isValid());
    CHECK(f.scalar(QStringLiteral("SELECT desired_due_at_ms FROM meter_runtime")) == MeterRuntime::kNeverDue);
}

TEST_CASE("A force-on account in arrears keeps its supply", "[collection][control][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    AccountSettings s = thresholds(u"0", u"0");
    s.forceOn = true;
    const AccountId a = f.account(QStringLiteral("A-1"), u"1", s);
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"100.000"));
    const IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"110.000")); // 5.00 → −4.00
    CHECK(o.balance == yuan(u"-4.00"));
    REQUIRE(o.alarm);
    CHECK(o.alarm->to == AlarmLevel::Arrears);
    REQUIRE(o.control);
    CHECK(o.control->desired == SwitchState::On);
    CHECK(o.control->reason == u"force-on");
    CHECK_FALSE(o.control->commandNeeded);
}

TEST_CASE("A meter whose account has no settings waits, the next reading bills the whole interval", "[collection][control][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"100.000"));
    f.ledger.closeAccount({QStringLiteral("close-1"), a, Channel::Cash, OperatorId{1}, {}});
    // The ledger refuses a closed account: stored, not billed, nothing half-written.
    const IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"102.000"));
    CHECK(o.status == S::NotBilled);
    CHECK(o.reason == u"ledger-refused");
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'")) == 0);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) == 2);

    const MeterId other = f.meter(QStringLiteral("M-2"), AccountId{4242}); // no settings row
    const IngestOutcome n = f.ingestor->ingest(CollectionFixture::reading(other, at(0), u"1.000"));
    CHECK(n.status == S::NotBilled);
    CHECK(n.reason == u"no-settings");
}

TEST_CASE("A purchase count that disagrees with the ledger raises an alarm", "[collection][control][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100"); // recharge 1 at kT0
    f.recharge(a, u"20");                                             // recharge 2 at kT0
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    // An hour later both recharges are older than the 10-minute pending window.
    MeterReading r = CollectionFixture::reading(m, at(60), u"100.000");
    r.purchaseCount = 2;
    CHECK_FALSE(f.ingestor->ingest(r).purchaseMismatch);
    r = CollectionFixture::reading(m, at(90), u"100.500");
    r.purchaseCount = 1; // the meter lost a purchase
    CHECK(f.ingestor->ingest(r).purchaseMismatch);
    r = CollectionFixture::reading(m, at(120), u"101.000");
    r.purchaseCount = 3; // the meter counts one the office never took money for
    CHECK(f.ingestor->ingest(r).purchaseMismatch);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM alarm_events WHERE kind = 'purchase-count'")) == 2);
    // A recharge 5 minutes before the reading may not be on the meter yet: pending, no alarm.
    f.clock.set(at(145));
    f.recharge(a, u"10");
    r = CollectionFixture::reading(m, at(150), u"101.500");
    r.purchaseCount = 2;
    CHECK_FALSE(f.ingestor->ingest(r).purchaseMismatch);
}

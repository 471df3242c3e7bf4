// One reading at a time through ReadingIngestor, on SQLite and MariaDB: stored, rolled up,
// billed through the ledger in the same transaction. Tariff flat-e: 0.5000 yuan/kWh,
// cumulative charging (charged so far = round(kWh since baseline × 0.50), half-up).

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
} // namespace

TEST_CASE("A reading is stored, rolled up, billed and posted in one transaction", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a);

    IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"1000.000"));
    CHECK(o.status == S::Baseline);
    CHECK(o.charged == Money());
    CHECK(f.balance(a) == yuan(u"100.00"));

    // +10.000 kWh × 0.50 = 5.00.
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"1010.000"));
    CHECK(o.status == S::Billed);
    CHECK(o.charged == yuan(u"5.00"));
    REQUIRE(o.tx);
    REQUIRE(o.balance);
    CHECK(*o.balance == yuan(u"95.00"));
    CHECK(f.balance(a) == yuan(u"95.00"));

    // Cumulative: 10.333 kWh × 0.50 = 5.1665 → 5.17 charged so far, so this reading posts 0.17.
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(60), u"1010.333"));
    CHECK(o.charged == yuan(u"0.17"));
    CHECK(f.balance(a) == yuan(u"94.83"));

    // Rows: three readings, two deductions (the baseline posts none), each reading's tx_id set.
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) == 3);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'")) == 2);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE tx_id IS NOT NULL")) == 2);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM operation_log WHERE action = 'deduct'")) == 2);
    // The deduction's explanation is the Deduction JSON and its key names meter and time.
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction' AND detail LIKE '%\"lines\"%' "
                                  "AND idem_key = 'reading:%1:%2'")
                       .arg(m.v)
                       .arg(at(30).toMSecsSinceEpoch())) == 1);
    CHECK(f.ledger.verify().isEmpty());
    // Daily rollup of 3 Mar (local): 1000.000 → 1010.333, 10.333 kWh used over 3 readings.
    CHECK(f.scalar(QStringLiteral("SELECT used_total_milli FROM meter_daily WHERE day = '2025-03-03'")) == 10'333);
    CHECK(f.scalar(QStringLiteral("SELECT first_total_milli FROM meter_daily WHERE day = '2025-03-03'")) == 1'000'000);
    CHECK(f.scalar(QStringLiteral("SELECT last_total_milli FROM meter_daily WHERE day = '2025-03-03'")) == 1'010'333);
    CHECK(f.scalar(QStringLiteral("SELECT reading_count FROM meter_daily WHERE day = '2025-03-03'")) == 3);
    // Runtime: the last good reading is the third.
    CHECK(f.scalar(QStringLiteral("SELECT last_good_at_ms FROM meter_runtime")) == at(60).toMSecsSinceEpoch());
}

TEST_CASE("A counter going backwards or jumping is an anomaly: stored, not billed, baseline kept", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a, 20'000); // 20 kW: at most 10.000 kWh per 30 min
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"1000.000"));
    f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"1010.000")); // 5.00

    IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(60), u"1005.000"));
    CHECK(o.status == S::Anomaly);
    CHECK(o.reason == u"counter-backwards");
    CHECK(o.charged == Money());
    // Against the last good reading (1010.000 at +30 min): 1030.001 at +90 min is 20.001 kWh in
    // 60 min, 1 Wh more than 20 kW can count (20 × 1 h = 20.000 kWh).
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(90), u"1030.001"));
    CHECK(o.status == S::Anomaly);
    CHECK(o.reason == u"impossible-jump");
    CHECK(f.balance(a) == yuan(u"95.00"));

    // Billed against the last good reading (1010.000 at +30 min): 1015.000 at +120 min is
    // 5 kWh in 90 min (bound 30 kWh) → 2.50; balance 95.00 − 2.50 = 92.50.
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(120), u"1015.000"));
    CHECK(o.status == S::Billed);
    CHECK(o.charged == yuan(u"2.50"));
    CHECK(f.balance(a) == yuan(u"92.50"));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE flags & 4 = 4")) == 2);
    CHECK(f.scalar(QStringLiteral("SELECT anomaly_count FROM meter_daily")) == 2);
    CHECK(f.scalar(QStringLiteral("SELECT used_total_milli FROM meter_daily")) == 15'000);
}

TEST_CASE("A counter reset is flagged, not billed, and becomes the new baseline", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a, 20'000);
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"1000.000"));
    f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"1010.000")); // 5.00

    // 3.000 kWh after 30 min: no more than 20 kW could count from zero (10.000) → a reset.
    IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(60), u"3.000"));
    CHECK(o.status == S::CounterReset);
    CHECK(o.reason == u"counter-reset");
    CHECK(o.charged == Money());
    CHECK(f.balance(a) == yuan(u"95.00"));
    // From the new baseline: 3.000 → 5.000 = 2 kWh → 1.00; total 6.00 charged, balance 94.00.
    o = f.ingestor->ingest(CollectionFixture::reading(m, at(90), u"5.000"));
    CHECK(o.status == S::Billed);
    CHECK(o.charged == yuan(u"1.00"));
    CHECK(f.balance(a) == yuan(u"94.00"));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE flags & 8 = 8")) == 1);
}

TEST_CASE("Energy used while a meter was lost is billed once when it returns", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a, 20'000);
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"1000.000"));
    {
        // The bus side counts six missed cycles (lost after three).
        CollectionStore store(f.db());
        MeterRuntime r = store.loadRuntime(m);
        for (int i = 0; i < 6; ++i)
            r.missCycle(3);
        CHECK(r.lost);
        store.saveRuntime(r, at(210).toMSecsSinceEpoch());
    }
    CHECK(f.scalar(QStringLiteral("SELECT lost FROM meter_runtime")) == 1);
    // Back after 3.5 h with 1050.000: 50 kWh (bound 70 kWh) × 0.50 = 25.00, in one deduction.
    const MeterReading back = CollectionFixture::reading(m, at(210), u"1050.000");
    IngestOutcome o = f.ingestor->ingest(back);
    CHECK(o.status == S::Billed);
    CHECK(o.charged == yuan(u"25.00"));
    CHECK(f.balance(a) == yuan(u"75.00"));
    CHECK(f.scalar(QStringLiteral("SELECT lost FROM meter_runtime")) == 0);
    CHECK(f.scalar(QStringLiteral("SELECT missed_cycles FROM meter_runtime")) == 0);
    // The same reading delivered again (a retried request) changes nothing.
    o = f.ingestor->ingest(back);
    CHECK(o.status == S::Duplicate);
    CHECK(f.balance(a) == yuan(u"75.00"));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'")) == 1);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) == 2);
}

TEST_CASE("An unassigned meter's readings are stored and nothing is billed", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const MeterId m = f.meter(QStringLiteral("M-free"), std::nullopt);
    CHECK(f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"10.000")).status == S::Unassigned);
    const IngestOutcome o = f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"12.000"));
    CHECK(o.status == S::Unassigned);
    CHECK_FALSE(o.control);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE flags & 16 = 16")) == 2);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'")) == 0);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM meter_billing_state")) == 0);
    CHECK(f.scalar(QStringLiteral("SELECT used_total_milli FROM meter_daily")) == 2'000);
}

TEST_CASE("The daily rollup follows the office's day, not UTC's", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    // 15:50 and 15:59 UTC are 23:50 and 23:59 on 3 Mar in Shanghai; 16:20 UTC is 00:20 on 4 Mar.
    const QDateTime evening(QDate(2025, 3, 3), QTime(15, 50), Qt::UTC);
    f.ingestor->ingest(CollectionFixture::reading(m, evening, u"100.000"));
    f.ingestor->ingest(CollectionFixture::reading(m, evening.addSecs(540), u"101.000"));
    f.ingestor->ingest(CollectionFixture::reading(m, evening.addSecs(1800), u"103.500"));
    CHECK(f.scalar(QStringLiteral("SELECT used_total_milli FROM meter_daily WHERE day = '2025-03-03'")) == 1'000);
    CHECK(f.scalar(QStringLiteral("SELECT used_total_milli FROM meter_daily WHERE day = '2025-03-04'")) == 2'500);
    CHECK(f.scalar(QStringLiteral("SELECT first_total_milli FROM meter_daily WHERE day = '2025-03-04'")) == 103'500);
    // 3.5 kWh × 0.50 = 1.75 in total.
    CHECK(f.balance(a) == yuan(u"98.25"));
}

TEST_CASE("A reading of an unknown meter or without registers is refused whole", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    CHECK_THROWS_AS(f.ingestor->ingest(CollectionFixture::reading(MeterId{77}, at(0), u"1.000")), InputError);
    const MeterId m = f.meter(QStringLiteral("M-1"), std::nullopt);
    MeterReading empty;
    empty.meter = m;
    empty.registers.utc = at(0);
    CHECK_THROWS_AS(f.ingestor->ingest(empty), InputError);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) == 0);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM meter_runtime")) == 0);
}

TEST_CASE("A reading dated after its meter was removed is refused, one before it is billed", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"1000.000"));
    MeterRecord r = *f.registry.byId(m);
    r.removed = at(60); // taken down at 11:00 (a swap stores its final reading at that time)
    f.registry.update(r);

    // A late reply from before the removal still counts: +2.000 kWh × 0.50 = 1.00.
    CHECK(f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"1002.000")).charged == yuan(u"1.00"));
    // At the removal itself (the final reading): +2.000 kWh more, 2.00 charged so far.
    CHECK(f.ingestor->ingest(CollectionFixture::reading(m, at(60), u"1004.000")).charged == yuan(u"1.00"));
    // After it the meter is on nobody's wall: a stale queue or a second meter answering at the
    // old address must not bill the tenant.
    CHECK_THROWS_AS(f.ingestor->ingest(CollectionFixture::reading(m, at(90), u"1010.000")), InputError);
    const IngestReport report = f.ingestor->ingestAll({CollectionFixture::reading(m, at(120), u"1011.000")});
    REQUIRE(report.failure);
    CHECK(report.committed == 0);
    CHECK(f.balance(a) == yuan(u"98.00"));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) == 3);
    CHECK(f.ledger.verify().isEmpty());
}

TEST_CASE("A meter handed to another account bills the new tenant from its first reading there", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const AccountId b = f.account(QStringLiteral("B-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    f.ingestor->ingest(CollectionFixture::reading(m, at(0), u"1000.000"));
    CHECK(f.ingestor->ingest(CollectionFixture::reading(m, at(30), u"1010.000")).charged == yuan(u"5.00"));

    MeterRecord r = *f.registry.byId(m);
    r.account = b; // the shop changed hands between two readings
    f.registry.update(r);

    // The first reading under B is B's baseline: the 2.000 kWh before it were used while the
    // meter was changing hands and are nobody's to pay (the old tenant's cumulative charges and
    // ladder totals are not the new tenant's either).
    const IngestOutcome first = f.ingestor->ingest(CollectionFixture::reading(m, at(60), u"1012.000"));
    CHECK(first.status == S::Baseline);
    CHECK(first.charged == Money());
    // +2.000 kWh × 0.50 = 1.00, B's first charge.
    CHECK(f.ingestor->ingest(CollectionFixture::reading(m, at(90), u"1014.000")).charged == yuan(u"1.00"));
    CHECK(f.balance(a) == yuan(u"95.00"));
    CHECK(f.balance(b) == yuan(u"99.00"));
    CHECK(f.ledger.verify().isEmpty());
}

TEST_CASE("A wallet set to a tariff that is not in the database is not billed, and the batch goes on", "[collection][ingest][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId good = f.account(QStringLiteral("A-1"), u"100");
    AccountSettings typo;
    typo.tariffKey = QStringLiteral("flat-e-typo"); // configured by hand, never imported
    const AccountId bad = f.account(QStringLiteral("B-1"), u"100", typo);
    const MeterId mg = f.meter(QStringLiteral("M-GOOD"), good);
    const MeterId mb = f.meter(QStringLiteral("M-BAD"), bad);
    // The bad wallet's meter first in the batch: before, its missing tariff refused the whole
    // batch, and the collection service dropped the good meter's readings one by one.
    IngestReport report = f.ingestor->ingestAll({CollectionFixture::reading(mb, at(0), u"500.000"),
                                                 CollectionFixture::reading(mg, at(0), u"1000.000"),
                                                 CollectionFixture::reading(mb, at(30), u"510.000"),
                                                 CollectionFixture::reading(mg, at(30), u"1010.000")});
    REQUIRE_FALSE(report.failure);
    REQUIRE(report.outcomes.size() == 4);
    CHECK(report.outcomes[0].status == S::NotBilled);
    CHECK(report.outcomes[0].reason == u"no-tariff");
    CHECK(report.outcomes[0].problem.contains(QStringLiteral("flat-e-typo")));
    CHECK(report.outcomes[3].status == S::Billed);
    CHECK(report.outcomes[3].charged == yuan(u"5.00")); // 10 kWh × 0.50
    CHECK(f.balance(good) == yuan(u"95.00"));
    CHECK(f.balance(bad) == yuan(u"100.00"));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) == 4);
    CHECK(f.ledger.verify().isEmpty());
}

// Batched ingest: many readings per transaction; a failure rolls back only its batch and
// names the reading. Tariff flat-e: 0.5000 yuan/kWh.

#include "collection_fixture.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

namespace {
const QDateTime kT0 = CollectionFixture::kT0;
Money yuan(const char16_t* text)
{
    return *Money::parseYuan(text);
}
// Meter i of `meters`, cycle c: 100 + c × (i + 1) kWh, read every 30 minutes.
QList<MeterReading> cycles(const QList<MeterId>& meters, int count)
{
    QList<MeterReading> out;
    for (int c = 0; c < count; ++c) {
        for (qsizetype i = 0; i < meters.size(); ++i) {
            const QString kwh = QString::number(100 + c * (i + 1)) + QStringLiteral(".000");
            out.append(CollectionFixture::reading(meters.at(i), kT0.addSecs(1800LL * c), reinterpret_cast<const char16_t*>(kwh.utf16())));
        }
    }
    return out;
}
} // namespace

TEST_CASE("Batched ingest bills every reading exactly as one at a time would", "[collection][batch][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    IngestOptions options;
    options.batchSize = 5;
    options.batchMs = 60'000;
    CollectionFixture f(backend, options);
    QList<AccountId> accounts;
    QList<MeterId> meters;
    for (int i = 0; i < 3; ++i) {
        accounts.append(f.account(QStringLiteral("A-%1").arg(i), u"100"));
        meters.append(f.meter(QStringLiteral("M-%1").arg(i), accounts.last()));
    }
    // 3 meters × 4 cycles = 12 readings in batches of 5, 5, 2.
    const IngestReport report = f.ingestor->ingestAll(cycles(meters, 4));
    CHECK_FALSE(report.failure);
    CHECK(report.committed == 12);
    REQUIRE(report.outcomes.size() == 12);
    // Meter i used 3 × (i + 1) kWh after its baseline: 1.50, 3.00, 4.50 charged.
    CHECK(f.balance(accounts.at(0)) == yuan(u"98.50"));
    CHECK(f.balance(accounts.at(1)) == yuan(u"97.00"));
    CHECK(f.balance(accounts.at(2)) == yuan(u"95.50"));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'")) == 9);
    CHECK(f.scalar(QStringLiteral("SELECT SUM(used_total_milli) FROM meter_daily")) == 18'000); // 3 + 6 + 9 kWh
    CHECK(f.ledger.verify().isEmpty());
    // The same readings again: every one a duplicate, nothing posted.
    const IngestReport again = f.ingestor->ingestAll(cycles(meters, 4));
    CHECK(again.committed == 12);
    CHECK(std::all_of(again.outcomes.cbegin(), again.outcomes.cend(),
                      [](const IngestOutcome& o) { return o.status == IngestOutcome::Status::Duplicate; }));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'")) == 9);
}

TEST_CASE("A failing reading rolls back only its batch and is named", "[collection][batch][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    IngestOptions options;
    options.batchSize = 5;
    options.batchMs = 60'000;
    CollectionFixture f(backend, options);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    const MeterId m = f.meter(QStringLiteral("M-1"), a);
    QList<MeterReading> readings;
    for (int c = 0; c < 10; ++c) {
        const QString kwh = QString::number(100 + c) + QStringLiteral(".000");
        readings.append(CollectionFixture::reading(m, kT0.addSecs(1800LL * c), reinterpret_cast<const char16_t*>(kwh.utf16())));
    }
    readings[7].meter = MeterId{999}; // not in the registry
    const IngestReport report = f.ingestor->ingestAll(readings);
    REQUIRE(report.failure);
    CHECK(report.failure->index == 7);
    CHECK(report.failure->meter == MeterId{999});
    CHECK(report.failure->at == kT0.addSecs(1800LL * 7));
    CHECK_FALSE(report.failure->message.isEmpty());
    // Batch 1 (readings 0-4) committed: baseline + 4 kWh = 2.00; batch 2 (5-9) left no trace.
    CHECK(report.committed == 5);
    CHECK(report.outcomes.size() == 5);
    CHECK(f.balance(a) == yuan(u"98.00"));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) == 5);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'")) == 4);
    CHECK(f.scalar(QStringLiteral("SELECT last_good_at_ms FROM meter_runtime")) == kT0.addSecs(1800LL * 4).toMSecsSinceEpoch());
    CHECK(f.ledger.verify().isEmpty());

    // Fixed and sent again from the failed batch on: 5 more kWh → 2.50, balance 95.50.
    readings[7].meter = m;
    const IngestReport rest = f.ingestor->ingestAll(readings.mid(5));
    CHECK_FALSE(rest.failure);
    CHECK(f.balance(a) == yuan(u"95.50"));
}

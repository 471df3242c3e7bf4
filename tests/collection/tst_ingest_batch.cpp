// Batched ingest: many readings per transaction; a failure rolls back only its batch and
// names the reading. Tariff flat-e: 0.5000 yuan/kWh.

#include "audit/operation_log.h"
#include "collection_fixture.h"
#include "storage/sql_query.h"
#include "util/decimal.h"

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

namespace {

// The operation log read back and its hash chain recomputed record by record.
bool chainHolds(storage::Database& db, qint64& records)
{
    storage::SqlQuery q(db, QStringLiteral("SELECT seq, at_ms, operator_id, client, action, subject, detail, result, "
                                           "prev_hash, hash FROM operation_log ORDER BY seq"));
    q.exec();
    QByteArray previous;
    records = 0;
    bool first = true;
    while (q.next()) {
        OperationRecord r;
        r.atUtc = QDateTime::fromMSecsSinceEpoch(q.intValue(1), Qt::UTC);
        r.operatorId = OperatorId{q.intValue(2)};
        r.client = q.stringValue(3);
        r.action = q.stringValue(4);
        r.subject = q.stringValue(5);
        r.detail = q.stringValue(6).toUtf8();
        r.result = q.stringValue(7);
        const QByteArray prev = q.stringValue(8).toLatin1();
        if (!first && prev != previous)
            return false;
        const QByteArray hash = OperationLog::chainHash(prev, OperationLog::canonicalBytes(q.intValue(0), r));
        if (hash != q.stringValue(9).toLatin1())
            return false;
        previous = hash;
        first = false;
        ++records;
    }
    return true;
}

struct Totals
{
    Money a;
    Money b;
    qint64 revenueFen = 0;
    qint64 deductedFen = 0;
};

} // namespace

TEST_CASE("Batch sizes 1, 7 and 1000 give the same balances and revenue to the fen", "[collection][batch][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    QList<Totals> totals;
    for (const int size : {1, 7, 1000}) {
        INFO("batch size " << size);
        IngestOptions options;
        options.batchSize = size;
        options.batchMs = 60'000;
        CollectionFixture f(backend, options);
        const AccountId a = f.account(QStringLiteral("A"), u"100");
        const AccountId b = f.account(QStringLiteral("B"), u"20");
        const QList<MeterId> meters{f.meter(QStringLiteral("M-0"), a), f.meter(QStringLiteral("M-1"), a),
                                    f.meter(QStringLiteral("M-2"), b)};
        // 8 cycles (one baseline + 7 billed intervals), every meter each cycle, in cycle order.
        QList<MeterReading> readings;
        for (int c = 0; c < 8; ++c) {
            const QString kwh[] = {formatScaled(100'000 + c * 333, 3), formatScaled(50'000 + c * 1'111, 3),
                                   formatScaled(10'000 + c * 7, 3)};
            for (int m = 0; m < 3; ++m)
                readings.append(CollectionFixture::reading(meters.at(m), kT0.addSecs(1800LL * c),
                                                           reinterpret_cast<const char16_t*>(kwh[m].utf16())));
        }
        const IngestReport report = f.ingestor->ingestAll(readings);
        REQUIRE_FALSE(report.failure);
        REQUIRE(report.committed == 24);

        // Cumulative charging at 0.5000 yuan/kWh, half-up, on the quantity so far:
        //   M-0: 7 × 0.333 = 2.331 kWh → 1.1655 → 1.17
        //   M-1: 7 × 1.111 = 7.777 kWh → 3.8885 → 3.89
        //   M-2: 7 × 0.007 = 0.049 kWh → 0.0245 → 0.02 (0.00, 0.01, 0.01, 0.01, 0.02, 0.02, 0.02 so far)
        //   A = 100 − 1.17 − 3.89 = 94.94;  B = 20 − 0.02 = 19.98;  revenue 1.17 + 3.89 + 0.02 = 5.08
        Totals t;
        t.a = f.balance(a);
        t.b = f.balance(b);
        t.revenueFen = f.scalar(QStringLiteral("SELECT COALESCE(SUM(-balance_fen), 0) FROM ledger_accounts WHERE kind = 'revenue'"));
        t.deductedFen = f.scalar(QStringLiteral("SELECT COALESCE(SUM(amount_fen), 0) FROM transactions WHERE kind = 'deduction'"));
        CHECK(t.a == yuan(u"94.94"));
        CHECK(t.b == yuan(u"19.98"));
        CHECK(t.revenueFen == 508);
        CHECK(t.deductedFen == 508);
        CHECK(f.ledger.verify().isEmpty());

        // Re-delivery across batch bounds: the last 10 readings and then all 24 again, in
        // batches of the same size. Nothing is billed twice.
        const qint64 postings = f.scalar(QStringLiteral("SELECT COUNT(*) FROM postings"));
        const IngestReport tail = f.ingestor->ingestAll(readings.mid(14));
        const IngestReport all = f.ingestor->ingestAll(readings);
        CHECK_FALSE(tail.failure);
        CHECK_FALSE(all.failure);
        CHECK(std::all_of(all.outcomes.cbegin(), all.outcomes.cend(),
                          [](const IngestOutcome& o) { return o.status == IngestOutcome::Status::Duplicate; }));
        CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM postings")) == postings);
        CHECK(f.balance(a) == t.a);
        CHECK(f.balance(b) == t.b);

        qint64 records = 0;
        CHECK(chainHolds(f.db(), records));
        CHECK(records > 0);
        totals.append(t);
    }
    REQUIRE(totals.size() == 3);
    for (const Totals& t : totals) {
        CHECK(t.a == totals.first().a);
        CHECK(t.b == totals.first().b);
        CHECK(t.revenueFen == totals.first().revenueFen);
    }
}

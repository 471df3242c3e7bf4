// Batched ingest writes per batch (multi-row statements, one operation-log record) but bills
// per reading: the same readings one at a time and in one batch give the same ledger to the
// fen — transactions, explanations, balances before and after, alarms, rollups. A failure at
// the end of a batch leaves nothing of it; a re-delivery bills nothing twice.
// Tariff flat-e: 0.5000 yuan/kWh.

#include "audit/operation_log.h"
#include "collection/tariff_store.h"
#include "collection_fixture.h"
#include "report/rollup_check.h"
#include "schema/migrations.h"
#include "storage/migrator.h"
#include "util/decimal.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

namespace {

const QDateTime kT0 = CollectionFixture::kT0;
using S = IngestOutcome::Status;

Money yuan(const char16_t* text)
{
    return *Money::parseYuan(text);
}

struct Setup
{
    QList<AccountId> accounts;
    QList<MeterId> meters;
    QList<MeterReading> readings;
};

// Four wallets: A (100.00, alarms at 99.00 / 98.00) with two meters, B (20.00), C (3.00, goes
// into arrears), and an unassigned meter; 6 cycles, every meter each cycle, with a counter that
// runs backwards once (anomaly) and one reading delivered twice.
Setup build(CollectionFixture& f)
{
    Setup s;
    AccountSettings alarms;
    alarms.thresholds = {yuan(u"99.00"), yuan(u"98.00")};
    s.accounts.append(f.account(QStringLiteral("A"), u"100", alarms));
    s.accounts.append(f.account(QStringLiteral("B"), u"20"));
    s.accounts.append(f.account(QStringLiteral("C"), u"3"));
    s.meters = {f.meter(QStringLiteral("M-A1"), s.accounts.at(0)), f.meter(QStringLiteral("M-A2"), s.accounts.at(0)),
                f.meter(QStringLiteral("M-B"), s.accounts.at(1)), f.meter(QStringLiteral("M-C"), s.accounts.at(2)),
                f.meter(QStringLiteral("M-U"), std::nullopt)};
    const qint64 step[] = {1'234, 777, 333, 2'500, 1'000}; // Wh per half hour
    for (int c = 0; c < 6; ++c) {
        for (int m = 0; m < 5; ++m) {
            qint64 wh = 100'000 + c * step[m];
            if (m == 2 && c == 3)
                wh -= 5'000; // backwards: anomaly, not billed
            const QString kwh = formatScaled(wh, 3);
            s.readings.append(CollectionFixture::reading(s.meters.at(m), kT0.addSecs(1800LL * c),
                                                         reinterpret_cast<const char16_t*>(kwh.utf16())));
        }
        if (c == 2)
            s.readings.append(s.readings.at(s.readings.size() - 3)); // M-B of this cycle again
    }
    return s;
}

// The chain recomputed record by record; returns the records.
QList<OperationRecord> checkedLog(storage::Database& db)
{
    QSqlQuery q(db.connection());
    REQUIRE(q.exec(QStringLiteral("SELECT seq, at_ms, operator_id, client, action, subject, detail, result, prev_hash, hash "
                                  "FROM operation_log ORDER BY seq")));
    QList<OperationRecord> out;
    QByteArray previous;
    while (q.next()) {
        OperationRecord r;
        r.atUtc = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
        r.operatorId = OperatorId{q.value(2).toLongLong()};
        r.client = q.value(3).toString();
        r.action = q.value(4).toString();
        r.subject = q.value(5).toString();
        r.detail = q.value(6).toString().toUtf8();
        r.result = q.value(7).toString();
        CHECK(q.value(8).toString().toLatin1() == previous);
        previous = OperationLog::chainHash(previous, OperationLog::canonicalBytes(q.value(0).toLongLong(), r));
        CHECK(q.value(9).toString().toLatin1() == previous);
        out.append(r);
    }
    return out;
}

} // namespace

TEST_CASE("A batch across several wallets gives the ledger that one reading at a time gives, to the fen",
          "[collection][batch][bulk][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    IngestOptions big;
    big.batchSize = 1000;
    big.batchMs = 60'000;
    CollectionFixture one(backend);
    CollectionFixture batch(backend, big);
    const Setup s1 = build(one);
    const Setup s2 = build(batch);
    REQUIRE(s1.meters == s2.meters);
    REQUIRE(s1.readings.size() == 31);

    QList<IngestOutcome> singles;
    for (const MeterReading& r : s1.readings)
        singles.append(one.ingestor->ingest(r));
    const IngestReport report = batch.ingestor->ingestAll(s2.readings);
    REQUIRE_FALSE(report.failure);
    REQUIRE(report.outcomes.size() == singles.size());

    // Outcome by outcome: status, charge, balance after, alarm change, desired state, and a
    // transaction exactly where one was posted.
    qsizetype posted = 0;
    for (qsizetype i = 0; i < singles.size(); ++i) {
        INFO("reading " << i);
        const IngestOutcome& a = singles.at(i);
        const IngestOutcome& b = report.outcomes.at(i);
        CHECK(a.status == b.status);
        CHECK(a.charged == b.charged);
        CHECK(a.balance == b.balance);
        CHECK(a.alarm.has_value() == b.alarm.has_value());
        if (a.alarm && b.alarm)
            CHECK(a.alarm->to == b.alarm->to);
        CHECK(a.tx.has_value() == b.tx.has_value());
        if (a.control && b.control)
            CHECK(a.control->desired == b.control->desired);
        posted += b.tx ? 1 : 0;
    }
    CHECK(report.outcomes.at(15).status == S::Duplicate); // the reading delivered twice
    CHECK(report.outcomes.at(3 * 5 + 1 + 2).status == S::Anomaly);
    CHECK(report.outcomes.at(4).status == S::Unassigned);
    CHECK(posted > 10);

    // Balances; C went into arrears, A crossed both alarms.
    for (qsizetype i = 0; i < s1.accounts.size(); ++i)
        CHECK(one.balance(s1.accounts.at(i)) == batch.balance(s2.accounts.at(i)));
    CHECK(batch.balance(s2.accounts.at(2)).isNegative());
    CHECK(batch.balance(s2.accounts.at(0)) < yuan(u"98.00"));

    // Row for row the same deductions (key, amount, balances, explanation, fingerprint), the
    // same readings (flags, reason, the deduction each names), alarm events, runtime, billing
    // states and days.
    const QString deductions = QStringLiteral(
        "SELECT idem_key, account_id, utility, meter_id, amount_fen, balance_before_fen, balance_after_fen, fingerprint, "
        "detail, created_at FROM transactions WHERE kind = 'deduction' ORDER BY idem_key");
    CHECK(queryRows(one.db(), deductions) == queryRows(batch.db(), deductions));
    CHECK(queryRows(batch.db(), deductions).size() == posted);
    const QString readings = QStringLiteral(
        "SELECT r.meter_id, r.at_ms, r.total_milli, r.flags, r.reason, r.switch_state, t.idem_key FROM readings r "
        "LEFT JOIN transactions t ON t.id = r.tx_id ORDER BY r.meter_id, r.at_ms");
    CHECK(queryRows(one.db(), readings) == queryRows(batch.db(), readings));
    qsizetype named = 0;
    for (const QString& row : queryRows(batch.db(), QStringLiteral("SELECT r.meter_id, r.at_ms, t.idem_key FROM readings r "
                                                              "JOIN transactions t ON t.id = r.tx_id"))) {
        const QStringList v = row.split(u'|');
        CHECK(v.at(2) == QStringLiteral("reading:%1:%2").arg(v.at(0), v.at(1)));
        ++named;
    }
    CHECK(named == posted);
    const QString alarms = QStringLiteral("SELECT account_id, meter_id, kind, from_level, to_level, balance_fen "
                                          "FROM alarm_events ORDER BY id");
    CHECK(queryRows(one.db(), alarms) == queryRows(batch.db(), alarms));
    CHECK(queryRows(batch.db(), alarms).size() >= 4);
    const QString runtime = QStringLiteral(
        "SELECT m.meter_id, m.last_good_at_ms, r.at_ms, m.missed_cycles, m.lost, m.switch_actual, m.switch_desired, "
        "m.desired_due_at_ms, m.alarm_level FROM meter_runtime m LEFT JOIN readings r ON r.meter_id = m.meter_id "
        "AND r.at_ms = m.last_good_at_ms "
        "ORDER BY m.meter_id");
    CHECK(queryRows(one.db(), runtime) == queryRows(batch.db(), runtime));
    const QString states = QStringLiteral("SELECT meter_id, state FROM meter_billing_state ORDER BY meter_id");
    CHECK(queryRows(one.db(), states) == queryRows(batch.db(), states));
    const QString days = QStringLiteral("SELECT * FROM meter_daily ORDER BY meter_id, day");
    CHECK(queryRows(one.db(), days) == queryRows(batch.db(), days));
    CHECK(one.ledger.verify().isEmpty());
    CHECK(batch.ledger.verify().isEmpty());

    // The explanation stays per transaction: the Deduction JSON of each reading.
    CHECK(batch.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction' "
                                      "AND detail LIKE '%\"lines\"%'")) == posted);

    // The audit trail: one 'deduct' record per deduction one at a time; ONE 'deduct-batch' record
    // for the batch naming every transaction, with a SHA-256 over their content.
    const QList<OperationRecord> log1 = checkedLog(one.db());
    const QList<OperationRecord> log2 = checkedLog(batch.db());
    CHECK(std::count_if(log1.cbegin(), log1.cend(), [](const OperationRecord& r) { return r.action == u"deduct"; }) == posted);
    REQUIRE(std::count_if(log2.cbegin(), log2.cend(), [](const OperationRecord& r) { return r.action == u"deduct-batch"; }) == 1);
    CHECK(std::count_if(log2.cbegin(), log2.cend(), [](const OperationRecord& r) { return r.action == u"deduct"; }) == 0);
    const QJsonObject detail = QJsonDocument::fromJson(log2.last().detail).object();
    CHECK(log2.last().action == u"deduct-batch");
    CHECK(detail.value(QStringLiteral("count")).toInteger() == posted);
    CHECK(detail.value(QStringLiteral("total_fen")).toInteger() ==
          batch.scalar(QStringLiteral("SELECT SUM(amount_fen) FROM transactions WHERE kind = 'deduction'")));
    qint64 inRanges = 0;
    for (const QJsonValue& range : detail.value(QStringLiteral("transactions")).toArray())
        inRanges += range.toArray().at(1).toInteger() - range.toArray().at(0).toInteger() + 1;
    CHECK(inRanges == posted);
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString& line : queryRows(batch.db(), QStringLiteral("SELECT id, idem_key, account_id, utility, amount_fen, "
                                                               "balance_before_fen, balance_after_fen, fingerprint "
                                                               "FROM transactions WHERE kind = 'deduction' ORDER BY id")))
        h.addData(line.toUtf8() + '\n');
    CHECK(detail.value(QStringLiteral("sha256")).toString() == QString::fromLatin1(h.result().toHex()));
}

TEST_CASE("A batch that fails while it is written leaves nothing, and bills once when delivered again",
          "[collection][batch][bulk][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    IngestOptions big;
    big.batchSize = 1000;
    big.batchMs = 60'000;
    CollectionFixture f(backend, big);
    const Setup s = build(f);
    // The baseline cycle goes in; the rest fails at the batch's last write (the daily rollup),
    // after its deductions, postings, balances, log record, readings and runtime were written.
    REQUIRE_FALSE(f.ingestor->ingestAll(s.readings.mid(0, 5)).failure);
    const QString snapshot = QStringLiteral(
        "SELECT (SELECT COUNT(*) FROM transactions) || '/' || (SELECT COUNT(*) FROM postings) || '/' || "
        "(SELECT COUNT(*) FROM readings) || '/' || (SELECT COUNT(*) FROM operation_log) || '/' || "
        "(SELECT COUNT(*) FROM alarm_events) || '/' || (SELECT SUM(balance_fen) FROM ledger_accounts WHERE kind = 'wallet')");
    const QString snapshotSql = backend == Backend::Sqlite
                                    ? snapshot
                                    : QStringLiteral("SELECT CONCAT_WS('/', (SELECT COUNT(*) FROM transactions), "
                                                     "(SELECT COUNT(*) FROM postings), (SELECT COUNT(*) FROM readings), "
                                                     "(SELECT COUNT(*) FROM operation_log), (SELECT COUNT(*) FROM alarm_events), "
                                                     "(SELECT SUM(balance_fen) FROM ledger_accounts WHERE kind = 'wallet'))");
    const QStringList before = queryRows(f.db(), snapshotSql);
    const QStringList statesBefore = queryRows(f.db(), QStringLiteral("SELECT meter_id, state FROM meter_billing_state ORDER BY meter_id"));
    const QStringList runtimeBefore = queryRows(f.db(), QStringLiteral("SELECT * FROM meter_runtime ORDER BY meter_id"));
    {
        QSqlQuery q(f.db().connection());
        REQUIRE(q.exec(backend == Backend::Sqlite
                           ? QStringLiteral("CREATE TRIGGER md_fail BEFORE INSERT ON meter_daily "
                                            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
                           : QStringLiteral("CREATE TRIGGER md_fail BEFORE INSERT ON meter_daily FOR EACH ROW "
                                            "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'")));
    }
    const IngestReport failed = f.ingestor->ingestAll(s.readings.mid(5));
    REQUIRE(failed.failure);
    CHECK(failed.committed == 0);
    CHECK(failed.outcomes.isEmpty());
    CHECK(failed.failure->message.contains(QStringLiteral("injected failure")));
    CHECK(queryRows(f.db(), snapshotSql) == before);
    CHECK(queryRows(f.db(), QStringLiteral("SELECT meter_id, state FROM meter_billing_state ORDER BY meter_id")) == statesBefore);
    CHECK(queryRows(f.db(), QStringLiteral("SELECT * FROM meter_runtime ORDER BY meter_id")) == runtimeBefore);
    CHECK(f.ledger.verify().isEmpty());
    checkedLog(f.db());

    {
        QSqlQuery q(f.db().connection());
        REQUIRE(q.exec(QStringLiteral("DROP TRIGGER md_fail")));
    }
    // Delivered again: billed once, as one batch would have.
    IngestOptions single;
    CollectionFixture ref(backend, single);
    const Setup r = build(ref);
    for (const MeterReading& reading : r.readings)
        ref.ingestor->ingest(reading);
    const IngestReport again = f.ingestor->ingestAll(s.readings.mid(5));
    REQUIRE_FALSE(again.failure);
    for (qsizetype i = 0; i < s.accounts.size(); ++i)
        CHECK(f.balance(s.accounts.at(i)) == ref.balance(r.accounts.at(i)));
    // And once more, all of it: every reading a duplicate, not a fen moves, no record added.
    const QStringList after = queryRows(f.db(), snapshotSql);
    const IngestReport third = f.ingestor->ingestAll(s.readings);
    REQUIRE_FALSE(third.failure);
    CHECK(std::all_of(third.outcomes.cbegin(), third.outcomes.cend(),
                      [](const IngestOutcome& o) { return o.status == S::Duplicate; }));
    CHECK(queryRows(f.db(), snapshotSql) == after);
    CHECK(f.ledger.verify().isEmpty());
    checkedLog(f.db());
}

TEST_CASE("A backfill batch over 150 days rolls up every day as one reading at a time does", "[collection][batch][bulk][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    IngestOptions big;
    big.batchSize = 1000;
    big.batchMs = 60'000;
    CollectionFixture one(backend);
    CollectionFixture batch(backend, big);
    QList<MeterReading> readings;
    AccountId a1;
    AccountId a2;
    for (CollectionFixture* f : {&one, &batch}) {
        const AccountId a = f->account(QStringLiteral("A"), u"500");
        const MeterId m = f->meter(QStringLiteral("M"), a, 60'000);
        (f == &one ? a1 : a2) = a;
        readings.clear();
        for (int d = 0; d < 150; ++d) {
            const QString kwh = formatScaled(100'000 + d * 2'345, 3);
            readings.append(CollectionFixture::reading(m, kT0.addDays(d), reinterpret_cast<const char16_t*>(kwh.utf16())));
        }
    }
    for (const MeterReading& r : readings)
        one.ingestor->ingest(r);
    const IngestReport report = batch.ingestor->ingestAll(readings);
    REQUIRE_FALSE(report.failure);
    CHECK(report.committed == 150);
    const QString days = QStringLiteral("SELECT * FROM meter_daily ORDER BY meter_id, day");
    CHECK(queryRows(batch.db(), days).size() == 150);
    CHECK(queryRows(one.db(), days) == queryRows(batch.db(), days));
    // meter_monthly (one upsert per batch, or per reading) too: five months, each its days summed.
    const QString months = QStringLiteral("SELECT * FROM meter_monthly ORDER BY meter_id, month");
    CHECK(queryRows(batch.db(), months).size() == 5);
    CHECK(queryRows(one.db(), months) == queryRows(batch.db(), months));
    for (CollectionFixture* f : {&one, &batch}) {
        const report::MonthlyRollupCheck check = report::verifyMonthlyRollups(f->db());
        CHECK(check.mismatches.isEmpty());
        CHECK(check.meterMonths == 5);
    }
    CHECK(one.balance(a1) == batch.balance(a2));
    CHECK(batch.ledger.verify().isEmpty());
}

namespace {

// 6 wallets of 1,000.00 with one meter each; every meter uses exactly 1 kWh a cycle (0.50).
QList<MeterReading> cycleOf(const QList<MeterId>& meters, int c)
{
    QList<MeterReading> out;
    for (MeterId m : meters) {
        const QString kwh = formatScaled(100'000 + qint64(c) * 1'000, 3);
        out.append(CollectionFixture::reading(m, kT0.addSecs(1800LL * c), reinterpret_cast<const char16_t*>(kwh.utf16())));
    }
    return out;
}

} // namespace

TEST_CASE("kill -9 in the middle of batched ingest loses no committed batch and leaves no half bill", "[collection][batch][bulk][sqlite]")
{
    TestDatabase t(Backend::Sqlite);
    QList<AccountId> accounts;
    QList<MeterId> meters;
    {
        auto db = t.open();
        storage::Migrator::migrate(*db, meterdeskMigrations());
        ManualClock clock(kT0);
        Ledger ledger(*db, clock);
        MeterRegistry registry(*db);
        AccountSettingsStore settings(*db);
        TariffStore(*db).put(QByteArrayLiteral("[tariff]\nid = flat-e\nname = flat\nutility = electricity\n"
                                               "timezone = Asia/Shanghai\n\n[version]\neffective = 2024-01-01\nprice.flat = 0.5000\n"),
                             kT0.toMSecsSinceEpoch());
        for (int i = 0; i < 6; ++i) {
            const QString code = QStringLiteral("K%1").arg(i);
            const AccountId a = ledger.openAccount({QStringLiteral("open-") + code, code, code, QStringLiteral("-"), OperatorId{1}}).account;
            ledger.recharge({QStringLiteral("r-") + code, a, Utility::Electricity, Channel::Cash, OperatorId{1},
                             Money::fromFen(100'000), Money(), {}, {}});
            AccountSettings s;
            s.account = a;
            s.tariffKey = QStringLiteral("flat-e");
            settings.put(s, kT0.toMSecsSinceEpoch());
            MeterRecord m;
            m.nameplate = QStringLiteral("KM%1").arg(i);
            m.bus = QStringLiteral("b1");
            m.protocol = QStringLiteral("modbus");
            m.map = QStringLiteral("generic");
            m.address = QString::number(i + 1);
            m.account = a;
            m.maxRate = 60'000;
            m.installed = kT0.addDays(-1);
            accounts.append(a);
            meters.append(registry.create(m));
        }
    } // no connection is open across fork()

    for (const qint64 progress : {14, 140}) {
        INFO("killed after " << progress << " readings");
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            // The child ingests cycle after cycle, 7 readings a batch (batches straddle cycles),
            // until it is killed.
            auto db = t.open();
            ManualClock clock(kT0);
            IngestOptions o;
            o.batchSize = 7;
            o.batchMs = 60'000;
            ReadingIngestor ingestor(*db, clock, o);
            QList<MeterReading> all;
            for (int c = 0; c < 3000; ++c)
                all.append(cycleOf(meters, c));
            ingestor.ingestAll(all);
            _exit(0);
        }
        {
            // Wait until the child has committed some batches (readers do not block it: WAL),
            // then kill it a few ms later, most likely in the middle of a batch.
            auto watch = t.open();
            for (int i = 0; i < 2000; ++i) {
                QSqlQuery q(watch->connection());
                if (q.exec(QStringLiteral("SELECT COUNT(*) FROM readings")) && q.next() && q.value(0).toLongLong() >= progress)
                    break;
                QThread::msleep(10);
            }
        }
        QThread::msleep(3);
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        REQUIRE(WIFSIGNALED(status));

        auto db = t.open();
        ManualClock clock(kT0);
        Ledger ledger(*db, clock);
        const auto scalar = [&](const QString& sql) {
            QSqlQuery q(db->connection());
            REQUIRE(q.exec(sql));
            REQUIRE(q.next());
            return q.value(0).toLongLong();
        };
        const qint64 stored = scalar(QStringLiteral("SELECT COUNT(*) FROM readings"));
        CHECK(stored >= progress);
        // Whole batches only: the readings are delivered in order, 7 a batch, none refused.
        CHECK(stored % 7 == 0);
        CHECK(ledger.verify().isEmpty());
        // Every deduction has its reading and every billed reading its deduction.
        const qint64 deductions = scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE kind = 'deduction'"));
        CHECK(scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE tx_id IS NOT NULL")) == deductions);
        // Every meter: 0.50 for each cycle after its first, to the fen.
        for (qsizetype i = 0; i < meters.size(); ++i) {
            const qint64 n = scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(meters.at(i).v));
            CHECK(ledger.walletBalance(accounts.at(i), Utility::Electricity) == Money::fromFen(100'000 - 50 * std::max<qint64>(0, n - 1)));
        }
        // The operation log's chain holds and its records cover every deduction once.
        qint64 covered = 0;
        for (const OperationRecord& r : checkedLog(*db)) {
            if (r.action == u"deduct")
                covered += 1;
            else if (r.action == u"deduct-batch")
                covered += QJsonDocument::fromJson(r.detail).object().value(QStringLiteral("count")).toInteger();
        }
        CHECK(covered == deductions);
    }
    // Delivered again from the start: the committed readings are duplicates, the rest bills.
    auto db = t.open();
    ManualClock clock(kT0);
    IngestOptions o;
    o.batchSize = 50;
    ReadingIngestor ingestor(*db, clock, o);
    QList<MeterReading> again;
    for (int c = 0; c < 40; ++c)
        again.append(cycleOf(meters, c));
    const IngestReport report = ingestor.ingestAll(again);
    REQUIRE_FALSE(report.failure);
    Ledger ledger(*db, clock);
    for (qsizetype i = 0; i < meters.size(); ++i) {
        QSqlQuery q(db->connection());
        REQUIRE(q.exec(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(meters.at(i).v)));
        REQUIRE(q.next());
        CHECK(ledger.walletBalance(accounts.at(i), Utility::Electricity) ==
              Money::fromFen(100'000 - 50 * (q.value(0).toLongLong() - 1)));
    }
    CHECK(ledger.verify().isEmpty());
}

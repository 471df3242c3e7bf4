// Readings ingested, billed and alarm-evaluated per second on SQLite (WAL, synchronous=FULL)
// with batched commits, against a raw batched INSERT of the same reading rows — the floor any
// ingest path pays to get rows on disk. Prints both rates and their ratio.
//
//   ingest_bench [--meters N] [--cycles C] [--batch B] [--batch-ms MS] [--unassigned] [--no-statement-cache] [--dir FOLDER]
//
// --unassigned leaves the meters without accounts: readings are checked, stored and rolled up
// but not billed, which separates the collection tables' cost from the ledger's.
// Every meter is assigned to its own account (recharged, flat tariff, alarm thresholds), so
// every reading after the first cycle posts a ledger deduction; cycle 0 only sets baselines
// and is ingested before timing starts.

#include "collection/account_settings.h"
#include "collection/meter_registry.h"
#include "collection/reading_ingestor.h"
#include "collection/tariff_store.h"
#include "ledger/ledger.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

#include <sys/resource.h>

using namespace md;

namespace {

const QDateTime kT0(QDate(2025, 3, 3), QTime(0, 0), Qt::UTC);

std::unique_ptr<storage::Database> openDb(const QString& path)
{
    storage::DatabaseConfig c;
    c.backend = storage::DatabaseConfig::Backend::Sqlite;
    c.path = path;
    auto db = storage::Database::open(c);
    storage::Migrator::migrate(*db, meterdeskMigrations());
    return db;
}

QList<MeterReading> readingsOf(const QList<MeterId>& meters, int firstCycle, int cycles)
{
    QList<MeterReading> out;
    out.reserve(meters.size() * cycles);
    for (int c = firstCycle; c < firstCycle + cycles; ++c) {
        for (qsizetype i = 0; i < meters.size(); ++i) {
            MeterReading r;
            r.meter = meters.at(i);
            // 0.5 to 2.5 kWh per half hour, by meter.
            const qint64 wh = 1'000'000 + qint64(c) * (500 + (i % 5) * 500);
            r.registers.add({kT0.addSecs(1800LL * c), Register::Total, Quantity::fromMilli(wh, Unit::KilowattHour)});
            r.switchState = SwitchState::On;
            out.append(r);
        }
    }
    return out;
}

// CPU time this process has used (user + system), in ns: on the shared build machine wall time
// depends on the others' load, CPU time much less.
qint64 cpuNs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (qint64(u.ru_utime.tv_sec) + qint64(u.ru_stime.tv_sec)) * 1'000'000'000LL +
           (qint64(u.ru_utime.tv_usec) + qint64(u.ru_stime.tv_usec)) * 1000LL;
}

double rate(qsizetype n, qint64 ns)
{
    return ns > 0 ? double(n) * 1e9 / double(ns) : 0.0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({QStringLiteral("meters"), QStringLiteral("Meters (accounts)."), QStringLiteral("N"), QStringLiteral("2000")});
    p.addOption({QStringLiteral("cycles"), QStringLiteral("Timed cycles."), QStringLiteral("C"), QStringLiteral("10")});
    p.addOption({QStringLiteral("batch"), QStringLiteral("Readings per transaction."), QStringLiteral("B"), QStringLiteral("1000")});
    p.addOption({QStringLiteral("batch-ms"), QStringLiteral("Commit after this long at most (ms)."), QStringLiteral("MS"), QStringLiteral("1000")});
    p.addOption({QStringLiteral("unassigned"), QStringLiteral("Meters without accounts: store and roll up only, no billing.")});
    p.addOption({QStringLiteral("no-statement-cache"), QStringLiteral("Prepare every statement on every use (as before the cache).")});
    p.addOption({QStringLiteral("dir"), QStringLiteral("Folder for the SQLite files."), QStringLiteral("FOLDER")});
    p.process(app);
    const int meterCount = p.value(QStringLiteral("meters")).toInt();
    const int cycles = p.value(QStringLiteral("cycles")).toInt();
    const int batch = p.value(QStringLiteral("batch")).toInt();
    const bool unassigned = p.isSet(QStringLiteral("unassigned"));
    QTemporaryDir tmp(p.isSet(QStringLiteral("dir")) ? p.value(QStringLiteral("dir")) + QStringLiteral("/ingest-XXXXXX")
                                                     : QString());
    tmp.setAutoRemove(true);

    ManualClock clock(kT0);
    QList<MeterId> meters;
    double ingestRate = 0;
    qsizetype ingested = 0;
    {
        auto db = openDb(tmp.filePath(QStringLiteral("ingest.sqlite")));
        if (p.isSet(QStringLiteral("no-statement-cache")))
            db->statements().setCapacity(0);
        {
            Ledger ledger(*db, clock);
            MeterRegistry registry(*db);
            AccountSettingsStore settings(*db);
            TariffStore(*db).put(QByteArrayLiteral("[tariff]\nid = flat-e\nname = flat\nutility = electricity\n"
                                                   "timezone = Asia/Shanghai\n\n[version]\neffective = 2024-01-01\n"
                                                   "price.flat = 0.5883\n"),
                                 kT0.toMSecsSinceEpoch());
            storage::TransactionGuard g(*db); // setup in one transaction (the ledger joins it)
            for (int i = 0; i < meterCount; ++i) {
                const QString code = QStringLiteral("A%1").arg(i);
                const AccountId a = ledger.openAccount({QStringLiteral("open-") + code, code, code, QStringLiteral("-"), OperatorId{1}}).account;
                ledger.recharge({QStringLiteral("r-") + code, a, Utility::Electricity, Channel::Cash, OperatorId{1},
                                 Money::fromFen(100'000), Money(), {}, {}});
                AccountSettings s;
                s.account = a;
                s.tariffKey = QStringLiteral("flat-e");
                s.thresholds = {Money::fromFen(5000), Money::fromFen(2000)};
                s.windows = {ProtectedWindow{22 * 60, 6 * 60}};
                settings.put(s, kT0.toMSecsSinceEpoch());
                MeterRecord m;
                m.nameplate = QStringLiteral("M%1").arg(i);
                m.bus = QStringLiteral("bus%1").arg(i % 8);
                m.protocol = QStringLiteral("modbus");
                m.map = QStringLiteral("generic");
                m.address = QString::number(i % 247 + 1);
                if (!unassigned)
                    m.account = a;
                m.maxRate = 60'000;
                m.installed = kT0.addDays(-1);
                meters.append(registry.create(m));
            }
            g.commit();
        }
        IngestOptions options;
        options.batchSize = batch;
        options.batchMs = p.value(QStringLiteral("batch-ms")).toLongLong();
        ReadingIngestor ingestor(*db, clock, options);
        const IngestReport baseline = ingestor.ingestAll(readingsOf(meters, 0, 1));
        if (baseline.failure) {
            std::fprintf(stderr, "baseline failed: %s\n", qPrintable(baseline.failure->message));
            return 1;
        }
        const QList<MeterReading> timed = readingsOf(meters, 1, cycles);
        const quint64 preparesBefore = db->statements().prepares();
        QElapsedTimer t;
        t.start();
        const qint64 cpuBefore = cpuNs();
        const IngestReport report = ingestor.ingestAll(timed);
        const qint64 ns = t.nsecsElapsed();
        const qint64 cpu = cpuNs() - cpuBefore;
        const quint64 prepares = db->statements().prepares() - preparesBefore;
        if (report.failure) {
            std::fprintf(stderr, "ingest failed at %lld: %s\n", qlonglong(report.failure->index),
                         qPrintable(report.failure->message));
            return 1;
        }
        qsizetype billed = 0;
        for (const IngestOutcome& o : report.outcomes)
            billed += o.tx ? 1 : 0;
        ingested = report.committed;
        ingestRate = rate(ingested, ns);
        std::printf("ingest: %lld readings (%lld deductions posted) in %.3f s = %.0f readings/s  [%d meters%s, batch %d]\n",
                    qlonglong(ingested), qlonglong(billed), double(ns) / 1e9, ingestRate, meterCount,
                    unassigned ? " unassigned" : "", batch);
        std::printf("        CPU %.3f s = %.1f us a reading (%.0f readings per CPU second)\n", double(cpu) / 1e9,
                    double(cpu) / 1e3 / double(std::max<qsizetype>(1, report.committed)), rate(report.committed, cpu));
        std::printf("        %llu statements prepared while timed (the rest reused from the connection's cache)\n",
                    qulonglong(prepares));
        std::printf("        %s\n", qPrintable(db->settings()));
    }

    // The floor: the same reading rows, one prepared INSERT, the same commit size.
    double rawRate = 0;
    {
        auto db = openDb(tmp.filePath(QStringLiteral("raw.sqlite")));
        const QList<MeterReading> timed = readingsOf(meters, 1, cycles);
        QElapsedTimer t;
        t.start();
        qsizetype i = 0;
        while (i < timed.size()) {
            storage::TransactionGuard g(*db);
            storage::SqlQuery q(*db, QStringLiteral("INSERT INTO readings (meter_id, at_ms, id, total_milli, sharp_milli, "
                                                    "peak_milli, flat_milli, valley_milli, switch_state, meter_balance_fen, "
                                                    "purchase_count, flags, reason, tx_id) "
                                                    "VALUES (?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL, ?, ?, NULL)"));
            for (int n = 0; n < batch && i < timed.size(); ++n, ++i) {
                const MeterReading& r = timed.at(i);
                q.bind(r.meter.v)
                    .bind(r.registers.utc.toMSecsSinceEpoch())
                    .bind(qint64(i + 1))
                    .bind(r.registers.values.value(Register::Total).milli())
                    .bind(switchStateKey(r.switchState))
                    .bind(qint64(2))
                    .bind(QStringLiteral(""))
                    .exec();
            }
            g.commit();
        }
        const qint64 ns = t.nsecsElapsed();
        rawRate = rate(timed.size(), ns);
        std::printf("raw:    %lld reading rows inserted in %.3f s = %.0f rows/s\n", qlonglong(timed.size()),
                    double(ns) / 1e9, rawRate);
    }
    std::printf("ratio:  ingest / raw = %.3f (raw is %.1f× faster); target ingest >= 50,000 readings/s: %s\n",
                rawRate > 0 ? ingestRate / rawRate : 0.0, ingestRate > 0 ? rawRate / ingestRate : 0.0,
                ingestRate >= 50'000 ? "met" : "NOT met");
    return 0;
}

// The office at scale: generates sites, buildings, units, rooms, meters (electricity, a tenth
// water), accounts and wallets, N years of 30-minute cumulative readings per meter (daily
// profile, seasons, time-of-use registers), the meter_daily rollups exactly as the ingest
// builds them, recharges by four cashiers over the channels (~2 a month a wallet), daily
// deductions priced by the real Biller, alarm events and relay commands where balances cross
// the thresholds, and the operation log's hash chain; bulk-loads it into SQLite (sqlite3 C
// API, journal off during the load, secondary indexes built afterwards) or MariaDB (LOAD DATA
// INFILE from named pipes, secondary indexes built afterwards), the schema made first by the
// real Migrator. Then times every report through the core functions the API calls.
//
//   report_scale_bench --sqlite FILE | --mysql URL  [--meters 5000] [--years 3] [--load] [--time]
//                      [--runs 5] [--samples 200] [--verify] [--fresh] [--days-only]
//
// --load generates and loads (the database must be empty: a new file / an empty schema);
// --time times the reports on what is there; --verify recomputes the rollups of every meter
// (small runs only) and fails on any mismatch; --fresh deletes an existing SQLite file first;
// --days-only times the reports on the daily rollups alone (as before schema v7's monthly ones).
// --time on a database of an older schema migrates it first and prints how long that took.
// Without --load/--time both run; --runs 0 times only the meter readings.
//
// Deductions: the service posts one per billed reading (48 a wallet a day, each with its
// explanation JSON); at 5,000 meters x 3 years that is 263 M transactions (~80 GB), more than
// the build machine's disk. This bench posts one per wallet per day: the Biller bills the day's
// last reading against the previous day's, so the amounts are the per-reading ones summed (the
// cumulative charging does not drift), but the transaction and posting tables are 48x smaller
// than the service's. Readings carry no tx_id for the same reason.

#include "audit/operation_log.h"
#include "billing/biller.h"
#include "billing/billing_state.h"
#include "billing/deduction.h"
#include "collection/collection_store.h"
#include "control/alarm_policy.h"
#include "ledger/channel.h"
#include "ledger/deduction_batch.h"
#include "ledger/fingerprint.h"
#include "ledger/ledger_account.h"
#include "ledger/ledger_requests.h"
#include "ledger/wallet_daily.h"
#include "report/account_ledger_report.h"
#include "report/alarm_history_report.h"
#include "report/arrears_report.h"
#include "report/consumption_report.h"
#include "report/meter_readings.h"
#include "report/reconciliation.h"
#include "report/report_period.h"
#include "report/rollup_check.h"
#include "report/rollup_span.h"
#include "report/sales_report.h"
#include "report/shift_report.h"
#include "rollup/monthly_rollups.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/database_config.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "tariff/tariff_file.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace md;

namespace {

constexpr qint64 kHalfHourMs = 1'800'000;
constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kOfficeOffsetMs = 8 * kHourMs; // Asia/Shanghai: +08:00, no daylight saving since 1991

[[noreturn]] void die(const QString& what)
{
    std::fprintf(stderr, "report_scale_bench: %s\n", qPrintable(what));
    std::exit(1);
}

// splitmix64: deterministic per meter, so a meter's readings are the same in every pass.
struct Rng
{
    quint64 s;
    quint64 next()
    {
        quint64 z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    qint64 below(qint64 n) { return qint64(next() % quint64(n)); }
};

double secondsSince(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

// ---------------------------------------------------------------------------------------------
// Where rows go: one sink per table, fields in the order of its column list.

class TableSink
{
public:
    virtual ~TableSink() = default;
    virtual void i(qint64 v) = 0;
    virtual void n() = 0;
    virtual void t(const QByteArray& v) = 0;
    virtual void tStatic(const QByteArray& v) { t(v); } // v outlives the sink
    virtual void endRow() = 0;
    virtual void finish() = 0;
    void opt(const std::optional<qint64>& v) { v ? i(*v) : n(); }
    void t(const QString& v) { t(v.toUtf8()); }
    void t(const char* v) { t(QByteArray(v)); }
    qint64 rows = 0;
};

class Target
{
public:
    virtual ~Target() = default;
    virtual std::unique_ptr<TableSink> open(const char* table, const QList<const char*>& columns) = 0;
    // dropIndexes: drop the secondary indexes (built again by endLoad(true)).
    virtual void beginLoad(bool dropIndexes) = 0;
    virtual void endLoad(bool buildIndexes) = 0;
    virtual void exec(const QByteArray& sql) = 0;
    virtual void commitPoint() {}
};

// SQLite through its C API: one prepared INSERT a table, a commit every ~1 M rows.
class SqliteTarget final : public Target
{
public:
    explicit SqliteTarget(const QString& path)
    {
        if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK)
            die(QStringLiteral("cannot open %1").arg(path));
    }
    ~SqliteTarget() override { sqlite3_close(m_db); }

    void exec(const QByteArray& sql) override
    {
        char* err = nullptr;
        if (sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &err) != SQLITE_OK)
            die(QStringLiteral("%1: %2").arg(QString::fromUtf8(sql), QString::fromUtf8(err)));
    }

    void beginLoad(bool dropIndexes) override
    {
        exec("PRAGMA journal_mode = OFF");
        exec("PRAGMA synchronous = OFF");
        exec("PRAGMA cache_size = -2000000"); // 2 GB
        exec("PRAGMA temp_store = FILE");
        // Secondary indexes are dropped and built after the load (sorted once, not maintained
        // row by row); the UNIQUE constraints' own indexes stay.
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(m_db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL", -1, &s,
                           nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) {
            m_indexes.append({QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))),
                              QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)))});
        }
        sqlite3_finalize(s);
        if (!dropIndexes)
            m_indexes.clear();
        for (const auto& [name, sql] : std::as_const(m_indexes))
            exec("DROP INDEX " + name);
        exec("BEGIN");
    }

    void commitPoint() override
    {
        if (++m_sinceCommit < 1'000'000)
            return;
        m_sinceCommit = 0;
        exec("COMMIT");
        exec("BEGIN");
    }

    void endLoad(bool buildIndexes) override
    {
        if (m_inTransaction)
            exec("COMMIT");
        m_inTransaction = false;
        if (!buildIndexes)
            return;
        QElapsedTimer t;
        t.start();
        for (const auto& [name, sql] : std::as_const(m_indexes)) {
            QElapsedTimer one;
            one.start();
            exec(sql);
            std::printf("  index %-32s %7.1f s\n", name.constData(), secondsSince(one));
            std::fflush(stdout);
        }
        // No ANALYZE: the service never runs it, so the planner sees what it sees in production.
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = FULL");
        std::printf("  indexes + ANALYZE: %.1f s\n", secondsSince(t));
    }

    std::unique_ptr<TableSink> open(const char* table, const QList<const char*>& columns) override;

    // Copies the ledger's tables from another file loaded at the same time (SQLite has one
    // writer a file: the readings and the ledger are written to two files in parallel).
    void mergeFrom(const QString& part, const QList<const char*>& tables)
    {
        exec("COMMIT");
        m_inTransaction = false;
        exec("ATTACH DATABASE '" + part.toUtf8() + "' AS part");
        exec("BEGIN");
        for (const char* table : tables) {
            QElapsedTimer t;
            t.start();
            exec(QByteArray("INSERT INTO main.") + table + " SELECT * FROM part." + table);
            std::printf("  merged %-24s %7.1f s\n", table, secondsSince(t));
            std::fflush(stdout);
        }
        exec("UPDATE main.counters SET value = (SELECT p.value FROM part.counters p WHERE p.name = main.counters.name), "
             "text_value = (SELECT p.text_value FROM part.counters p WHERE p.name = main.counters.name) "
             "WHERE name IN ('receipt', 'operation-log')");
        exec("COMMIT");
        exec("DETACH DATABASE part");
    }

    sqlite3* m_db = nullptr;
    bool m_inTransaction = true;
    qint64 m_sinceCommit = 0;
    QList<std::pair<QByteArray, QByteArray>> m_indexes;
};

class SqliteSink final : public TableSink
{
public:
    SqliteSink(SqliteTarget& target, const char* table, const QList<const char*>& columns)
        : m_target(target)
    {
        QByteArray sql = QByteArray("INSERT INTO ") + table + " (";
        QByteArray marks;
        for (qsizetype c = 0; c < columns.size(); ++c) {
            sql += (c ? ", " : "") + QByteArray(columns.at(c));
            marks += c ? ", ?" : "?";
        }
        sql += ") VALUES (" + marks + ")";
        if (sqlite3_prepare_v2(target.m_db, sql.constData(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
            die(QStringLiteral("%1: %2").arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(target.m_db))));
    }
    ~SqliteSink() override { sqlite3_finalize(m_stmt); }
    void i(qint64 v) override { sqlite3_bind_int64(m_stmt, ++m_col, v); }
    void n() override { sqlite3_bind_null(m_stmt, ++m_col); }
    void t(const QByteArray& v) override { sqlite3_bind_text(m_stmt, ++m_col, v.constData(), int(v.size()), SQLITE_TRANSIENT); }
    void tStatic(const QByteArray& v) override { sqlite3_bind_text(m_stmt, ++m_col, v.constData(), int(v.size()), SQLITE_STATIC); }
    void endRow() override
    {
        if (sqlite3_step(m_stmt) != SQLITE_DONE)
            die(QStringLiteral("insert: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_target.m_db))));
        sqlite3_reset(m_stmt);
        m_col = 0;
        ++rows;
        m_target.commitPoint();
    }
    void finish() override {}

private:
    SqliteTarget& m_target;
    sqlite3_stmt* m_stmt = nullptr;
    int m_col = 0;
};

std::unique_ptr<TableSink> SqliteTarget::open(const char* table, const QList<const char*>& columns)
{
    return std::make_unique<SqliteSink>(*this, table, columns);
}

// MariaDB: each table's rows go as tab-separated text into a named pipe that the server reads
// with LOAD DATA INFILE on its own connection (a thread a table), so generating and loading
// overlap and nothing is written to disk twice.
struct MysqlSettings
{
    QString socket;
    QString user;
    QString database;
};

std::atomic<int> g_connections{0}; // names of Qt SQL connections and pipes, unique in the process

QSqlDatabase mysqlConnection(const MysqlSettings& s, const QString& name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), name);
    db.setUserName(s.user);
    db.setDatabaseName(s.database);
    db.setConnectOptions(QStringLiteral("UNIX_SOCKET=%1").arg(s.socket));
    if (!db.open())
        die(QStringLiteral("MariaDB: %1").arg(db.lastError().text()));
    return db;
}

void mysqlExec(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        die(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
}

class MysqlTarget final : public Target
{
public:
    MysqlTarget(MysqlSettings s, QString pipeDir)
        : m_s(std::move(s))
        , m_pipeDir(std::move(pipeDir))
    {
        m_name = QStringLiteral("md-bench-main-%1").arg(++g_connections);
        m_db = mysqlConnection(m_s, m_name);
    }
    ~MysqlTarget() override
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    void exec(const QByteArray& sql) override { mysqlExec(m_db, QString::fromUtf8(sql)); }
    void beginLoad(bool dropIndexes) override
    {
        if (!dropIndexes)
            return;
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
                              "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 1 "
                              "GROUP BY TABLE_NAME, INDEX_NAME"));
        while (q.next())
            m_indexes.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
        for (const auto& ix : std::as_const(m_indexes)) {
            // An index a foreign key needs cannot be dropped (InnoDB refuses): it stays.
            QSqlQuery drop(m_db);
            if (drop.exec(QStringLiteral("ALTER TABLE %1 DROP INDEX %2").arg(ix.table, ix.name)))
                m_dropped.append(ix);
        }
    }
    void endLoad(bool buildIndexes) override
    {
        if (!buildIndexes)
            return;
        QElapsedTimer t;
        t.start();
        for (const auto& ix : std::as_const(m_dropped)) {
            QElapsedTimer one;
            one.start();
            mysqlExec(m_db, QStringLiteral("CREATE INDEX %1 ON %2 (%3)").arg(ix.name, ix.table, ix.columns));
            std::printf("  index %-32s %7.1f s\n", qPrintable(ix.name), secondsSince(one));
            std::fflush(stdout);
        }
        QSet<QString> tables;
        for (const auto& ix : std::as_const(m_indexes))
            tables.insert(ix.table);
        for (const QString& table : std::as_const(tables))
            mysqlExec(m_db, QStringLiteral("ANALYZE TABLE %1").arg(table));
        std::printf("  indexes + ANALYZE: %.1f s\n", secondsSince(t));
    }
    std::unique_ptr<TableSink> open(const char* table, const QList<const char*>& columns) override;

    struct Index
    {
        QString table, name, columns;
    };
    MysqlSettings m_s;
    QString m_name;
    QString m_pipeDir;
    QSqlDatabase m_db;
    QList<Index> m_indexes;
    QList<Index> m_dropped;
};

class MysqlSink final : public TableSink
{
public:
    MysqlSink(MysqlTarget& target, const char* table, const QList<const char*>& columns)
    {
        const int n = ++g_connections;
        m_path = QStringLiteral("%1/pipe-%2-%3").arg(target.m_pipeDir, QLatin1String(table)).arg(n);
        ::unlink(m_path.toLocal8Bit().constData());
        if (::mkfifo(m_path.toLocal8Bit().constData(), 0600) != 0)
            die(QStringLiteral("mkfifo %1 failed").arg(m_path));
        QStringList cols;
        for (const char* c : columns)
            cols.append(QLatin1String(c));
        const QString sql = QStringLiteral("LOAD DATA INFILE '%1' INTO TABLE %2 CHARACTER SET utf8mb4 (%3)")
                                .arg(m_path, QLatin1String(table), cols.join(QStringLiteral(", ")));
        const MysqlSettings s = target.m_s;
        const QString name = QStringLiteral("md-bench-load-%1").arg(n);
        m_thread = std::thread([this, s, sql, name] {
            {
                QSqlDatabase db = mysqlConnection(s, name);
                mysqlExec(db, QStringLiteral("SET SESSION foreign_key_checks = 0, unique_checks = 0, sql_log_bin = 0"));
                QSqlQuery q(db);
                if (!q.exec(sql)) {
                    m_error = q.lastError().text();
                    m_failed = true;
                }
                q.finish();
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
            m_done = true;
        });
        // The server opens the pipe for reading when the statement starts; wait for it.
        for (;;) {
            m_fd = ::open(m_path.toLocal8Bit().constData(), O_WRONLY | O_NONBLOCK);
            if (m_fd >= 0)
                break;
            if (m_failed)
                die(QStringLiteral("LOAD DATA into %1: %2").arg(QLatin1String(table), m_error));
            ::usleep(2000);
        }
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) & ~O_NONBLOCK);
        m_buf.reserve(1 << 21);
    }
    ~MysqlSink() override
    {
        if (m_thread.joinable())
            finish();
    }
    void i(qint64 v) override
    {
        sep();
        char tmp[24];
        const int len = std::snprintf(tmp, sizeof tmp, "%lld", static_cast<long long>(v));
        m_buf.append(tmp, len);
    }
    void n() override
    {
        sep();
        m_buf.append("\\N", 2);
    }
    void t(const QByteArray& v) override
    {
        sep();
        for (const char c : v) {
            switch (c) {
            case '\t':
                m_buf.append("\\t", 2);
                break;
            case '\n':
                m_buf.append("\\n", 2);
                break;
            case '\\':
                m_buf.append("\\\\", 2);
                break;
            default:
                m_buf.push_back(c);
            }
        }
    }
    void endRow() override
    {
        m_buf.push_back('\n');
        m_first = true;
        ++rows;
        if (m_buf.size() >= (1 << 20))
            flush();
    }
    void finish() override
    {
        flush();
        ::close(m_fd);
        m_thread.join();
        ::unlink(m_path.toLocal8Bit().constData());
        if (m_failed)
            die(QStringLiteral("LOAD DATA: %1").arg(m_error));
    }

private:
    void sep()
    {
        if (!m_first)
            m_buf.push_back('\t');
        m_first = false;
    }
    void flush()
    {
        const char* p = m_buf.data();
        size_t left = m_buf.size();
        while (left > 0) {
            const ssize_t w = ::write(m_fd, p, left);
            if (w <= 0)
                die(QStringLiteral("write to %1 failed (%2)").arg(m_path, m_error));
            p += w;
            left -= size_t(w);
        }
        m_buf.clear();
    }
    QString m_path;
    std::thread m_thread;
    std::atomic<bool> m_failed{false};
    std::atomic<bool> m_done{false};
    QString m_error;
    int m_fd = -1;
    std::string m_buf;
    bool m_first = true;
};

std::unique_ptr<TableSink> MysqlTarget::open(const char* table, const QList<const char*>& columns)
{
    return std::make_unique<MysqlSink>(*this, table, columns);
}

// ---------------------------------------------------------------------------------------------
// The office.

const char kTouTariff[] = R"([tariff]
id = bench-tou
name = 四时段分时电价 (bench)
utility = electricity
unit = kWh
timezone = Asia/Shanghai

[version]
effective = 2020-01-01
rates = sharp, peak, flat, valley
period = 00:00-08:00 valley
period = 08:00-10:00 peak
period = 10:00-11:00 sharp
period = 11:00-17:00 flat
period = 17:00-19:00 peak
period = 19:00-21:00 sharp
period = 21:00-22:00 flat
period = 22:00-24:00 valley
price.sharp = 1.2
price.peak = 0.9
price.flat = 0.6
price.valley = 0.3
)";

const char kWaterTariff[] = R"([tariff]
id = bench-water
name = 居民生活用水 (bench)
utility = water
timezone = Asia/Shanghai

[version]
effective = 2020-01-01
price.flat = 3.45
)";

// Register index of the time-of-use rate in force at local hour h (the tariff above):
// 1 sharp, 2 peak, 3 flat, 4 valley.
int touRegister(int h)
{
    if (h < 8 || h >= 22)
        return 4;
    if (h < 10 || (h >= 17 && h < 19))
        return 2;
    if (h < 11 || (h >= 19 && h < 21))
        return 1;
    return 3;
}

// Share of a day's use per local hour (relative), by kind of room.
const double kProfiles[3][24] = {
    // home: low at night, morning bump, evening peak
    {0.35, 0.3, 0.28, 0.27, 0.27, 0.3, 0.5, 0.9, 0.8, 0.6, 0.55, 0.6, 0.7, 0.6, 0.55, 0.55, 0.65, 0.9, 1.4, 1.7,
     1.8, 1.6, 1.1, 0.6},
    // shop: open 9:00-21:00
    {0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.2, 0.5, 1.2, 1.4, 1.5, 1.6, 1.5, 1.5, 1.5, 1.5, 1.6, 1.7, 1.7, 1.5,
     0.6, 0.2, 0.15},
    // office: weekdays 8:00-18:00 (weekends use the night level)
    {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.12, 0.4, 1.3, 1.8, 1.9, 1.9, 1.5, 1.7, 1.9, 1.9, 1.8, 1.3, 0.5, 0.2, 0.15, 0.12,
     0.1, 0.1},
};
const double kWaterProfile[24] = {0.05, 0.03, 0.03, 0.03, 0.05, 0.3, 1.6, 2.2, 1.4, 0.8, 0.7, 0.9, 1.1, 0.8, 0.6,
                                  0.6, 0.7, 1.0, 1.7, 2.0, 1.8, 1.4, 0.9, 0.3};

struct MeterSpec
{
    qint64 id = 0;
    bool water = false;
    qint64 account = 0; // = room
    int kind = 0;
    double base = 0; // milli-units a half hour on average
    std::array<qint64, 5> start{};
    qint64 maxRate = 0;
};

struct DayEnd
{
    qint64 at = 0; // 0: no reading that day
    std::array<qint64, 5> regs{};
};

struct Office
{
    int meters = 0;
    int years = 0;
    int electric = 0;
    int water = 0;
    QDate firstDay;
    qint64 startMs = 0; // local midnight of firstDay
    int days = 0;
    QList<MeterSpec> specs;

    qint64 dayNumber(qint64 atMs) const { return (atMs + kOfficeOffsetMs) / kDayMs; }
};

MeterSpec specOf(qint64 id, const Office& o)
{
    MeterSpec m;
    m.id = id;
    m.water = id > o.electric;
    m.account = m.water ? id - o.electric : id;
    Rng r{quint64(id) * 7919ULL + 17ULL};
    if (m.water) {
        m.base = 4 + r.uniform() * 16; // litres (milli-m3) a half hour on average
        m.start[0] = 10'000 + r.below(900'000);
        m.maxRate = 6'000; // L/h
    } else {
        const double k = r.uniform();
        m.kind = k < 0.6 ? 0 : (k < 0.85 ? 1 : 2);
        const double lo[3] = {60, 150, 100};
        const double hi[3] = {250, 700, 500};
        m.base = lo[m.kind] + r.uniform() * (hi[m.kind] - lo[m.kind]); // Wh a half hour
        for (int reg = 1; reg < 5; ++reg)
            m.start[size_t(reg)] = r.below(5'000'000);
        m.start[0] = m.start[1] + m.start[2] + m.start[3] + m.start[4];
        m.maxRate = 40'000; // W
    }
    return m;
}

// Calls f(atMs, regs, present) for each of the meter's readings in time order. A reading is
// missing now and then (about one in 2,000: a lost answer).
template <typename F>
void forEachReading(const MeterSpec& m, const Office& o, F&& f)
{
    Rng r{quint64(m.id) * 104729ULL + 3ULL};
    std::array<qint64, 5> regs = m.start;
    const qint64 end = o.startMs + qint64(o.days) * kDayMs;
    const int present = m.water ? 1 : 31;
    qint64 seasonDay = -1;
    double season = 1.0;
    for (qint64 at = o.startMs; at < end; at += kHalfHourMs) {
        if (at > o.startMs) {
            // The interval (at - 30 min, at]: its local hour, weekday and season.
            const qint64 local = at - kHalfHourMs + kOfficeOffsetMs;
            const qint64 dayNo = local / kDayMs;
            const int hour = int((local % kDayMs) / kHourMs);
            const int weekday = int((dayNo + 3) % 7); // 0 Monday (1970-01-01 was a Thursday)
            if (dayNo != seasonDay) {
                const double doy = double(dayNo % 365);
                season = 1.0 + 0.28 * std::cos(2 * M_PI * (doy - 200.0) / 365.0) +
                         0.12 * std::cos(4 * M_PI * (doy - 15.0) / 365.0);
                seasonDay = dayNo;
            }
            double shape = 0;
            if (m.water) {
                shape = kWaterProfile[hour];
            } else if (m.kind == 2 && weekday >= 5) {
                shape = kProfiles[2][0];
            } else {
                shape = kProfiles[m.kind][hour] * (m.kind == 1 && weekday >= 5 ? 1.15 : 1.0);
            }
            const double noise = 0.55 + 0.9 * r.uniform();
            const auto use = qint64(std::llround(m.base * shape * (m.water ? 1.0 : season) * noise));
            if (m.water) {
                regs[0] += use;
            } else {
                regs[size_t(touRegister(hour))] += use;
                regs[0] += use;
            }
            if (r.below(2000) == 0)
                continue; // not answered this cycle
        }
        f(at, regs, present);
    }
}

// ---------------------------------------------------------------------------------------------

struct Loader
{
    Office& o;
    Target& target;
    QTimeZone zone = report::defaultOfficeZone();
    std::vector<std::vector<DayEnd>> dayEnds; // [meter index][day]
    QList<ReadingSet> firstSets;

    qint64 readingRows = 0;
    qint64 dailyRows = 0;
    double readingSeconds = 0;

    void setup();
    void dayEndsPass();
    void readings();
    void ledger(Target& lt);
};

QByteArray dayText(qint64 dayNo)
{
    return QDate::fromJulianDay(dayNo + 2440588).toString(Qt::ISODate).toLatin1();
}

void Loader::setup()
{
    const int rooms = o.electric;
    const int roomsPerUnit = 30, unitsPerBuilding = 5, buildingsPerSite = 15;
    const int units = (rooms + roomsPerUnit - 1) / roomsPerUnit;
    const int buildings = (units + unitsPerBuilding - 1) / unitsPerBuilding;
    const int sites = (buildings + buildingsPerSite - 1) / buildingsPerSite;
    const qint64 created = o.startMs - 30 * kDayMs;
    {
        auto s = target.open("sites", {"id", "code", "name", "remarks", "created_at", "updated_at"});
        for (int i = 1; i <= sites; ++i) {
            s->i(i), s->t(QStringLiteral("S%1").arg(i, 2, 10, QLatin1Char('0'))), s->t(QString::fromUtf8("第%1园区").arg(i));
            s->t(""), s->i(created), s->i(created), s->endRow();
        }
        s->finish();
    }
    {
        auto s = target.open("buildings", {"id", "site_id", "code", "name", "remarks", "created_at", "updated_at"});
        for (int i = 1; i <= buildings; ++i) {
            const int inSite = (i - 1) % buildingsPerSite + 1;
            s->i(i), s->i((i - 1) / buildingsPerSite + 1), s->t(QStringLiteral("B%1").arg(inSite, 2, 10, QLatin1Char('0')));
            s->t(QString::fromUtf8("%1号楼").arg(inSite)), s->t(""), s->i(created), s->i(created), s->endRow();
        }
        s->finish();
    }
    {
        auto s = target.open("units", {"id", "building_id", "code", "name", "remarks", "created_at", "updated_at"});
        for (int i = 1; i <= units; ++i) {
            const int inBuilding = (i - 1) % unitsPerBuilding + 1;
            s->i(i), s->i((i - 1) / unitsPerBuilding + 1), s->t(QStringLiteral("U%1").arg(inBuilding));
            s->t(QString::fromUtf8("%1单元").arg(inBuilding)), s->t(""), s->i(created), s->i(created), s->endRow();
        }
        s->finish();
    }
    {
        auto s = target.open("rooms", {"id", "unit_id", "code", "name", "floor", "area_centi_m2", "remarks", "created_at",
                                        "updated_at"});
        Rng r{42};
        for (int i = 1; i <= rooms; ++i) {
            const int inUnit = (i - 1) % roomsPerUnit;
            const int floor = inUnit / 4 + 1;
            const QString number = QStringLiteral("%1%2").arg(floor).arg(inUnit % 4 + 1, 2, 10, QLatin1Char('0'));
            s->i(i), s->i((i - 1) / roomsPerUnit + 1), s->t(number), s->t(QString::fromUtf8("%1室").arg(number));
            s->i(floor), s->i(4000 + r.below(11000)), s->t(""), s->i(created), s->i(created), s->endRow();
        }
        s->finish();
    }
    {
        auto s = target.open("operators", {"id", "name", "display_name", "role", "password_hash", "must_change_password",
                                            "created_at", "password_changed_at"});
        const char* const names[][3] = {{"admin", "管理员", "administrator"}, {"manager", "经理", "manager"},
                                        {"cashier1", "收银员一", "cashier"},  {"cashier2", "收银员二", "cashier"},
                                        {"cashier3", "收银员三", "cashier"},  {"cashier4", "收银员四", "cashier"},
                                        {"engineer", "电工", "engineer"},     {"auditor", "审计", "auditor"}};
        for (int i = 0; i < 8; ++i) {
            s->i(i + 1), s->t(names[i][0]), s->t(QString::fromUtf8(names[i][1])), s->t(names[i][2]);
            s->t("$argon2id$v=19$m=65536,t=2,p=1$YmVuY2hiZW5jaGJlbmNo$bench-operators-cannot-log-in-xxxxxxxxxx");
            s->i(0), s->i(created), s->i(created), s->endRow();
        }
        s->finish();
    }
    {
        auto s = target.open("tariffs", {"id", "tariff_key", "revision", "file_text", "created_at"});
        s->i(1), s->t("bench-tou"), s->i(1), s->t(QByteArray(kTouTariff)), s->i(created), s->endRow();
        s->i(2), s->t("bench-water"), s->i(1), s->t(QByteArray(kWaterTariff)), s->i(created), s->endRow();
        s->finish();
    }
    {
        auto s = target.open("meters", {"id", "nameplate", "bus", "protocol", "map", "address", "options", "utility",
                                         "account_id", "max_rate", "installed_at", "room_id"});
        for (const MeterSpec& m : std::as_const(o.specs)) {
            const qint64 index = m.water ? m.id - o.electric - 1 : m.id - 1;
            s->i(m.id), s->t(QStringLiteral("%1%2").arg(m.water ? u'W' : u'E').arg(m.id, 8, 10, QLatin1Char('0')));
            s->t(QStringLiteral("%1%2").arg(QLatin1String(m.water ? "water" : "bus")).arg(index / 200 + 1));
            s->t(m.water ? "cjt188" : "modbus"), s->t(m.water ? "cjt188-water" : "acrel-ddsy1352");
            s->t(QByteArray::number(index % 200 + 1)), s->t("{}"), s->t(m.water ? "water" : "electricity");
            s->i(m.account), s->i(m.maxRate), s->i(o.startMs - 2 * kDayMs), s->i(m.account), s->endRow();
        }
        s->finish();
    }
    {
        auto a = target.open("accounts", {"id", "code", "tenant_name", "phone", "status", "opened_at"});
        auto ar = target.open("account_rooms", {"account_id", "room_id", "linked_at"});
        for (int i = 1; i <= o.electric; ++i) {
            const qint64 opened = o.startMs - kDayMs + 9 * kHourMs + i * 1000LL;
            a->i(i), a->t(QStringLiteral("A%1").arg(i, 5, 10, QLatin1Char('0'))), a->t(QString::fromUtf8("租户%1").arg(i));
            a->t(QStringLiteral("138%1").arg(i, 8, 10, QLatin1Char('0'))), a->t("open"), a->i(opened), a->endRow();
            ar->i(i), ar->i(i), ar->i(opened), ar->endRow();
        }
        a->finish();
        ar->finish();
    }
    {
        auto s = target.open("account_collection", {"account_id", "utility", "tariff_key", "alarm1_fen", "alarm2_fen",
                                                     "protected_windows", "holidays", "force_on", "manual", "updated_at"});
        for (const MeterSpec& m : std::as_const(o.specs)) {
            s->i(m.account), s->t(m.water ? "water" : "electricity"), s->t(m.water ? "bench-water" : "bench-tou");
            s->i(m.water ? 3000 : 5000), s->i(m.water ? 1000 : 2000), s->t("[]"), s->t("[]"), s->i(0), s->t("none");
            s->i(created), s->endRow();
        }
        s->finish();
    }
}

// Each meter's first reading and its last of every day (what the ledger bills), from the same
// generator as the readings.
void Loader::dayEndsPass()
{
    QElapsedTimer t;
    t.start();
    const qint64 firstDayNo = o.dayNumber(o.startMs);
    dayEnds.resize(size_t(o.specs.size()));
    for (qsizetype mi = 0; mi < o.specs.size(); ++mi) {
        const MeterSpec& m = o.specs.at(mi);
        std::vector<DayEnd>& ends = dayEnds[size_t(mi)];
        ends.assign(size_t(o.days), DayEnd{});
        bool first = true;
        forEachReading(m, o, [&](qint64 at, const std::array<qint64, 5>& regs, int present) {
            if (first) {
                ReadingSet set;
                set.utc = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
                const Unit unit = m.water ? Unit::CubicMetre : Unit::KilowattHour;
                for (int reg = 0; reg < 5; ++reg) {
                    if (present & (1 << reg))
                        set.values.insert(kAllRegisters[reg], Quantity::fromMilli(regs[size_t(reg)], unit));
                }
                firstSets.append(set);
                first = false;
            }
            DayEnd& e = ends[size_t(o.dayNumber(at) - firstDayNo)];
            e.at = at;
            e.regs = regs;
        });
    }
    std::printf("day ends of %lld meters generated in %.1f s\n", qlonglong(o.specs.size()), secondsSince(t));
    std::fflush(stdout);
}

void Loader::readings()
{
    QElapsedTimer t;
    t.start();
    auto r = target.open("readings", {"id", "meter_id", "at_ms", "total_milli", "sharp_milli", "peak_milli", "flat_milli",
                                      "valley_milli", "switch_state", "flags", "reason"});
    // The rollup rows are kept and written day by day for all meters afterwards: the order the
    // service writes them in (a day's rows together), which is what the by-day index reads.
    struct DailyRow
    {
        qint64 firstAt = 0, lastAt = 0, firstTotal = 0, lastTotal = 0, count = 0;
        std::array<qint64, 5> used{};
    };
    std::vector<std::vector<DailyRow>> daily(size_t(o.specs.size()));
    const qint64 firstDayNo = o.dayNumber(o.startMs);
    const QByteArray on("on"), empty;
    qint64 id = 0;
    for (qsizetype mi = 0; mi < o.specs.size(); ++mi) {
        const MeterSpec& m = o.specs.at(mi);
        // The day being rolled up: exactly what ReadingIngestor adds to meter_daily for
        // accepted readings in time order (all of these are plausible: within max_rate).
        qint64 curDay = -1;
        qint64 firstAt = 0, lastAt = 0, firstTotal = 0, lastTotal = 0, count = 0;
        std::array<qint64, 5> used{};
        std::array<qint64, 5> prev{};
        bool havePrev = false;
        std::vector<DailyRow>& rows = daily[size_t(mi)];
        rows.assign(size_t(o.days), DailyRow{});
        const auto flushDay = [&] {
            if (curDay < 0)
                return;
            rows[size_t(curDay - firstDayNo)] = DailyRow{firstAt, lastAt, firstTotal, lastTotal, count, used};
        };
        forEachReading(m, o, [&](qint64 at, const std::array<qint64, 5>& regs, int present) {
            const qint64 dayNo = o.dayNumber(at);
            if (dayNo != curDay) {
                flushDay();
                curDay = dayNo;
                firstAt = at;
                firstTotal = regs[0];
                count = 0;
                used = {};
            }
            lastAt = at;
            lastTotal = regs[0];
            ++count;
            if (havePrev) {
                for (int reg = 0; reg < 5; ++reg) {
                    if (present & (1 << reg))
                        used[size_t(reg)] += regs[size_t(reg)] - prev[size_t(reg)];
                }
            }
            r->i(++id), r->i(m.id), r->i(at);
            for (int reg = 0; reg < 5; ++reg)
                (present & (1 << reg)) ? r->i(regs[size_t(reg)]) : r->n();
            r->tStatic(on), r->i(havePrev ? qint64(ReadingFlag::Billed) : qint64(ReadingFlag::Baseline)), r->tStatic(empty);
            r->endRow();
            prev = regs;
            havePrev = true;
        });
        flushDay();
        if ((mi + 1) % 250 == 0 || mi + 1 == o.specs.size()) {
            const double s = secondsSince(t);
            std::printf("  meters %lld/%lld: %lld readings in %.0f s (%.0f rows/s)\n", qlonglong(mi + 1),
                        qlonglong(o.specs.size()), qlonglong(r->rows), s, double(r->rows) / s);
            std::fflush(stdout);
        }
    }
    r->finish();
    target.exec(QStringLiteral("UPDATE counters SET value = %1 WHERE name = 'reading'").arg(id).toUtf8());
    auto d = target.open("meter_daily", {"meter_id", "day", "first_at_ms", "last_at_ms", "first_total_milli",
                                         "last_total_milli", "used_total_milli", "used_sharp_milli", "used_peak_milli",
                                         "used_flat_milli", "used_valley_milli", "reading_count", "anomaly_count"});
    for (int day = 0; day < o.days; ++day) {
        const QByteArray text = dayText(firstDayNo + day);
        for (qsizetype mi = 0; mi < o.specs.size(); ++mi) {
            const DailyRow& x = daily[size_t(mi)][size_t(day)];
            if (x.count == 0)
                continue;
            d->i(o.specs.at(mi).id), d->t(text), d->i(x.firstAt), d->i(x.lastAt), d->i(x.firstTotal), d->i(x.lastTotal);
            for (qint64 u : x.used)
                d->i(u);
            d->i(x.count), d->i(0), d->endRow();
        }
    }
    d->finish();
    readingRows = r->rows;
    dailyRows = d->rows;
    readingSeconds = secondsSince(t);
}

struct Wallet
{
    qint64 ledgerId = 0;
    qint64 account = 0;
    Utility utility = Utility::Electricity;
    qint64 meter = 0;
    qint64 sum = 0;      // ledger account's debit-positive balance (the tenant's balance is -sum)
    qint64 postings = 0;
    AlarmLevel level = AlarmLevel::Normal;
    bool late = false;    // misses a recharge now and then
    int rechargeDay = 1;  // of the month, and 14 days later
    double dailyCost = 0; // running average of the deductions, fen
    AlarmThresholds thresholds;
};

void Loader::ledger(Target& lt)
{
    QElapsedTimer t;
    t.start();
    const Tariff tou = parseTariff(QByteArray(kTouTariff), QStringLiteral("bench-tou"));
    const Tariff water = parseTariff(QByteArray(kWaterTariff), QStringLiteral("bench-water"));
    const QString client = QStringLiteral("local");

    // Ledger accounts: wallets (one per meter here), then revenue, then the drawers.
    QList<Wallet> wallets;
    for (const MeterSpec& m : std::as_const(o.specs)) {
        Wallet w;
        w.ledgerId = wallets.size() + 1;
        w.account = m.account;
        w.utility = m.water ? Utility::Water : Utility::Electricity;
        w.meter = m.id;
        Rng r{quint64(m.id) * 31337ULL};
        w.late = r.below(100) < 8;
        w.rechargeDay = int(1 + r.below(14));
        w.thresholds = m.water ? AlarmThresholds{Money::fromFen(3000), Money::fromFen(1000)}
                               : AlarmThresholds{Money::fromFen(5000), Money::fromFen(2000)};
        wallets.append(w);
    }
    const qint64 revenueId[2] = {wallets.size() + 1, wallets.size() + 2};
    qint64 revenueSum[2] = {0, 0}, revenuePostings[2] = {0, 0};
    const qint64 firstDrawer = wallets.size() + 3;
    const auto drawerId = [&](int channel, int cashier) { return firstDrawer + channel * 4 + (cashier - 3); };
    std::array<qint64, 24> drawerSum{}, drawerPostings{};

    auto tx = lt.open("transactions", {"id", "kind", "idem_key", "fingerprint", "account_id", "utility",
                                            "operator_id", "meter_id", "receipt_no", "amount_fen", "balance_before_fen",
                                            "balance_after_fen", "memo", "detail", "created_at"});
    auto po = lt.open("postings", {"id", "tx_id", "ledger_account_id", "amount_fen"});
    auto ol = lt.open("operation_log", {"seq", "at_ms", "operator_id", "client", "action", "subject", "detail",
                                             "result", "prev_hash", "hash"});
    auto ae = lt.open("alarm_events", {"id", "account_id", "utility", "meter_id", "kind", "from_level", "to_level",
                                            "balance_fen", "detail", "at_ms"});
    auto rc = lt.open("relay_commands", {"id", "meter_id", "command", "reason", "status", "attempts", "requested_at",
                                              "due_at", "sent_at", "confirmed_at", "next_attempt_at", "last_error"});
    qint64 txId = 0, postingId = 0, seq = 0, receipt = 0, alarmId = 0, commandId = 0;
    QByteArray prevHash;
    const auto logRecord = [&](const OperationRecord& rec) {
        ++seq;
        const QByteArray hash = OperationLog::chainHash(prevHash, OperationLog::canonicalBytes(seq, rec));
        ol->i(seq), ol->i(rec.atUtc.toMSecsSinceEpoch()), ol->i(rec.operatorId.v), ol->t(rec.client), ol->t(rec.action);
        ol->t(rec.subject), ol->t(rec.detail), ol->t(rec.result), ol->t(prevHash), ol->t(hash), ol->endRow();
        prevHash = hash;
    };
    const auto posting = [&](qint64 ledgerId, qint64 amount) {
        po->i(++postingId), po->i(txId), po->i(ledgerId), po->i(amount), po->endRow();
    };
    // AlarmPolicy on the wallet's new balance, as ReadingIngestor::evaluate after a billed
    // reading; a wallet that falls into arrears is tripped, one that leaves it closed again.
    const auto evaluate = [&](Wallet& w, qint64 atMs) {
        const auto change = AlarmPolicy::evaluate(w.level, Money::fromFen(-w.sum), w.thresholds);
        if (!change)
            return;
        ae->i(++alarmId), ae->i(w.account), ae->t(utilityKey(w.utility)), ae->i(w.meter), ae->t("level");
        ae->t(alarmLevelKey(change->from)), ae->t(alarmLevelKey(change->to)), ae->i(change->balance.fen()), ae->t("{}");
        ae->i(atMs), ae->endRow();
        const bool trip = change->to == AlarmLevel::Arrears;
        const bool close = change->from == AlarmLevel::Arrears;
        if (trip || close) {
            rc->i(++commandId), rc->i(w.meter), rc->t(trip ? "off" : "on"), rc->t(trip ? "arrears" : "prepaid");
            rc->t("confirmed"), rc->i(1), rc->i(atMs), rc->i(atMs), rc->i(atMs + 1200), rc->i(atMs + 4100), rc->n();
            rc->t(""), rc->endRow();
        }
        w.level = change->to;
    };

    // Accounts opened the day before the first reading (one "open" transaction each).
    for (int a = 1; a <= o.electric; ++a) {
        const qint64 at = o.startMs - kDayMs + 9 * kHourMs + a * 1000LL;
        const QString code = QStringLiteral("A%1").arg(a, 5, 10, QLatin1Char('0'));
        const QString tenant = QString::fromUtf8("租户%1").arg(a);
        const QString phone = QStringLiteral("138%1").arg(a, 8, 10, QLatin1Char('0'));
        const QString key = QStringLiteral("bench-open-%1").arg(a);
        const QByteArray fp = Fingerprint("open").add("code", code).add("tenant", tenant).add("phone", phone).add("operator", 2).hex();
        ++txId;
        tx->i(txId), tx->t(transactionKindKey(TransactionKind::Open)), tx->t(key), tx->t(fp), tx->i(a), tx->t("electricity");
        tx->i(2), tx->n(), tx->n(), tx->i(0), tx->i(0), tx->i(0), tx->t(tenant), tx->t(""), tx->i(at), tx->endRow();
        OperationRecord rec;
        rec.atUtc = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
        rec.operatorId = OperatorId{2};
        rec.client = client;
        rec.action = QStringLiteral("open-account");
        rec.subject = QStringLiteral("account:%1").arg(a);
        rec.detail = QJsonDocument(QJsonObject{{QStringLiteral("tx"), txId},
                                               {QStringLiteral("key"), key},
                                               {QStringLiteral("amount_fen"), 0},
                                               {QStringLiteral("utility"), QStringLiteral("electricity")},
                                               {QStringLiteral("balance_before_fen"), 0},
                                               {QStringLiteral("balance_after_fen"), 0},
                                               {QStringLiteral("memo"), tenant}})
                         .toJson(QJsonDocument::Compact);
        rec.result = QStringLiteral("ok");
        logRecord(rec);
    }

    // Billing states: the first reading is each meter's baseline.
    QList<MeterBillingState> states;
    for (qsizetype mi = 0; mi < o.specs.size(); ++mi) {
        const MeterSpec& m = o.specs.at(mi);
        MeterBillingState s(m.water ? Unit::CubicMetre : Unit::KilowattHour);
        Biller::bill(m.water ? water : tou, s, firstSets.at(mi));
        states.append(s);
    }

    const qint64 firstDayNo = o.dayNumber(o.startMs);
    qint64 deductions = 0, recharges = 0;
    static const Channel kChannels[] = {Channel::Cash, Channel::WeChat, Channel::Alipay, Channel::Card, Channel::BankTransfer};
    static const int kChannelWeight[] = {30, 35, 20, 10, 5};
    struct Recharge
    {
        qint64 at;
        qsizetype wallet;
        int cashier;
        Channel channel;
        qint64 paid;
    };
    for (int day = 0; day < o.days; ++day) {
        const qint64 dayStart = o.startMs + qint64(day) * kDayMs;
        const QDate date = o.firstDay.addDays(day);
        // Recharges: every wallet on its first day, then twice a month (a late payer skips a
        // third of them and pays the arrears with the next).
        QList<Recharge> due;
        Rng r{quint64(day) * 2654435761ULL + 99ULL};
        for (qsizetype wi = 0; wi < wallets.size(); ++wi) {
            Wallet& w = wallets[wi];
            const bool scheduled = day == 0 || date.day() == w.rechargeDay || date.day() == w.rechargeDay + 14;
            if (!scheduled)
                continue;
            if (day > 0 && w.late && r.below(3) == 0)
                continue;
            const double want = day == 0 ? (w.utility == Utility::Water ? 10000.0 : 20000.0)
                                         : std::max(5000.0, w.dailyCost * 15.0 * (1.0 + 0.6 * r.uniform()));
            qint64 paid = qint64(std::ceil(want / 1000.0)) * 1000; // whole tens of yuan
            if (w.sum > 0)
                paid += (w.sum + 999) / 1000 * 1000; // and the arrears
            int pick = int(r.below(100)), channel = 0;
            while (pick >= kChannelWeight[channel])
                pick -= kChannelWeight[channel++];
            due.append({dayStart + 8 * kHourMs + 30 * 60000 + r.below(9 * kHourMs), wi, int(3 + r.below(4)),
                        kChannels[channel], paid});
        }
        std::sort(due.begin(), due.end(), [](const Recharge& a, const Recharge& b) { return a.at < b.at; });
        for (const Recharge& c : std::as_const(due)) {
            Wallet& w = wallets[c.wallet];
            const qint64 before = -w.sum;
            const QString key = QStringLiteral("bench-recharge-%1").arg(recharges + 1);
            const QByteArray fp = Fingerprint("recharge")
                                      .add("account", w.account)
                                      .add("utility", utilityKey(w.utility))
                                      .add("channel", channelKey(c.channel))
                                      .add("cashier", qint64(c.cashier))
                                      .add("paid", c.paid)
                                      .add("fee", qint64(0))
                                      .add("memo", QString())
                                      .hex();
            ++txId;
            ++receipt;
            ++recharges;
            tx->i(txId), tx->t(transactionKindKey(TransactionKind::Recharge)), tx->t(key), tx->t(fp), tx->i(w.account);
            tx->t(utilityKey(w.utility)), tx->i(c.cashier), tx->n(), tx->i(receipt), tx->i(c.paid), tx->i(before);
            tx->i(before + c.paid), tx->t(""), tx->t(""), tx->i(c.at), tx->endRow();
            int channelIndex = 0;
            while (kAllChannels[channelIndex] != c.channel)
                ++channelIndex;
            const qint64 drawer = drawerId(channelIndex, c.cashier);
            posting(drawer, c.paid);
            drawerSum[size_t(drawer - firstDrawer)] += c.paid;
            drawerPostings[size_t(drawer - firstDrawer)] += 1;
            posting(w.ledgerId, -c.paid);
            w.sum -= c.paid;
            w.postings += 1;
            OperationRecord rec;
            rec.atUtc = QDateTime::fromMSecsSinceEpoch(c.at, Qt::UTC);
            rec.operatorId = OperatorId{c.cashier};
            rec.client = client;
            rec.action = QStringLiteral("recharge");
            rec.subject = QStringLiteral("account:%1").arg(w.account);
            rec.detail = QJsonDocument(QJsonObject{{QStringLiteral("tx"), txId},
                                                   {QStringLiteral("key"), key},
                                                   {QStringLiteral("amount_fen"), c.paid},
                                                   {QStringLiteral("utility"), utilityKey(w.utility)},
                                                   {QStringLiteral("balance_before_fen"), before},
                                                   {QStringLiteral("balance_after_fen"), before + c.paid},
                                                   {QStringLiteral("receipt"), receipt}})
                             .toJson(QJsonDocument::Compact);
            rec.result = QStringLiteral("ok");
            logRecord(rec);
            evaluate(w, c.at);
        }

        // The day's deductions: each meter's last reading of the day billed against the one
        // before (the previous day's last), posted as one batch after the 23:30 readings, as
        // DeductionBatch writes a cycle (one operation-log record for the batch).
        const qint64 batchAt = dayStart + kDayMs - kHalfHourMs + 2500;
        QCryptographicHash h(QCryptographicHash::Sha256);
        QJsonArray ranges;
        qint64 from = 0, to = 0, total = 0, count = 0;
        QSet<qint64> accounts;
        for (qsizetype wi = 0; wi < wallets.size(); ++wi) {
            Wallet& w = wallets[wi];
            const MeterSpec& m = o.specs.at(wi);
            const DayEnd& e = dayEnds[size_t(wi)][size_t(day)];
            if (e.at == 0 || e.at == o.startMs)
                continue;
            ReadingSet set;
            set.utc = QDateTime::fromMSecsSinceEpoch(e.at, Qt::UTC);
            const Unit unit = m.water ? Unit::CubicMetre : Unit::KilowattHour;
            set.values.insert(Register::Total, Quantity::fromMilli(e.regs[0], unit));
            if (!m.water) {
                for (int reg = 1; reg < 5; ++reg)
                    set.values.insert(kAllRegisters[reg], Quantity::fromMilli(e.regs[size_t(reg)], unit));
            }
            const Deduction ded = Biller::bill(m.water ? water : tou, states[wi], set);
            if (ded.status != BillStatus::Billed || !ded.total.isPositive())
                continue;
            DeductionRequest req;
            req.idempotencyKey = QStringLiteral("reading:%1:%2").arg(m.id).arg(e.at);
            req.account = AccountId{w.account};
            req.utility = w.utility;
            req.meter = MeterId{m.id};
            req.amount = ded.total;
            req.explanation = ded.toCompactJson();
            const QByteArray fp = deductionFingerprint(req);
            const qint64 amount = ded.total.fen();
            const qint64 before = -w.sum;
            ++txId;
            ++deductions;
            tx->i(txId), tx->t(transactionKindKey(TransactionKind::Deduction)), tx->t(req.idempotencyKey), tx->t(fp);
            tx->i(w.account), tx->t(utilityKey(w.utility)), tx->i(0), tx->i(m.id), tx->n(), tx->i(amount), tx->i(before);
            tx->i(before - amount), tx->t(""), tx->t(req.explanation), tx->i(batchAt), tx->endRow();
            posting(w.ledgerId, amount);
            const int ri = m.water ? 1 : 0;
            posting(revenueId[ri], -amount);
            w.sum += amount;
            w.postings += 1;
            revenueSum[ri] -= amount;
            revenuePostings[ri] += 1;
            w.dailyCost = w.dailyCost == 0 ? double(amount) : w.dailyCost * 0.9 + double(amount) * 0.1;
            accounts.insert(w.account);
            h.addData(QByteArray::number(txId) + '|' + req.idempotencyKey.toUtf8() + '|' + QByteArray::number(w.account) +
                      '|' + utilityKey(w.utility).toUtf8() + '|' + QByteArray::number(amount) + '|' +
                      QByteArray::number(before) + '|' + QByteArray::number(before - amount) + '|' + fp + '\n');
            if (from != 0 && txId == to + 1) {
                to = txId;
            } else {
                if (from != 0)
                    ranges.append(QJsonArray{from, to});
                from = to = txId;
            }
            total += amount;
            ++count;
            evaluate(w, batchAt);
        }
        if (count > 0) {
            ranges.append(QJsonArray{from, to});
            OperationRecord rec;
            rec.atUtc = QDateTime::fromMSecsSinceEpoch(batchAt, Qt::UTC);
            rec.client = client;
            rec.result = QStringLiteral("ok");
            rec.action = QStringLiteral("deduct-batch");
            rec.subject = QStringLiteral("deductions:%1").arg(count);
            rec.detail = QJsonDocument(QJsonObject{{QStringLiteral("count"), count},
                                                   {QStringLiteral("accounts"), accounts.size()},
                                                   {QStringLiteral("total_fen"), total},
                                                   {QStringLiteral("transactions"), ranges},
                                                   {QStringLiteral("sha256"), QString::fromLatin1(h.result().toHex())}})
                             .toJson(QJsonDocument::Compact);
            logRecord(rec);
        }
        if ((day + 1) % 100 == 0 || day + 1 == o.days) {
            std::printf("  day %d/%d: %lld transactions, %lld postings in %.0f s\n", day + 1, o.days, qlonglong(txId),
                        qlonglong(postingId), secondsSince(t));
            std::fflush(stdout);
        }
    }
    tx->finish();
    po->finish();
    ol->finish();
    ae->finish();
    rc->finish();

    // The ledger accounts with their cached balances, the counters, billing and runtime state.
    auto la = lt.open("ledger_accounts", {"id", "name", "kind", "account_id", "utility", "channel", "operator_id",
                                               "balance_fen", "posting_count"});
    for (const Wallet& w : std::as_const(wallets)) {
        const LedgerAccountRef ref = LedgerAccountRef::wallet(AccountId{w.account}, w.utility);
        la->i(w.ledgerId), la->t(ref.key()), la->t(ref.kindKey()), la->i(w.account), la->t(utilityKey(w.utility)), la->n();
        la->n(), la->i(w.sum), la->i(w.postings), la->endRow();
    }
    for (int ri = 0; ri < 2; ++ri) {
        const LedgerAccountRef ref = LedgerAccountRef::revenue(ri == 0 ? Utility::Electricity : Utility::Water);
        la->i(revenueId[ri]), la->t(ref.key()), la->t(ref.kindKey()), la->n(), la->t(utilityKey(ref.utility)), la->n();
        la->n(), la->i(revenueSum[ri]), la->i(revenuePostings[ri]), la->endRow();
    }
    for (int channel = 0; channel < 6; ++channel) {
        for (int cashier = 3; cashier <= 6; ++cashier) {
            const qint64 id = drawerId(channel, cashier);
            const LedgerAccountRef ref = LedgerAccountRef::takings(kAllChannels[channel], OperatorId{cashier});
            la->i(id), la->t(ref.key()), la->t(ref.kindKey()), la->n(), la->n(), la->t(channelKey(ref.channel));
            la->i(cashier), la->i(drawerSum[size_t(id - firstDrawer)]), la->i(drawerPostings[size_t(id - firstDrawer)]);
            la->endRow();
        }
    }
    la->finish();
    const qint64 endMs = o.startMs + qint64(o.days) * kDayMs;
    auto bs = lt.open("meter_billing_state", {"meter_id", "state", "updated_at"});
    auto rt = lt.open("meter_runtime", {"meter_id", "last_good_at_ms", "missed_cycles", "lost", "switch_actual",
                                             "switch_desired", "alarm_level", "updated_at"});
    for (qsizetype mi = 0; mi < o.specs.size(); ++mi) {
        const MeterSpec& m = o.specs.at(mi);
        bs->i(m.id), bs->t(QJsonDocument(states.at(mi).toJson()).toJson(QJsonDocument::Compact)), bs->i(endMs);
        bs->endRow();
        const Wallet& w = wallets.at(mi);
        const char* sw = w.level == AlarmLevel::Arrears ? "off" : "on";
        rt->i(m.id), rt->i(dayEnds[size_t(mi)].back().at), rt->i(0), rt->i(0), rt->t(sw), rt->t(sw);
        rt->t(alarmLevelKey(w.level)), rt->i(endMs), rt->endRow();
    }
    bs->finish();
    rt->finish();
    lt.exec(QStringLiteral("UPDATE counters SET value = %1 WHERE name = 'receipt'").arg(receipt).toUtf8());
    lt.exec(QStringLiteral("UPDATE counters SET value = %1, text_value = '%2' WHERE name = 'operation-log'")
                    .arg(seq)
                    .arg(QString::fromLatin1(prevHash))
                    .toUtf8());
    const double s = secondsSince(t);
    std::printf("ledger: %lld transactions (%lld daily deductions, %lld recharges), %lld postings, %lld log records, "
                "%lld alarm events, %lld relay commands in %.1f s (%.0f rows/s)\n",
                qlonglong(txId), qlonglong(deductions), qlonglong(recharges), qlonglong(postingId), qlonglong(seq),
                qlonglong(alarmId), qlonglong(commandId), s,
                double(txId + postingId + seq + alarmId + commandId) / s);
    Q_UNUSED(firstDayNo);
}

// ---------------------------------------------------------------------------------------------
// Timing.

struct Timing
{
    QString name;
    std::vector<double> ms;
    std::vector<double> cpuMs; // this thread's CPU time: the machine is shared, wall time waits for the others
};

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    const auto rank = size_t(std::ceil(p * double(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

void printTiming(const Timing& t, double targetMs)
{
    const double p95 = percentile(t.ms, 0.95);
    std::printf("| %-58s | %3zu | %9.1f | %9.1f | %9.1f | %5.2f | %9.1f | %9.1f |%s\n", qPrintable(t.name), t.ms.size(),
                percentile(t.ms, 0.5), p95, *std::max_element(t.ms.begin(), t.ms.end()), p95 / targetMs,
                percentile(t.cpuMs, 0.5), percentile(t.cpuMs, 0.95), p95 > targetMs ? " OVER" : "");
    std::fflush(stdout);
}

void timeReports(storage::Database& db, const Office& o, int runs, int samples, const QString& only)
{
    using namespace md::report;
    const QDate lastDay = o.firstDay.addDays(o.days - 1);
    const QDate monthStart(lastDay.year(), lastDay.month(), 1);
    const QDate yearStart = lastDay.addDays(1).addYears(-1);
    const auto period = [](QDate a, QDate b) {
        ReportPeriod p;
        p.from = a;
        p.to = b;
        return p;
    };
    const qint64 oneAccount = std::max(1, o.electric / 2);
    std::printf("\nReports (%d runs each; ms; ratio = p95 / 1000 ms). Last day %s.\n", runs,
                qPrintable(lastDay.toString(Qt::ISODate)));
    std::printf("| %-58s | %3s | %9s | %9s | %9s | %5s | %9s | %9s |\n", "report", "n", "p50", "p95", "max", "ratio",
                "cpu p50", "cpu p95");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    std::vector<std::pair<QString, std::function<void()>>> cases;
    const auto add = [&](const QString& name, std::function<void()> f) { cases.emplace_back(name, std::move(f)); };
    const auto sales = [&](QDate a, QDate b, Granularity g, bool byCashier) {
        SalesQuery q;
        q.period = period(a, b);
        q.granularity = g;
        q.byCashier = byCashier;
        return q;
    };
    add(QStringLiteral("sales, a day"), [&] { salesReport(db, sales(lastDay, lastDay, Granularity::Day, false)); });
    add(QStringLiteral("sales, a month by day"), [&] { salesReport(db, sales(monthStart, lastDay, Granularity::Day, false)); });
    add(QStringLiteral("sales, a year by month"), [&] { salesReport(db, sales(yearStart, lastDay, Granularity::Month, false)); });
    add(QStringLiteral("sales, all years by year"),
        [&] { salesReport(db, sales(o.firstDay, lastDay, Granularity::Year, false)); });
    add(QStringLiteral("sales, a month by day and cashier"),
        [&] { salesReport(db, sales(monthStart, lastDay, Granularity::Day, true)); });
    add(QStringLiteral("sales, a year by month and cashier"),
        [&] { salesReport(db, sales(yearStart, lastDay, Granularity::Month, true)); });
    const auto ledgerQ = [&](QDate a, QDate b, std::optional<qint64> account) {
        AccountLedgerQuery q;
        q.period = period(a, b);
        if (account)
            q.account = AccountId{*account};
        return q;
    };
    add(QStringLiteral("account ledger, one account, a month"),
        [&] { accountLedgerReport(db, ledgerQ(monthStart, lastDay, oneAccount)); });
    add(QStringLiteral("account ledger, one account, a year"),
        [&] { accountLedgerReport(db, ledgerQ(yearStart, lastDay, oneAccount)); });
    add(QStringLiteral("account ledger, one account, all years"),
        [&] { accountLedgerReport(db, ledgerQ(o.firstDay, lastDay, oneAccount)); });
    add(QStringLiteral("account ledger, all wallets, a day"),
        [&] { accountLedgerReport(db, ledgerQ(lastDay, lastDay, std::nullopt)); });
    add(QStringLiteral("account ledger, all wallets, a month"),
        [&] { accountLedgerReport(db, ledgerQ(monthStart, lastDay, std::nullopt)); });
    add(QStringLiteral("account ledger, all wallets, a year"),
        [&] { accountLedgerReport(db, ledgerQ(yearStart, lastDay, std::nullopt)); });
    const auto shiftQ = [&](QDate a, QDate b) {
        ShiftQuery q;
        q.cashier = OperatorId{3};
        q.zone = defaultOfficeZone();
        const ReportPeriod p = period(a, b);
        q.range.fromMs = p.startMs();
        q.range.toMs = p.endMs();
        return q;
    };
    add(QStringLiteral("shift, a cashier's day"), [&] { shiftReport(db, shiftQ(lastDay, lastDay)); });
    add(QStringLiteral("shift, a cashier's month"), [&] { shiftReport(db, shiftQ(monthStart, lastDay)); });
    add(QStringLiteral("arrears (alarm1 and worse)"), [&] { arrearsReport(db, ArrearsQuery{}); });
    add(QStringLiteral("reconcile, a day"), [&] { reconcile(db, period(lastDay, lastDay)); });
    add(QStringLiteral("reconcile, a month"), [&] { reconcile(db, period(monthStart, lastDay)); });
    add(QStringLiteral("reconcile, a year"), [&] { reconcile(db, period(yearStart, lastDay)); });
    const ConsumptionGroup groups[] = {ConsumptionGroup::Meter, ConsumptionGroup::Room, ConsumptionGroup::Building,
                                       ConsumptionGroup::Utility};
    for (const ConsumptionGroup g : groups) {
        const QString gk = consumptionGroupKey(g);
        const auto cq = [g](QDate a, QDate b, Granularity gr) {
            ConsumptionQuery q;
            q.from = a;
            q.to = b;
            q.granularity = gr;
            q.group = g;
            return q;
        };
        add(QStringLiteral("consumption per %1, a month by day").arg(gk),
            [=, &db] { consumptionReport(db, cq(monthStart, lastDay, Granularity::Day)); });
        add(QStringLiteral("consumption per %1, a year by month").arg(gk),
            [=, &db] { consumptionReport(db, cq(yearStart, lastDay, Granularity::Month)); });
        add(QStringLiteral("consumption per %1, all years by year").arg(gk),
            [=, &db] { consumptionReport(db, cq(o.firstDay, lastDay, Granularity::Year)); });
    }
    const auto cmp = [&](QDate a, QDate b, CompareFigure f, ConsumptionGroup g) {
        CompareQuery q;
        q.period = period(a, b);
        q.figure = f;
        q.group = g;
        return q;
    };
    add(QStringLiteral("compare consumption per utility, a month"),
        [&] { compareReport(db, cmp(monthStart, lastDay, CompareFigure::Consumption, ConsumptionGroup::Utility)); });
    add(QStringLiteral("compare consumption per meter, a month"),
        [&] { compareReport(db, cmp(monthStart, lastDay, CompareFigure::Consumption, ConsumptionGroup::Meter)); });
    add(QStringLiteral("compare consumption per building, a year"),
        [&] { compareReport(db, cmp(yearStart, lastDay, CompareFigure::Consumption, ConsumptionGroup::Building)); });
    add(QStringLiteral("compare sales, a month"),
        [&] { compareReport(db, cmp(monthStart, lastDay, CompareFigure::Sales, ConsumptionGroup::Utility)); });
    add(QStringLiteral("compare sales, a year"),
        [&] { compareReport(db, cmp(yearStart, lastDay, CompareFigure::Sales, ConsumptionGroup::Utility)); });
    add(QStringLiteral("alarm history, a month"), [&] { alarmHistoryReport(db, period(monthStart, lastDay)); });
    add(QStringLiteral("alarm history, a year"), [&] { alarmHistoryReport(db, period(yearStart, lastDay)); });

    std::vector<Timing> over;
    if (runs == 0) // --runs 0: the readings only
        cases.clear();
    if (!only.isEmpty()) {
        std::erase_if(cases, [&](const auto& c) { return !c.first.contains(only); });
        samples = only.contains(QStringLiteral("readings")) ? samples : 0;
    }
    for (auto& [name, f] : cases) {
        Timing t{name, {}, {}};
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer e;
            const double cpu0 = threadCpuMs();
            e.start();
            f();
            t.ms.push_back(double(e.nsecsElapsed()) / 1e6);
            t.cpuMs.push_back(threadCpuMs() - cpu0);
        }
        printTiming(t, 1000.0);
        if (percentile(t.ms, 0.95) > 1000.0)
            over.push_back(t);
    }

    if (samples <= 0) {
        std::printf("\n%zu report(s) over 1 s at p95\n", over.size());
        return;
    }
    // One meter's month of raw readings (meter.readings' core), random meters and months,
    // all pages (the default page, 2,000, holds a month).
    Timing month{QStringLiteral("one meter's month of readings (meter.readings, one page)"), {}, {}};
    Rng r{2026};
    qint64 rows = 0;
    const int months = std::max(1, o.days / 31);
    for (int i = 0; i < samples; ++i) {
        const qint64 meter = 1 + r.below(o.meters);
        const QDate first = QDate(o.firstDay.year(), o.firstDay.month(), 1).addMonths(int(1 + r.below(std::max(1, months - 1))));
        const ReportPeriod p = period(first, first.addMonths(1).addDays(-1));
        QElapsedTimer e;
        const double cpu0 = threadCpuMs();
        e.start();
        MeterReadingsQuery q;
        q.meter = MeterId{meter};
        q.fromMs = p.startMs();
        q.toMs = p.endMs();
        for (;;) {
            const auto page = meterReadings(db, q);
            if (!page)
                die(QStringLiteral("meter %1 not found").arg(meter));
            rows += page->rows.size();
            if (!page->next)
                break;
            q.afterMs = page->next;
        }
        month.ms.push_back(double(e.nsecsElapsed()) / 1e6);
        month.cpuMs.push_back(threadCpuMs() - cpu0);
    }
    std::printf("\n%lld readings read in %d samples (%.0f a month)\n", qlonglong(rows), samples,
                double(rows) / double(std::max(1, samples)));
    std::printf("| %-58s | %3s | %9s | %9s | %9s | %5s | %9s | %9s |\n", "one meter's month (ratio = p95 / 10 ms)", "n", "p50", "p95",
                "max", "ratio", "cpu p50", "cpu p95");
    printTiming(month, 10.0);
    std::printf("\n%zu report(s) over 1 s at p95\n", over.size());
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOption({QStringLiteral("sqlite"), QStringLiteral("SQLite file (created by --load)"), QStringLiteral("file")});
    p.addOption({QStringLiteral("mysql"), QStringLiteral("MariaDB: mysql://root@localhost/db?socket=/path"), QStringLiteral("url")});
    p.addOption({QStringLiteral("meters"), QStringLiteral("meters (a tenth water)"), QStringLiteral("n"), QStringLiteral("5000")});
    p.addOption({QStringLiteral("years"), QStringLiteral("years of readings up to 2026-11-30"), QStringLiteral("n"), QStringLiteral("3")});
    p.addOption({QStringLiteral("runs"), QStringLiteral("runs of each report"), QStringLiteral("n"), QStringLiteral("5")});
    p.addOption({QStringLiteral("samples"), QStringLiteral("meter-months read"), QStringLiteral("n"), QStringLiteral("200")});
    p.addOption({QStringLiteral("load"), QStringLiteral("generate and load")});
    p.addOption({QStringLiteral("only"), QStringLiteral("time the reports whose name contains this"), QStringLiteral("text")});
    p.addOption({QStringLiteral("time"), QStringLiteral("time the reports")});
    p.addOption({QStringLiteral("rebuild-wallet-daily"), QStringLiteral("rebuild wallet_daily from the postings (again)")});
    p.addOption({QStringLiteral("fresh"), QStringLiteral("delete an existing SQLite file first")});
    p.addOption({QStringLiteral("days-only"),
                 QStringLiteral("the reports read the daily rollups alone, not the monthly ones (as before schema v7)")});
    p.addOption({QStringLiteral("verify"), QStringLiteral("recompute every rollup and fail on a mismatch (small runs)")});
    p.addHelpOption();
    p.process(app);

    Office o;
    o.meters = p.value(QStringLiteral("meters")).toInt();
    o.years = p.value(QStringLiteral("years")).toInt();
    if (o.meters < 10 || o.years < 1)
        die(QStringLiteral("--meters >= 10 and --years >= 1"));
    o.water = o.meters / 10;
    o.electric = o.meters - o.water;
    const QDate end(2026, 12, 1);
    o.firstDay = end.addYears(-o.years);
    o.days = int(o.firstDay.daysTo(end));
    const QTimeZone zone = report::defaultOfficeZone();
    o.startMs = QDateTime(o.firstDay, QTime(0, 0), zone).toMSecsSinceEpoch();
    if (zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(o.startMs, Qt::UTC)) != 8 * 3600 ||
        zone.offsetFromUtc(QDateTime(end, QTime(0, 0), zone)) != 8 * 3600)
        die(QStringLiteral("the office zone is not +08:00"));
    for (qint64 id = 1; id <= o.meters; ++id)
        o.specs.append(specOf(id, o));

    const bool load = p.isSet(QStringLiteral("load")) || !p.isSet(QStringLiteral("time"));
    const bool time = p.isSet(QStringLiteral("time")) || !p.isSet(QStringLiteral("load"));
    storage::DatabaseConfig c;
    if (p.isSet(QStringLiteral("sqlite"))) {
        c.backend = storage::DatabaseConfig::Backend::Sqlite;
        c.path = QFileInfo(p.value(QStringLiteral("sqlite"))).absoluteFilePath();
        if (load && p.isSet(QStringLiteral("fresh"))) {
            for (const char* suffix : {"", "-wal", "-shm", ".ledger-part"})
                QFile::remove(c.path + QLatin1String(suffix));
        }
        if (load && QFileInfo::exists(c.path))
            die(QStringLiteral("%1 exists: --load makes a new file").arg(c.path));
    } else if (p.isSet(QStringLiteral("mysql"))) {
        c = storage::DatabaseConfig::fromUrl(p.value(QStringLiteral("mysql")));
        c.allowNonDurable = true;
    } else {
        die(QStringLiteral("--sqlite FILE or --mysql URL"));
    }
    std::printf("office: %d meters (%d electricity, %d water), %d rooms, %s to %s (%d days)\n", o.meters, o.electric,
                o.water, o.electric, qPrintable(o.firstDay.toString(Qt::ISODate)),
                qPrintable(end.addDays(-1).toString(Qt::ISODate)), o.days);
    std::fflush(stdout);

    if (load) {
        QElapsedTimer all;
        all.start();
        {
            auto db = storage::Database::open(c);
            storage::Migrator::migrate(*db, meterdeskMigrations());
        }
        const bool sqlite = c.backend == storage::DatabaseConfig::Backend::Sqlite;
        const QString part = c.path + QStringLiteral(".ledger-part");
        const QString pipes = QDir::tempPath() + QStringLiteral("/md-scale-bench-%1").arg(::getpid());
        if (sqlite) {
            QFile::remove(part);
            auto db = storage::Database::open([&] {
                storage::DatabaseConfig pc = c;
                pc.path = part;
                return pc;
            }());
            storage::Migrator::migrate(*db, meterdeskMigrations());
        } else {
            QDir().mkpath(pipes);
            ::chmod(pipes.toLocal8Bit().constData(), 0755);
        }
        const auto makeTarget = [&](const QString& sqlitePath) -> std::unique_ptr<Target> {
            if (sqlite)
                return std::make_unique<SqliteTarget>(sqlitePath);
            return std::make_unique<MysqlTarget>(MysqlSettings{c.socket, c.user, c.database}, pipes);
        };
        std::unique_ptr<Target> target = makeTarget(c.path);
        target->beginLoad(true);
        Loader l{o, *target, report::defaultOfficeZone(), {}, {}};
        l.dayEndsPass();
        // The ledger in a thread of its own (its own connection; on SQLite its own file, merged
        // afterwards) while this one writes the readings.
        double ledgerSeconds = 0;
        std::thread ledgerThread([&] {
            QElapsedTimer lt;
            lt.start();
            {
                std::unique_ptr<Target> ledgerTarget = makeTarget(part);
                ledgerTarget->beginLoad(true);
                l.ledger(*ledgerTarget);
                ledgerTarget->endLoad(false);
            }
            ledgerSeconds = secondsSince(lt);
        });
        l.setup();
        l.readings();
        std::printf("readings: %lld rows, meter_daily: %lld rows in %.1f s (%.0f readings/s)\n", qlonglong(l.readingRows),
                    qlonglong(l.dailyRows), l.readingSeconds, double(l.readingRows) / l.readingSeconds);
        std::fflush(stdout);
        ledgerThread.join();
        std::printf("ledger thread done after %.1f s\n", ledgerSeconds);
        l.dayEnds.clear();
        l.dayEnds.shrink_to_fit();
        if (sqlite) {
            static_cast<SqliteTarget&>(*target).mergeFrom(part, {"transactions", "postings", "operation_log", "alarm_events",
                                                                 "relay_commands", "ledger_accounts", "meter_billing_state",
                                                                 "meter_runtime"});
            QFile::remove(part);
        }
        target->endLoad(true);
        target.reset();
        {
            // wallet_daily (schema v5) from the postings, as the Ledger would have kept it.
            QElapsedTimer w;
            w.start();
            auto db = storage::Database::open(c);
            rebuildWalletDaily(*db, report::defaultOfficeZone()); // and wallet_monthly from it
            std::printf("wallet_daily and wallet_monthly rebuilt from the postings in %.1f s\n", secondsSince(w));
            w.restart();
            rebuildMeterMonthly(*db);
            std::printf("meter_monthly rebuilt from meter_daily in %.1f s\n", secondsSince(w));
        }
        std::printf("loaded in %.1f s\n", secondsSince(all));
        if (c.backend == storage::DatabaseConfig::Backend::Sqlite)
            std::printf("file: %.2f GB\n", double(QFileInfo(c.path).size()) / 1e9);
        std::fflush(stdout);
    }
    auto db = storage::Database::open(c);
    if (!load) {
        // A database loaded by an older bench: brought to the current schema first (the v7
        // migration's backfill of the monthly rollups is timed here).
        const int before = storage::Migrator::currentVersion(*db);
        QElapsedTimer m;
        m.start();
        storage::Migrator::migrate(*db, meterdeskMigrations());
        const int after = storage::Migrator::currentVersion(*db);
        if (after != before)
            std::printf("migrated the schema from v%d to v%d in %.1f s\n", before, after, secondsSince(m));
        std::fflush(stdout);
    }
    if (p.isSet(QStringLiteral("rebuild-wallet-daily"))) {
        QElapsedTimer w;
        w.start();
        rebuildWalletDaily(*db, report::defaultOfficeZone());
        std::printf("wallet_daily rebuilt from the postings in %.1f s\n", secondsSince(w));
    }
    if (p.isSet(QStringLiteral("verify"))) {
        const report::RollupCheck check = report::verifyRollups(*db, report::defaultOfficeZone());
        std::printf("verify-rollups: %lld meters, %lld readings, %lld days, %lld mismatches\n", qlonglong(check.meters),
                    qlonglong(check.readings), qlonglong(check.days), qlonglong(check.mismatches.size()));
        for (const auto& m : check.mismatches.mid(0, 5))
            std::printf("  meter %lld %s: %s\n", qlonglong(m.meter), qPrintable(m.day), qPrintable(m.problem));
        if (!check.mismatches.isEmpty() || check.days == 0)
            return 1;
        const report::MonthlyRollupCheck months = report::verifyMonthlyRollups(*db);
        std::printf("verify monthly rollups: %lld meter-months, %lld account-months, %lld mismatches\n",
                    qlonglong(months.meterMonths), qlonglong(months.walletMonths), qlonglong(months.mismatches.size()));
        for (const auto& m : months.mismatches.mid(0, 5))
            std::printf("  %s %lld %s: %s\n", qPrintable(m.table), qlonglong(m.id), qPrintable(m.month), qPrintable(m.problem));
        if (!months.mismatches.isEmpty() || months.meterMonths == 0)
            return 1;
    }
    if (p.isSet(QStringLiteral("days-only"))) {
        report::setMonthlyRollupsUsed(false);
        std::printf("the reports read the daily rollups alone (--days-only)\n");
    }
    if (time)
        timeReports(*db, o, p.value(QStringLiteral("runs")).toInt(), p.value(QStringLiteral("samples")).toInt(),
                    p.value(QStringLiteral("only")));
    return 0;
}

// Prints how long a small committed write transaction takes (a counter bump and one row, the
// shape of a cashier's operation), on SQLite in a temporary file and on MySQL when a server
// is given. A program that prints figures, not a timed test.
//   storage_bench [count] [mysql://user:pw@host:port/db | env-file]
// Without a MySQL argument it uses the ctest fixture's env file when the server is up.
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace md::storage;

namespace {

const Migration kSchema{1,
                        "bench",
                        {"CREATE TABLE bench_rows (id {id}, at_ms {timestamp} NOT NULL, amount_fen {bigint} NOT NULL, "
                         "memo VARCHAR(191) NOT NULL) {table_options}",
                         "CREATE TABLE bench_counter (name VARCHAR(32) NOT NULL PRIMARY KEY, value {bigint} NOT NULL) "
                         "{table_options}",
                         "INSERT INTO bench_counter (name, value) VALUES ('receipt', 0)"}};

void run(const DatabaseConfig& config, int count)
{
    auto db = Database::open(config);
    Migrator::migrate(*db, std::span<const Migration>(&kSchema, 1));
    std::vector<double> us;
    us.reserve(std::size_t(count));
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < count; ++i) {
        QElapsedTimer t;
        t.start();
        TransactionGuard guard(*db);
        SqlQuery bump(*db, QStringLiteral("UPDATE bench_counter SET value = value + 1 WHERE name = 'receipt'"));
        bump.exec();
        SqlQuery insert(*db, QStringLiteral("INSERT INTO bench_rows (at_ms, amount_fen, memo) VALUES (?, ?, ?)"));
        insert.bind(QDateTime::currentMSecsSinceEpoch());
        insert.bind(qint64(10000 + i));
        insert.bind(QStringLiteral("充值 %1").arg(i));
        insert.exec();
        guard.commit();
        us.push_back(double(t.nsecsElapsed()) / 1000.0);
    }
    const double seconds = double(total.nsecsElapsed()) / 1e9;
    std::sort(us.begin(), us.end());
    const auto pct = [&](double p) { return us[std::min(us.size() - 1, std::size_t(p * double(us.size())))]; };
    std::printf("%-6s %5d commits: median %8.0f us, p95 %8.0f us, max %8.0f us, %7.0f commits/s  [%s]\n",
                config.backend == DatabaseConfig::Backend::Sqlite ? "sqlite" : "mysql", count, pct(0.5),
                pct(0.95), us.back(), double(count) / seconds, qPrintable(db->settings()));
}

// The fixture's env file (KEY=value lines) as a config for its admin database.
std::optional<DatabaseConfig> fromEnvFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    DatabaseConfig c;
    c.backend = DatabaseConfig::Backend::Mysql;
    for (const QByteArray& raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        const QString key = line.section(u'=', 0, 0);
        const QString value = line.section(u'=', 1);
        if (key == u"MD_TEST_MYSQL_HOST")
            c.host = value;
        else if (key == u"MD_TEST_MYSQL_PORT")
            c.port = value.toInt();
        else if (key == u"MD_TEST_MYSQL_USER")
            c.user = value;
        else if (key == u"MD_TEST_MYSQL_PASSWORD")
            c.password = value;
        else if (key == u"MD_TEST_MYSQL_DB")
            c.database = value;
    }
    return c;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int count = args.size() > 1 ? args[1].toInt() : 300;
    try {
        QTemporaryDir dir;
        DatabaseConfig lite;
        lite.path = dir.filePath(QStringLiteral("bench.db"));
        run(lite, count);

        const QString target = args.size() > 2 ? args[2] : QStringLiteral(MD_BINARY_DIR "/tests/mariadb/env");
        if (target.startsWith(u"mysql://")) {
            run(DatabaseConfig::fromUrl(target), count);
            return 0;
        }
        const std::optional<DatabaseConfig> server = fromEnvFile(target);
        if (!server) {
            std::printf("mysql: no server (start one: tests/tools/mariadb-fixture.sh start DIR, then pass DIR/env)\n");
            return 0;
        }
        // A database of its own on the scratch server, dropped again afterwards.
        auto admin = Database::open(*server);
        DatabaseConfig bench = *server;
        bench.database = QStringLiteral("md_bench_%1").arg(QCoreApplication::applicationPid());
        SqlQuery::execDirect(*admin, QStringLiteral("CREATE DATABASE %1 CHARACTER SET utf8mb4").arg(bench.database));
        try {
            run(bench, count);
        } catch (...) {
            SqlQuery::execDirect(*admin, QStringLiteral("DROP DATABASE %1").arg(bench.database));
            throw;
        }
        SqlQuery::execDirect(*admin, QStringLiteral("DROP DATABASE %1").arg(bench.database));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storage_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}

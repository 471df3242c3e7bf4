// Opening a database: the durability settings are in force on both backends, and a database
// that cannot give them is refused.
#include "storage/database.h"
#include "storage/sql_query.h"
#include "support/test_database.h"
#include "scratch_mariadb.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace md::storage;
using md::test::Backend;
using md::test::TestDatabase;

namespace {

QString readText(Database& db, const QString& sql)
{
    SqlQuery q(db, sql);
    q.exec();
    REQUIRE(q.next());
    return q.stringValue(0);
}

} // namespace

TEST_CASE("open puts the durability settings in force and reads them back", "[storage][database]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = tdb.open();
    CHECK(db->backend() == backend);
    CHECK(db->connection().isOpen());
    INFO(db->settings().toStdString());
    if (backend == Backend::Sqlite) {
        // Asked again on the same connection, independent of what open() read.
        CHECK(readText(*db, QStringLiteral("PRAGMA journal_mode")) == u"wal");
        CHECK(readText(*db, QStringLiteral("PRAGMA synchronous")) == u"2"); // FULL
        CHECK(readText(*db, QStringLiteral("PRAGMA foreign_keys")) == u"1");
        CHECK(readText(*db, QStringLiteral("PRAGMA busy_timeout")) == u"5000");
    } else {
        CHECK(readText(*db, QStringLiteral("SELECT @@GLOBAL.innodb_flush_log_at_trx_commit")) == u"1");
        const QString mode = readText(*db, QStringLiteral("SELECT @@SESSION.sql_mode"));
        CHECK(mode.contains(u"STRICT_ALL_TABLES"));
        CHECK(mode.contains(u"NO_ENGINE_SUBSTITUTION"));
        CHECK(readText(*db, QStringLiteral("SELECT @@SESSION.tx_isolation")) == u"REPEATABLE-READ");
        CHECK(readText(*db, QStringLiteral("SELECT @@SESSION.character_set_connection")) == u"utf8mb4");
        CHECK(readText(*db, QStringLiteral("SELECT @@SESSION.default_storage_engine")) == u"InnoDB");
        CHECK(readText(*db, QStringLiteral("SELECT @@SESSION.time_zone")) == u"+00:00");
        // A table made with the dialect's options is InnoDB with utf8mb4_bin.
        SqlQuery::execDirect(*db, db->dialect().expand(QStringLiteral("CREATE TABLE t (id {id}) {table_options}")));
        CHECK(readText(*db, QStringLiteral("SELECT CONCAT(ENGINE, ' ', TABLE_COLLATION) FROM information_schema.TABLES "
                                           "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'")) ==
              u"InnoDB utf8mb4_bin");
    }
}

TEST_CASE("each Database has its own connection and removes it when destroyed", "[storage][database]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    const int before = int(QSqlDatabase::connectionNames().size());
    QString name;
    {
        auto a = tdb.open();
        auto b = tdb.open();
        CHECK(a->connection().connectionName() != b->connection().connectionName());
        CHECK(int(QSqlDatabase::connectionNames().size()) == before + 2);
        name = a->connection().connectionName();
        // Moving hands the connection over; the moved-from object owns nothing.
        Database moved(std::move(*a));
        CHECK(moved.connection().connectionName() == name);
        CHECK(int(QSqlDatabase::connectionNames().size()) == before + 2);
    }
    CHECK(int(QSqlDatabase::connectionNames().size()) == before);
    CHECK_FALSE(QSqlDatabase::contains(name));
}

TEST_CASE("a SQLite file that cannot be opened is refused with a clear message", "[storage][database]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const qsizetype connectionsBefore = QSqlDatabase::connectionNames().size();
    DatabaseConfig c;
    c.backend = Backend::Sqlite;

    SECTION("a folder that does not exist")
    {
        c.path = dir.filePath(QStringLiteral("missing/sub/md.db"));
        try {
            Database::open(c);
            FAIL("opened");
        } catch (const StorageError& e) {
            CHECK(e.message().contains(c.path));
        }
    }
    SECTION("a file that is not a database")
    {
        c.path = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(c.path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        CHECK_THROWS_AS(Database::open(c), StorageError);
    }
    // Either way no connection is left behind in Qt's registry.
    CHECK(QSqlDatabase::connectionNames().size() == connectionsBefore);
}

TEST_CASE("a MySQL server that cannot be reached or refuses the login is refused", "[storage][database][mysql]")
{
    MD_MYSQL_ONLY();
    const md::test::MysqlServer server = md::test::fixtureServer();
    DatabaseConfig c = server.config(server.database);
    c.password = QStringLiteral("secret-wrong-password");
    try {
        Database::open(c);
        FAIL("opened with a wrong password");
    } catch (const StorageError& e) {
        CHECK(e.message().contains(u"Cannot open the database"));
        CHECK_FALSE(e.message().contains(u"secret-wrong-password"));
    }
}

TEST_CASE("a MySQL server that does not flush each commit to disk is refused", "[storage][database][mysql]")
{
    MD_MYSQL_ONLY();
    // On a private server: SET GLOBAL on the shared fixture server would make every other test
    // that opens a database at that moment fail.
    md::test::ScratchMariadb scratch;
    const md::test::MysqlServer server = scratch.server();
    const DatabaseConfig c = server.config(server.database);
    auto admin = Database::open(c);
    SqlQuery::execDirect(*admin, QStringLiteral("SET GLOBAL innodb_flush_log_at_trx_commit = 2"));
    try {
        Database::open(c);
        FAIL("a non-durable server was accepted");
    } catch (const StorageError& e) {
        CHECK(e.message().contains(u"innodb_flush_log_at_trx_commit=2"));
    }
    DatabaseConfig relaxed = c;
    relaxed.allowNonDurable = true;
    CHECK_NOTHROW(Database::open(relaxed));

    SqlQuery::execDirect(*admin, QStringLiteral("SET GLOBAL innodb_flush_log_at_trx_commit = 1"));
    CHECK_NOTHROW(Database::open(c));
}

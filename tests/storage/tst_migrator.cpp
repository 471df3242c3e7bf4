// Schema versions: applied once and in order, refused when newer than the code, and a
// migration that fails leaves a state that is either the old version (SQLite, and MySQL when
// nothing ran) or loudly marked as half-applied (MySQL, whose DDL commits implicitly).
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "support/test_database.h"

#include <catch2/catch.hpp>

using namespace md::storage;
using md::test::Backend;
using md::test::TestDatabase;

namespace {

const Migration kPeople{1,
                        "people",
                        {"CREATE TABLE people (id {id}, name VARCHAR(191) NOT NULL UNIQUE, born_at {timestamp} NULL, "
                         "note {text} NULL, photo {blob} NULL) {table_options}",
                         "INSERT INTO people (name) VALUES ('管理员')"}};
const Migration kCounters{2,
                          "counters",
                          {"CREATE TABLE counters (name VARCHAR(64) NOT NULL PRIMARY KEY, value {bigint} NOT NULL) "
                           "{table_options}",
                           "INSERT INTO counters (name, value) VALUES ('receipt', 0)"}};
const Migration kPhone{3, "people.phone", {"ALTER TABLE people ADD COLUMN phone VARCHAR(32) NULL"}};

qint64 count(Database& db, const char* table)
{
    return SqlQuery(db, QStringLiteral("SELECT COUNT(*) FROM ") + QString::fromLatin1(table)).scalarInt();
}

bool tableExists(Database& db, const char* table)
{
    SqlQuery q(db, db.dialect().tableExistsQuery());
    q.bind(QString::fromLatin1(table));
    return q.scalarInt() > 0;
}

} // namespace

TEST_CASE("migrations are applied once, in order, and reopening changes nothing", "[storage][migrator]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    const std::vector<Migration> two{kPeople, kCounters};
    {
        auto db = tdb.open();
        CHECK(Migrator::currentVersion(*db) == 0);
        Migrator::migrate(*db, two);
        CHECK(Migrator::currentVersion(*db) == 2);
        CHECK(count(*db, "people") == 1);
        CHECK(count(*db, "counters") == 1);
        SqlQuery rows(*db, QStringLiteral("SELECT version, description, complete, applied_at FROM schema_version ORDER BY version"));
        rows.exec();
        REQUIRE(rows.next());
        CHECK(rows.intValue(0) == 1);
        CHECK(rows.stringValue(1) == u"people");
        CHECK(rows.intValue(2) == 1);
        CHECK(rows.intValue(3) > 1'600'000'000'000); // ms since the epoch, after 2020
        REQUIRE(rows.next());
        CHECK(rows.intValue(0) == 2);
        CHECK_FALSE(rows.next());
    }
    {
        // Reopened: nothing runs again (the seed INSERTs would add a second row or fail).
        auto db = tdb.open();
        Migrator::migrate(*db, two);
        CHECK(Migrator::currentVersion(*db) == 2);
        CHECK(count(*db, "people") == 1);
        CHECK(count(*db, "schema_version") == 2);
        // A newer program adds version 3 only.
        Migrator::migrate(*db, std::vector<Migration>{kPeople, kCounters, kPhone});
        CHECK(Migrator::currentVersion(*db) == 3);
        SqlQuery phone(*db, QStringLiteral("SELECT COUNT(*) FROM people WHERE phone IS NULL"));
        CHECK(phone.scalarInt() == 1);
    }
}

TEST_CASE("a database newer than the code is refused", "[storage][migrator]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = tdb.open();
    Migrator::migrate(*db, std::vector<Migration>{kPeople, kCounters, kPhone});
    try {
        Migrator::migrate(*db, std::vector<Migration>{kPeople, kCounters});
        FAIL("an older program migrated a newer database");
    } catch (const StorageError& e) {
        CHECK(e.message().contains(u"schema version 3"));
        CHECK(e.message().contains(u"up to 2"));
    }
    CHECK(Migrator::currentVersion(*db) == 3);
    CHECK(count(*db, "schema_version") == 3);
}

TEST_CASE("a migration list with a gap or a repeat is refused before anything is written", "[storage][migrator]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = tdb.open();
    Migration again = kCounters;
    again.version = 1;
    CHECK_THROWS_AS(Migrator::migrate(*db, std::vector<Migration>{kPeople, kPhone}), StorageError);  // 1, 3
    CHECK_THROWS_AS(Migrator::migrate(*db, std::vector<Migration>{kPeople, again}), StorageError);   // 1, 1
    CHECK_THROWS_AS(Migrator::migrate(*db, std::vector<Migration>{kCounters}), StorageError);        // starts at 2
    CHECK_FALSE(tableExists(*db, "schema_version"));
    CHECK_FALSE(tableExists(*db, "people"));
}

TEST_CASE("a migration that fails half-way is rolled back or marked as half-applied", "[storage][migrator]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    const Migration broken{2,
                           "broken",
                           {"CREATE TABLE extra (id {id}) {table_options}",
                            "INSERT INTO no_such_table (x) VALUES (1)"}};
    {
        auto db = tdb.open();
        Migrator::migrate(*db, std::vector<Migration>{kPeople});
        CHECK_THROWS_AS(Migrator::migrate(*db, std::vector<Migration>{kPeople, broken}), StorageError);
    }
    auto db = tdb.open();
    if (backend == Backend::Sqlite) {
        // DDL is transactional: the migration is not there at all.
        CHECK(Migrator::currentVersion(*db) == 1);
        CHECK_FALSE(tableExists(*db, "extra"));
        Migrator::migrate(*db, std::vector<Migration>{kPeople, kCounters});
        CHECK(Migrator::currentVersion(*db) == 2);
    } else {
        // CREATE TABLE committed on its own: the database says so and is refused until a
        // person restores it.
        CHECK(tableExists(*db, "extra"));
        try {
            Migrator::migrate(*db, std::vector<Migration>{kPeople, kCounters});
            FAIL("a half-migrated database was accepted");
        } catch (const StorageError& e) {
            CHECK(e.message().contains(u"Migration 2 (broken)"));
            CHECK(e.message().contains(u"did not finish"));
        }
        CHECK_THROWS_AS(Migrator::currentVersion(*db), StorageError);
    }
}

TEST_CASE("a migration whose first statement fails leaves the old version usable", "[storage][migrator]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    const Migration broken{2, "broken first", {"INSERT INTO no_such_table (x) VALUES (1)"}};
    auto db = tdb.open();
    Migrator::migrate(*db, std::vector<Migration>{kPeople});
    CHECK_THROWS_AS(Migrator::migrate(*db, std::vector<Migration>{kPeople, broken}), StorageError);
    CHECK(Migrator::currentVersion(*db) == 1);
    CHECK(count(*db, "schema_version") == 1);
    Migrator::migrate(*db, std::vector<Migration>{kPeople, kCounters});
    CHECK(Migrator::currentVersion(*db) == 2);
}

namespace {

int g_afterRuns = 0;
bool g_afterThrows = false;

// A data step after the statements: counts its runs, adds a row, or fails after adding it.
void afterCounters(Database& db)
{
    ++g_afterRuns;
    SqlQuery::execDirect(db, QStringLiteral("INSERT INTO counters (name, value) VALUES ('after', 1)"));
    if (g_afterThrows)
        throw StorageError(QStringLiteral("after step failed"));
}

} // namespace

TEST_CASE("a migration's after step runs once in its transaction and a failure rolls it back", "[storage][migrator]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = tdb.open();
    Migration counters = kCounters;
    counters.after = &afterCounters;
    g_afterRuns = 0;
    g_afterThrows = false;
    Migrator::migrate(*db, std::vector<Migration>{kPeople, counters});
    Migrator::migrate(*db, std::vector<Migration>{kPeople, counters});
    CHECK(g_afterRuns == 1);
    CHECK(count(*db, "counters") == 2);
    CHECK(Migrator::currentVersion(*db) == 2);

    // A failing step: the migration is not marked complete, and on SQLite nothing is left.
    Migration phone = kPhone;
    phone.after = &afterCounters;
    g_afterThrows = true;
    CHECK_THROWS_AS(Migrator::migrate(*db, std::vector<Migration>{kPeople, counters, phone}), StorageError);
    g_afterThrows = false;
    if (backend == Backend::Sqlite) {
        CHECK(Migrator::currentVersion(*db) == 2);
        CHECK(count(*db, "counters") == 2); // the step's row went with the rollback
    } else {
        CHECK_THROWS_AS(Migrator::currentVersion(*db), StorageError); // marked half-applied
    }
}

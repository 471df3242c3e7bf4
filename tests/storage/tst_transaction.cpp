// TransactionGuard: what is committed is there for every connection; what is not committed —
// left early, thrown out of, or interrupted by a failed statement — leaves nothing.
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "storage_test_schema.h"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace md::storage;
using md::test::Backend;
using md::test::TestDatabase;

namespace {

void insertItem(Database& db, const QString& name, qint64 fen)
{
    SqlQuery q(db, QStringLiteral("INSERT INTO items (name, amount_fen) VALUES (?, ?)"));
    q.bind(name);
    q.bind(fen);
    q.exec();
}

qint64 itemCount(Database& db)
{
    return SqlQuery(db, QStringLiteral("SELECT COUNT(*) FROM items")).scalarInt();
}

} // namespace

TEST_CASE("a committed transaction is seen by another connection", "[storage][transaction]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto writer = md::test::openItems(tdb);
    auto reader = tdb.open();
    {
        TransactionGuard guard(*writer);
        CHECK(writer->inTransaction());
        insertItem(*writer, QStringLiteral("a"), 100);
        insertItem(*writer, QStringLiteral("b"), -100);
        guard.commit();
        CHECK_FALSE(guard.isActive());
        CHECK_FALSE(writer->inTransaction());
    }
    CHECK(itemCount(*reader) == 2);
    // The two postings sum to zero: 100 + (-100) = 0 fen.
    CHECK(SqlQuery(*reader, QStringLiteral("SELECT COALESCE(SUM(amount_fen), 0) FROM items")).scalarInt() == 0);
}

TEST_CASE("a guard that is not committed rolls back", "[storage][transaction]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    auto other = tdb.open();

    SECTION("left without commit")
    {
        {
            TransactionGuard guard(*db);
            insertItem(*db, QStringLiteral("a"), 1);
            CHECK(itemCount(*db) == 1); // visible inside the transaction
        }
        CHECK_FALSE(db->inTransaction());
    }
    SECTION("left by an exception")
    {
        const auto operation = [&] {
            TransactionGuard guard(*db);
            insertItem(*db, QStringLiteral("a"), 1);
            insertItem(*db, QStringLiteral("b"), 2);
            throw std::runtime_error("the printer is out of paper");
        };
        CHECK_THROWS_WITH(operation(), "the printer is out of paper");
    }
    SECTION("rolled back explicitly")
    {
        TransactionGuard guard(*db);
        insertItem(*db, QStringLiteral("a"), 1);
        guard.rollback();
        CHECK_FALSE(guard.isActive());
        CHECK_THROWS_AS(guard.commit(), StorageError);
    }
    CHECK(itemCount(*db) == 0);
    CHECK(itemCount(*other) == 0);
    // The connection is usable again afterwards.
    TransactionGuard next(*db);
    insertItem(*db, QStringLiteral("c"), 3);
    next.commit();
    CHECK(itemCount(*other) == 1);
}

TEST_CASE("a failed statement inside a guard leaves nothing written", "[storage][transaction]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    insertItem(*db, QStringLiteral("existing"), 5); // autocommit, outside any guard

    SECTION("a duplicate key")
    {
        try {
            TransactionGuard guard(*db);
            insertItem(*db, QStringLiteral("new 1"), 10);
            SqlQuery(*db, QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = 'receipt'")).exec();
            insertItem(*db, QStringLiteral("existing"), 20); // UNIQUE(name)
            guard.commit();
            FAIL("the duplicate was accepted");
        } catch (const StorageError& e) {
            CHECK(e.isUniqueViolation());
            CHECK_FALSE(e.isRetryable());
            CHECK(e.message().contains(u"INSERT INTO items"));
        }
    }
    SECTION("a NULL in a NOT NULL column")
    {
        try {
            TransactionGuard guard(*db);
            insertItem(*db, QStringLiteral("new 1"), 10);
            SqlQuery(*db, QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = 'receipt'")).exec();
            SqlQuery q(*db, QStringLiteral("INSERT INTO items (name, amount_fen) VALUES (?, ?)"));
            q.bind(QStringLiteral("new 2"));
            q.bind(QVariant(QMetaType(QMetaType::LongLong)));
            q.exec();
            guard.commit();
            FAIL("the NULL was accepted");
        } catch (const StorageError& e) {
            CHECK(e.kind() == StorageError::Kind::Constraint);
        }
    }
    // Only the row from before; the counter was not moved: 0.
    CHECK(itemCount(*db) == 1);
    CHECK(SqlQuery(*db, QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'")).scalarInt() == 0);
}

TEST_CASE("transactions do not nest", "[storage][transaction]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    TransactionGuard outer(*db);
    insertItem(*db, QStringLiteral("a"), 1);
    CHECK_THROWS_AS(TransactionGuard(*db), StorageError);
    // The refused inner guard did not end the outer transaction.
    CHECK(db->inTransaction());
    outer.commit();
    CHECK(itemCount(*db) == 1);
}

TEST_CASE("a writer blocked past the lock timeout gets a retryable error", "[storage][transaction]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto first = md::test::openItems(tdb);
    auto second = tdb.open();
    // Shorten the wait so the test takes about a second (the product keeps 5 s / 50 s).
    if (backend == Backend::Sqlite)
        SqlQuery::execDirect(*second, QStringLiteral("PRAGMA busy_timeout = 200"));
    else
        SqlQuery::execDirect(*second, QStringLiteral("SET SESSION innodb_lock_wait_timeout = 1"));

    TransactionGuard holding(*first);
    SqlQuery lock(*first, QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'") + first->dialect().forUpdate());
    CHECK(lock.scalarInt() == 0);
    SqlQuery(*first, QStringLiteral("UPDATE counters SET value = 1 WHERE name = 'receipt'")).exec();
    try {
        // SQLite: BEGIN IMMEDIATE itself waits for the write lock. MySQL: the row lock.
        TransactionGuard waiting(*second);
        SqlQuery(*second, QStringLiteral("UPDATE counters SET value = 2 WHERE name = 'receipt'")).exec();
        waiting.commit();
        FAIL("the second writer did not wait for the first");
    } catch (const StorageError& e) {
        CHECK(e.isRetryable());
    }
    CHECK_FALSE(second->inTransaction());
    holding.commit();
    CHECK(SqlQuery(*second, QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'")).scalarInt() == 1);
}

// Two writers, each with its own connection in its own thread, increment one counter row
// 500 times each. This is how receipt numbers are allocated: a locked read and an update of
// the counter row inside the operation's write transaction, the whole transaction retried
// when the database reports a deadlock, a lock timeout or busy (isRetryable()). Every number
// must be handed out exactly once: 1..1000, no gaps, no repeats.
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "storage_test_schema.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

using namespace md::storage;
using md::test::TestDatabase;

namespace {

struct WriterResult
{
    std::vector<qint64> numbers;
    int retries = 0;
    std::string error; // Catch2 assertions are not thread-safe: report back, check in the test
};

qint64 allocateNumber(Database& db)
{
    SqlQuery read(db, QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'") + db.dialect().forUpdate());
    const qint64 next = read.scalarInt() + 1;
    SqlQuery write(db, QStringLiteral("UPDATE counters SET value = ? WHERE name = 'receipt'"));
    write.bind(next);
    write.exec();
    return next;
}

void writer(const md::storage::DatabaseConfig& config, int count, WriterResult& out)
{
    try {
        auto db = Database::open(config); // owned by this thread
        for (int i = 0; i < count; ++i) {
            for (;;) {
                try {
                    TransactionGuard guard(*db);
                    const qint64 n = allocateNumber(*db);
                    guard.commit();
                    out.numbers.push_back(n);
                    break;
                } catch (const StorageError& e) {
                    if (!e.isRetryable() || ++out.retries > 10000)
                        throw;
                }
            }
        }
    } catch (const std::exception& e) {
        out.error = e.what();
    }
}

} // namespace

TEST_CASE("two concurrent writers allocate 1000 numbers, each exactly once", "[storage][concurrency]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    md::test::openItems(tdb);

    constexpr int kEach = 500;
    WriterResult a;
    WriterResult b;
    QElapsedTimer timer;
    timer.start();
    std::thread ta(writer, std::cref(tdb.config()), kEach, std::ref(a));
    std::thread tb(writer, std::cref(tdb.config()), kEach, std::ref(b));
    ta.join();
    tb.join();
    const qint64 ms = timer.elapsed();
    std::cout << "concurrency (" << md::test::backendName(backend).toStdString() << "): 2 x " << kEach
              << " write transactions in " << ms << " ms, " << (a.retries + b.retries) << " retries\n";

    REQUIRE(a.error.empty());
    REQUIRE(b.error.empty());
    CHECK(a.numbers.size() == kEach);
    CHECK(b.numbers.size() == kEach);
    auto check = tdb.open();
    CHECK(SqlQuery(*check, QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'")).scalarInt() == 2 * kEach);

    std::vector<qint64> all = a.numbers;
    all.insert(all.end(), b.numbers.begin(), b.numbers.end());
    std::sort(all.begin(), all.end());
    std::vector<qint64> expected(2 * kEach);
    for (int i = 0; i < 2 * kEach; ++i)
        expected[std::size_t(i)] = i + 1;
    CHECK(all == expected);
    // Each writer saw its own numbers in increasing order.
    CHECK(std::is_sorted(a.numbers.begin(), a.numbers.end()));
    CHECK(std::is_sorted(b.numbers.begin(), b.numbers.end()));
}

namespace {

// Both threads arrive, or the wait gives up after a deadline (a failed test, not a hang).
class Rendezvous
{
public:
    bool arriveAndWait()
    {
        std::unique_lock lock(m_mutex);
        ++m_arrived;
        m_cv.notify_all();
        return m_cv.wait_for(lock, std::chrono::seconds(20), [this] { return m_arrived >= 2; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    int m_arrived = 0;
};

struct DeadlockSide
{
    int retries = 0;
    bool committed = false;
    std::string error;
};

void lockRow(Database& db, const char* name)
{
    SqlQuery q(db, QStringLiteral("SELECT value FROM counters WHERE name = ?") + db.dialect().forUpdate());
    q.bind(QString::fromLatin1(name));
    q.scalarInt();
}

// Locks `first`, meets the other thread (which holds `second`), then wants `second`: a lock
// cycle that InnoDB breaks by rolling one transaction back with 1213.
void deadlockSide(const DatabaseConfig& config, const char* first, const char* second, Rendezvous& meet,
                  DeadlockSide& out)
{
    try {
        auto db = Database::open(config);
        for (bool firstAttempt = true;; firstAttempt = false) {
            try {
                TransactionGuard guard(*db);
                lockRow(*db, first);
                if (firstAttempt && !meet.arriveAndWait())
                    throw std::runtime_error("the other thread did not take its lock");
                lockRow(*db, second);
                SqlQuery bump(*db, QStringLiteral("UPDATE counters SET value = value + 1 WHERE name IN ('a', 'b')"));
                bump.exec();
                guard.commit();
                out.committed = true;
                return;
            } catch (const StorageError& e) {
                if (!e.isRetryable() || ++out.retries > 5)
                    throw;
            }
        }
    } catch (const std::exception& e) {
        out.error = e.what();
    }
}

} // namespace

TEST_CASE("a MySQL deadlock is retryable and the retried transaction commits", "[storage][concurrency][mysql]")
{
    // SQLite cannot deadlock here: BEGIN IMMEDIATE lets one writer in at a time, so the second
    // thread would wait at BEGIN and never take its first lock.
    MD_MYSQL_ONLY();
    TestDatabase tdb(md::test::Backend::Mysql);
    {
        auto db = md::test::openItems(tdb);
        SqlQuery::execDirect(*db, QStringLiteral("INSERT INTO counters (name, value) VALUES ('a', 0), ('b', 0)"));
    }
    Rendezvous meet;
    DeadlockSide one;
    DeadlockSide two;
    std::thread t1(deadlockSide, std::cref(tdb.config()), "a", "b", std::ref(meet), std::ref(one));
    std::thread t2(deadlockSide, std::cref(tdb.config()), "b", "a", std::ref(meet), std::ref(two));
    t1.join();
    t2.join();
    REQUIRE(one.error.empty());
    REQUIRE(two.error.empty());
    CHECK(one.committed);
    CHECK(two.committed);
    // Exactly one victim, retried once.
    CHECK(one.retries + two.retries == 1);
    // Both increments landed: 0 + 1 + 1 = 2 on each row.
    auto check = tdb.open();
    CHECK(SqlQuery(*check, QStringLiteral("SELECT SUM(value) FROM counters WHERE name IN ('a', 'b')")).scalarInt() == 4);
}

// Ledger operations join a transaction the caller already holds: committed with it, or gone
// with its rollback — no posting, no receipt number, no operation-log record.

#include "collection_fixture.h"

#include "storage/transaction_guard.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

TEST_CASE("A ledger operation inside a rolled-back transaction leaves no trace", "[collection][ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100"); // receipt 1, log records 1-2
    const qint64 logBefore = f.scalar(QStringLiteral("SELECT COUNT(*) FROM operation_log"));
    const qint64 postingsBefore = f.scalar(QStringLiteral("SELECT COUNT(*) FROM postings"));
    {
        storage::TransactionGuard guard(f.db());
        const TransactionResult r = f.ledger.recharge(
            {QStringLiteral("joined-1"), a, Utility::Electricity, Channel::Cash, OperatorId{1}, Money::fromFen(5000), Money(), {}, {}});
        CHECK(r.receiptNo == 2);
        CHECK(r.balanceAfter == Money::fromFen(15000));
        const TransactionResult d = f.ledger.deduct(
            {QStringLiteral("joined-2"), a, Utility::Electricity, MeterId{1}, Money::fromFen(300), QByteArrayLiteral("{}")});
        CHECK(d.balanceAfter == Money::fromFen(14700));
        // Inside the transaction a replay of the key is seen.
        CHECK(f.ledger.deduct({QStringLiteral("joined-2"), a, Utility::Electricity, MeterId{1}, Money::fromFen(300),
                               QByteArrayLiteral("{}")})
                  .replayed);
        guard.rollback();
    }
    CHECK(f.balance(a) == Money::fromFen(10000));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM operation_log")) == logBefore);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM postings")) == postingsBefore);
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE idem_key LIKE 'joined-%'")) == 0);
    CHECK(f.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'")) == 1);
    CHECK(f.ledger.verify().isEmpty());
    // The receipt number that was rolled back is issued again: no gap.
    const TransactionResult next = f.ledger.recharge(
        {QStringLiteral("after"), a, Utility::Electricity, Channel::Cash, OperatorId{1}, Money::fromFen(100), Money(), {}, {}});
    CHECK(next.receiptNo == 2);
}

TEST_CASE("A ledger operation inside a committed transaction commits with it", "[collection][ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"100");
    {
        storage::TransactionGuard guard(f.db());
        f.ledger.deduct({QStringLiteral("joined-1"), a, Utility::Electricity, MeterId{1}, Money::fromFen(250), QByteArrayLiteral("{}")});
        guard.commit();
    }
    CHECK(f.balance(a) == Money::fromFen(9750));
    CHECK(f.scalar(QStringLiteral("SELECT COUNT(*) FROM operation_log WHERE action = 'deduct'")) == 1);
    // Outside any transaction the key replays as before.
    CHECK(f.ledger.deduct({QStringLiteral("joined-1"), a, Utility::Electricity, MeterId{1}, Money::fromFen(250),
                           QByteArrayLiteral("{}")})
              .replayed);
    CHECK(f.ledger.verify().isEmpty());
}

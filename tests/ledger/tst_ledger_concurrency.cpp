// Two front desks at the same moment: two threads, each with its own database connection,
// recharging the same account. Each recharge lands exactly once, keys shared by both desks
// (a retried request reaching the service twice) credit once, and receipt numbers run 1..n.

#include "ledger_fixture.h"

#include "ledger/ledger.h"
#include "storage/database.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QSqlQuery>

#include <atomic>
#include <thread>

using namespace md;
using namespace md::test;

TEST_CASE("Concurrent recharges from two connections each land exactly once", "[ledger][concurrency][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    LedgerFixture f(backend);
    SystemClock clock;
    Ledger main(f.db(), clock);
    const AccountId a = main.openAccount({QStringLiteral("open"), QStringLiteral("9-901"), QStringLiteral("李四"), {}, OperatorId{1}}).account;

    constexpr int kPerDesk = 150;
    std::atomic<int> failures{0};
    QStringList errors[2];
    auto desk = [&](int deskNo) {
        try {
            auto db = storage::Database::open(f.config());
            // (each desk has its own connection, opened and used in its own thread)
            Ledger ledger(*db, clock);
            for (int i = 0; i < kPerDesk; ++i) {
                // Every third key is shared by both desks: the same operation sent twice.
                const QString key = i % 3 == 0 ? QStringLiteral("shared-%1").arg(i)
                                               : QStringLiteral("desk%1-%2").arg(deskNo).arg(i);
                ledger.recharge({key, a, Utility::Electricity, Channel::Cash, OperatorId{10},
                                 Money::fromFen(100 + i), {}, {}, {}});
            }
        } catch (const std::exception& e) {
            ++failures;
            errors[deskNo].append(QString::fromUtf8(e.what()));
        }
    };
    std::thread t0(desk, 0), t1(desk, 1);
    t0.join();
    t1.join();
    INFO(errors[0].join(u'\n').toStdString() << errors[1].join(u'\n').toStdString());
    REQUIRE(failures == 0);

    // Shared keys i = 0, 3, ..., 147 (50 keys) once; the other 100 per desk twice over.
    qint64 expected = 0;
    int count = 0;
    for (int i = 0; i < kPerDesk; ++i) {
        expected += (100 + i) * (i % 3 == 0 ? 1 : 2);
        count += i % 3 == 0 ? 1 : 2;
    }
    CHECK(main.walletBalance(a, Utility::Electricity).fen() == expected);
    QSqlQuery q(f.db().connection());
    REQUIRE(q.exec(QStringLiteral("SELECT COUNT(*), MIN(receipt_no), MAX(receipt_no), COUNT(DISTINCT receipt_no) "
                                  "FROM transactions WHERE kind = 'recharge'")));
    REQUIRE(q.next());
    CHECK(q.value(0).toInt() == count);
    CHECK(q.value(1).toInt() == 1);
    CHECK(q.value(2).toInt() == count);
    CHECK(q.value(3).toInt() == count);
    CHECK(main.verify().isEmpty());
}

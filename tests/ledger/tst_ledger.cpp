// The ledger's operations, one by one, with hand-computed amounts, on SQLite and MariaDB.

#include "ledger_fixture.h"

#include "audit/operation_log.h"
#include "ledger/ledger.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QSqlQuery>

using namespace md;
using namespace md::test;

namespace {

const OperatorId kCashier{7};
const OperatorId kManager{2};

Money yuan(const char16_t* text)
{
    return *Money::parseYuan(text);
}

struct Books
{
    explicit Books(Backend backend)
        : fixture(backend)
        , clock(QDateTime(QDate(2025, 3, 1), QTime(9, 0), Qt::UTC))
        , ledger(fixture.db(), clock)
    {
    }
    AccountId open(const QString& code)
    {
        return ledger.openAccount({QStringLiteral("open-") + code, code, QStringLiteral("张三"), QStringLiteral("13800000000"), kCashier})
            .account;
    }
    TransactionResult recharge(const QString& key, AccountId a, const char16_t* paid, const char16_t* fee = u"0",
                               Utility u = Utility::Electricity)
    {
        return ledger.recharge({key, a, u, Channel::Cash, kCashier, yuan(paid), yuan(fee), {}, {}});
    }
    qint64 scalar(const QString& sql)
    {
        QSqlQuery q(fixture.db().connection());
        REQUIRE(q.exec(sql));
        REQUIRE(q.next());
        return q.value(0).toLongLong();
    }
    LedgerFixture fixture;
    ManualClock clock;
    Ledger ledger;
};

} // namespace

TEST_CASE("A recharge credits the wallet, the cashier's takings and the fee revenue", "[ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    Books b(backend);
    const AccountId a = b.open(QStringLiteral("1-101"));
    // Paid 100.00 with a 1.50 service fee: the wallet gets 98.50.
    const TransactionResult r = b.recharge(QStringLiteral("k1"), a, u"100.00", u"1.50");
    CHECK(r.receiptNo == 1);
    CHECK(r.amount.fen() == 10000);
    CHECK(r.balanceBefore.fen() == 0);
    CHECK(r.balanceAfter.fen() == 9850);
    CHECK(b.ledger.walletBalance(a, Utility::Electricity).fen() == 9850);
    CHECK(b.ledger.accountSum(LedgerAccountRef::takings(Channel::Cash, kCashier)).fen() == 10000);
    CHECK(b.ledger.accountSum(LedgerAccountRef::feeRevenue()).fen() == -150);
    CHECK(b.ledger.walletBalance(a, Utility::Water).fen() == 0);
    const QList<Posting> postings = b.ledger.postingsOf(r.id);
    REQUIRE(postings.size() == 3);
    Money sum;
    for (const Posting& p : postings)
        sum += p.amount;
    CHECK(sum.isZero());
    CHECK(b.ledger.verify().isEmpty());
}

TEST_CASE("Deductions may take a wallet into arrears, refunds may not", "[ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    Books b(backend);
    const AccountId a = b.open(QStringLiteral("1-102"));
    b.recharge(QStringLiteral("k1"), a, u"10.00");
    const auto d = b.ledger.deduct({QStringLiteral("d1"), a, Utility::Electricity, MeterId{3}, yuan(u"12.34"), "{}"});
    CHECK(d.balanceAfter.fen() == -234); // 10.00 - 12.34 = -2.34
    CHECK(d.receiptNo == 0);
    CHECK(b.ledger.accountSum(LedgerAccountRef::revenue(Utility::Electricity)).fen() == -1234);
    try {
        b.ledger.refund({QStringLiteral("r1"), a, Utility::Electricity, Channel::Cash, kCashier, yuan(u"0.01"), {}});
        FAIL("refund out of arrears accepted");
    } catch (const LedgerRuleError& e) {
        CHECK(e.code() == LedgerRuleError::Code::InsufficientBalance);
    }
    b.recharge(QStringLiteral("k2"), a, u"50.00");
    const auto r = b.ledger.refund({QStringLiteral("r2"), a, Utility::Electricity, Channel::WeChat, kCashier, yuan(u"47.66"), {}});
    CHECK(r.balanceAfter.fen() == 0); // -2.34 + 50.00 - 47.66
    CHECK(r.receiptNo == 3);
    CHECK(b.ledger.accountSum(LedgerAccountRef::refunds(Channel::WeChat, kCashier)).fen() == -4766);
}

TEST_CASE("Bad amounts, unknown and closed accounts and the balance cap are refused with nothing written",
          "[ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    Books b(backend);
    const AccountId a = b.open(QStringLiteral("1-103"));
    using Code = LedgerRuleError::Code;
    auto code = [&](auto&& call) {
        try {
            call();
        } catch (const LedgerRuleError& e) {
            return e.code();
        }
        FAIL("accepted");
        return Code::InvalidAmount;
    };
    CHECK(code([&] { b.recharge(QStringLiteral("x1"), a, u"0"); }) == Code::InvalidAmount);
    CHECK(code([&] { b.recharge(QStringLiteral("x2"), a, u"-5"); }) == Code::InvalidAmount);
    CHECK(code([&] { b.recharge(QStringLiteral("x3"), a, u"5", u"5"); }) == Code::InvalidAmount);
    CHECK(code([&] { b.recharge(QStringLiteral("x4"), AccountId{999}, u"5"); }) == Code::AccountNotFound);
    CHECK(code([&] {
              b.ledger.recharge({QStringLiteral("x5"), a, Utility::Electricity, Channel::Cash, kCashier,
                                 yuan(u"500.01"), {}, yuan(u"500.00"), {}});
          }) == Code::BalanceCapExceeded);
    CHECK(code([&] { b.ledger.openAccount({QStringLiteral("x6"), QStringLiteral("1-103"), {}, {}, kCashier}); })
          == Code::DuplicateAccountCode);
    CHECK(b.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions")) == 1); // the opening only
    CHECK(b.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'")) == 0);
    // Exactly at the cap is allowed.
    CHECK(b.ledger
              .recharge({QStringLiteral("x7"), a, Utility::Electricity, Channel::Cash, kCashier, yuan(u"500.00"), {},
                         yuan(u"500.00"), {}})
              .balanceAfter.fen() == 50000);
}

TEST_CASE("The same key replays the result, the same key with other content is a conflict", "[ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    Books b(backend);
    const AccountId a = b.open(QStringLiteral("1-104"));
    const TransactionResult first = b.recharge(QStringLiteral("dbl"), a, u"30.00");
    const TransactionResult second = b.recharge(QStringLiteral("dbl"), a, u"30.00"); // a double click
    CHECK(second.replayed);
    CHECK(second == first);
    CHECK(b.ledger.walletBalance(a, Utility::Electricity).fen() == 3000);
    CHECK_THROWS_AS(b.recharge(QStringLiteral("dbl"), a, u"31.00"), IdempotencyConflict);
    CHECK_THROWS_AS(b.ledger.refund({QStringLiteral("dbl"), a, Utility::Electricity, Channel::Cash, kCashier,
                                     yuan(u"30.00"), {}}),
                    IdempotencyConflict);
    CHECK(b.ledger.walletBalance(a, Utility::Electricity).fen() == 3000);
    CHECK(b.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'")) == 1);
}

TEST_CASE("A correction reverses a transaction once and never edits it", "[ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    Books b(backend);
    const AccountId a = b.open(QStringLiteral("1-105"));
    const auto wrong = b.recharge(QStringLiteral("k1"), a, u"200.00", u"2.00"); // wallet +198.00
    b.recharge(QStringLiteral("k2"), a, u"20.00");                              // wallet +20.00
    const auto c = b.ledger.correct({QStringLiteral("c1"), wrong.id, kManager, QStringLiteral("金额录错")});
    CHECK(c.kind == TransactionKind::Correction);
    CHECK(c.balanceBefore.fen() == 21800);
    CHECK(c.balanceAfter.fen() == 2000);
    CHECK(b.ledger.accountSum(LedgerAccountRef::takings(Channel::Cash, kCashier)).fen() == 2000);
    CHECK(b.ledger.accountSum(LedgerAccountRef::feeRevenue()).fen() == 0);
    // The original is untouched.
    CHECK(b.ledger.transaction(wrong.id)->balanceAfter.fen() == 19800);
    try {
        b.ledger.correct({QStringLiteral("c2"), wrong.id, kManager, QStringLiteral("again")});
        FAIL("reversed twice");
    } catch (const LedgerRuleError& e) {
        CHECK(e.code() == LedgerRuleError::Code::AlreadyReversed);
    }
    try {
        b.ledger.correct({QStringLiteral("c3"), c.id, kManager, QStringLiteral("undo the undo")});
        FAIL("reversed a correction");
    } catch (const LedgerRuleError& e) {
        CHECK(e.code() == LedgerRuleError::Code::NotReversible);
    }
    CHECK(b.ledger.verify().isEmpty());
}

TEST_CASE("Transfers move money between wallets and closing settles every wallet to zero", "[ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    Books b(backend);
    const AccountId a = b.open(QStringLiteral("2-201"));
    const AccountId c = b.open(QStringLiteral("2-202"));
    b.recharge(QStringLiteral("k1"), a, u"80.00");
    b.recharge(QStringLiteral("k2"), a, u"15.00", u"0", Utility::Water);
    const auto t = b.ledger.transfer({QStringLiteral("t1"), a, Utility::Electricity, c, Utility::Electricity, kManager,
                                      yuan(u"30.00"), QStringLiteral("换表")});
    CHECK(t.balanceAfter.fen() == 5000);
    CHECK(b.ledger.walletBalance(c, Utility::Electricity).fen() == 3000);
    b.ledger.deduct({QStringLiteral("d1"), a, Utility::Water, MeterId{9}, yuan(u"20.50"), "{}"}); // water -5.50
    // Settlement: pay back 50.00 electricity, collect 5.50 water arrears: net 44.50 paid out.
    const auto close = b.ledger.closeAccount({QStringLiteral("z1"), a, Channel::Cash, kCashier, {}});
    CHECK(close.amount.fen() == 4450);
    CHECK(close.receiptNo == 3);
    CHECK(b.ledger.walletBalance(a, Utility::Electricity).fen() == 0);
    CHECK(b.ledger.walletBalance(a, Utility::Water).fen() == 0);
    CHECK(b.ledger.accountSum(LedgerAccountRef::refunds(Channel::Cash, kCashier)).fen() == -5000);
    CHECK(b.ledger.accountSum(LedgerAccountRef::takings(Channel::Cash, kCashier)).fen() == 8000 + 1500 + 550);
    CHECK_FALSE(b.ledger.isAccountOpen(a));
    CHECK_THROWS_AS(b.recharge(QStringLiteral("k3"), a, u"1.00"), LedgerRuleError);
    CHECK(b.ledger.verify().isEmpty());
}

TEST_CASE("Every money operation leaves a hash-chained operation-log record in its transaction", "[ledger][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    Books b(backend);
    const AccountId a = b.open(QStringLiteral("3-301"));
    b.recharge(QStringLiteral("k1"), a, u"10.00");
    CHECK_THROWS(b.recharge(QStringLiteral("k2"), a, u"-1.00")); // refused: no record
    b.ledger.deduct({QStringLiteral("d1"), a, Utility::Electricity, MeterId{1}, yuan(u"1.00"), "{}"});
    CHECK(b.scalar(QStringLiteral("SELECT COUNT(*) FROM operation_log")) == 3);
    QSqlQuery q(b.fixture.db().connection());
    REQUIRE(q.exec(QStringLiteral("SELECT seq, at_ms, operator_id, client, action, subject, detail, result, prev_hash, "
                                  "hash FROM operation_log ORDER BY seq")));
    QByteArray previous;
    qint64 expectedSeq = 1;
    while (q.next()) {
        OperationRecord r{QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC),
                          OperatorId{q.value(2).toLongLong()}, q.value(3).toString(), q.value(4).toString(),
                          q.value(5).toString(), q.value(6).toString().toUtf8(), q.value(7).toString()};
        CHECK(q.value(0).toLongLong() == expectedSeq);
        CHECK(q.value(8).toString().toLatin1() == previous);
        const QByteArray hash = OperationLog::chainHash(previous, OperationLog::canonicalBytes(expectedSeq, r));
        CHECK(q.value(9).toString().toLatin1() == hash);
        previous = hash;
        ++expectedSeq;
    }
}

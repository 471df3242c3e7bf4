// Seeded randomized test of the ledger against LedgerModel: ≥ 10,000 random operations per
// seed (recharges, deductions, refunds, corrections, transfers/swaps, closings, adjustments,
// replayed and conflicting idempotency keys), checked after every step: same outcome, every
// cached balance equal to the model to the fen, receipt numbers without gaps; postings summed
// from scratch and every transaction balanced every 1,000 steps and at the end.
//
// More seeds: MD_LEDGER_SEEDS=50 MD_LEDGER_OPS=20000 MD_LEDGER_FIRST_SEED=1000 tests_ledger "[random]"

#include "ledger_fixture.h"
#include "ledger_model.h"

#include "ledger/ledger.h"
#include "ledger/wallet_daily.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QSqlQuery>

#include <algorithm>
#include <limits>
#include <random>

using namespace md;
using namespace md::test;

namespace {

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

class Generator
{
public:
    explicit Generator(quint64 seed)
        : m_rng(seed)
    {
    }
    int upTo(int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(m_rng)); }
    qint64 between(qint64 lo, qint64 hi) { return std::uniform_int_distribution<qint64>(lo, hi)(m_rng); }
    bool chance(int percent) { return upTo(100) < percent; }
    template <typename T>
    const T& pick(const QList<T>& list) { return list.at(upTo(int(list.size()))); }

private:
    std::mt19937_64 m_rng;
};

struct Driver
{
    Generator gen;
    LedgerModel model;
    QList<AccountId> accounts;
    QList<std::pair<QString, LedgerOp>> succeeded; // key -> op, for replays and conflicts
    QHash<QString, TransactionResult> results;
    quint64 seed;
    int step = 0;

    AccountId anyAccount()
    {
        if (accounts.isEmpty() || gen.chance(2))
            return AccountId{gen.between(1, 40)}; // sometimes one that does not exist
        if (gen.chance(90)) { // mostly an open one, so most operations can succeed
            QList<AccountId> open;
            for (AccountId a : accounts) {
                if (model.accounts().at(a.v))
                    open.append(a);
            }
            if (!open.isEmpty())
                return gen.pick(open);
        }
        return gen.pick(accounts);
    }
    Utility anyUtility() { return kAllUtilities[gen.upTo(3)]; }
    Channel anyChannel() { return kAllChannels[gen.upTo(6)]; }
    OperatorId anyCashier() { return OperatorId{gen.between(1, 3)}; }
    Money amount(qint64 lo, qint64 hi)
    {
        if (gen.chance(2))
            return Money::fromFen(gen.between(-500, 0)); // invalid on purpose
        return Money::fromFen(gen.between(lo, hi));
    }

    LedgerOp randomOp(const QString& key)
    {
        const int roll = gen.upTo(100);
        if (roll < 4 || accounts.size() < 2) {
            // At most 16 open accounts, so that checking every balance after every step stays
            // cheap; past that, openings reuse a code and are refused.
            const auto open = std::count_if(accounts.begin(), accounts.end(),
                                            [this](AccountId a) { return model.accounts().at(a.v); });
            const QString code = (gen.chance(3) || open >= 16) && !accounts.isEmpty()
                                     ? QStringLiteral("A%1").arg(gen.between(1, qint64(accounts.size())))
                                     : QStringLiteral("A%1").arg(accounts.size() + 1);
            return OpenAccountRequest{key, code, QStringLiteral("租户 %1").arg(code), QStringLiteral("138%1").arg(step),
                                      OperatorId{1}};
        }
        if (roll < 36) {
            RechargeRequest r{key, anyAccount(), anyUtility(), anyChannel(), anyCashier(), amount(1, 50000), {}, {}, {}};
            r.fee = gen.chance(30) ? Money::fromFen(gen.between(0, 300)) : Money();
            if (gen.chance(10))
                r.balanceCap = Money::fromFen(gen.between(0, 200000));
            if (gen.chance(20))
                r.memo = QStringLiteral("备注 %1").arg(step);
            return r;
        }
        if (roll < 66) {
            return DeductionRequest{key, anyAccount(), anyUtility(), MeterId{gen.between(1, 30)}, amount(1, 3000),
                                    QByteArrayLiteral("{\"step\":") + QByteArray::number(step) + '}'};
        }
        if (roll < 74)
            return RefundRequest{key, anyAccount(), anyUtility(), anyChannel(), anyCashier(), amount(1, 20000), {}};
        if (roll < 82)
            return TransferRequest{key, anyAccount(), anyUtility(), anyAccount(), anyUtility(), OperatorId{2},
                                   amount(1, 20000), QStringLiteral("换表")};
        if (roll < 83)
            return CloseAccountRequest{key, anyAccount(), anyChannel(), anyCashier(), {}};
        if (roll < 94) {
            const QList<TransactionId> txs = model.transactions();
            const TransactionId target = txs.isEmpty() || gen.chance(3) ? TransactionId{gen.between(1, 1000000)}
                                                                          : gen.pick(txs);
            return CorrectionRequest{key, target, OperatorId{2}, QStringLiteral("冲正")};
        }
        return AdjustmentRequest{key, anyAccount(), anyUtility(), OperatorId{2}, amount(-5000, 5000),
                                 QStringLiteral("调整")};
    }

    // Same kind with one field changed, or another kind: either way not the same content.
    static LedgerOp conflicting(const LedgerOp& op, LedgerOp other)
    {
        if (other.index() != op.index())
            return other;
        LedgerOp changed = op;
        std::visit(
            [](auto& r) {
                using T = std::decay_t<decltype(r)>;
                if constexpr (std::is_same_v<T, OpenAccountRequest>)
                    r.tenantName += QStringLiteral("≠");
                else if constexpr (std::is_same_v<T, DeductionRequest>)
                    r.explanation += ' ';
                else if constexpr (std::is_same_v<T, CorrectionRequest> || std::is_same_v<T, AdjustmentRequest>)
                    r.reason += QStringLiteral("≠");
                else
                    r.memo += QStringLiteral("≠");
            },
            changed);
        return changed;
    }
};

TransactionResult execute(Ledger& ledger, const LedgerOp& op)
{
    return std::visit(
        [&ledger](const auto& r) -> TransactionResult {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, OpenAccountRequest>)
                return ledger.openAccount(r);
            else if constexpr (std::is_same_v<T, RechargeRequest>)
                return ledger.recharge(r);
            else if constexpr (std::is_same_v<T, DeductionRequest>)
                return ledger.deduct(r);
            else if constexpr (std::is_same_v<T, RefundRequest>)
                return ledger.refund(r);
            else if constexpr (std::is_same_v<T, TransferRequest>)
                return ledger.transfer(r);
            else if constexpr (std::is_same_v<T, CloseAccountRequest>)
                return ledger.closeAccount(r);
            else if constexpr (std::is_same_v<T, CorrectionRequest>)
                return ledger.correct(r);
            else
                return ledger.adjust(r);
        },
        op);
}

std::map<QString, qint64> storedSums(storage::Database& db)
{
    std::map<QString, qint64> sums;
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    REQUIRE(q.exec(QStringLiteral("SELECT name, balance_fen FROM ledger_accounts WHERE balance_fen <> 0")));
    while (q.next())
        sums[q.value(0).toString()] = q.value(1).toLongLong();
    return sums;
}

std::map<QString, qint64> nonZero(const std::map<QString, qint64>& m)
{
    std::map<QString, qint64> out;
    for (const auto& [k, v] : m) {
        if (v != 0)
            out[k] = v;
    }
    return out;
}

qint64 scalar(storage::Database& db, const QString& sql)
{
    QSqlQuery q(db.connection());
    REQUIRE(q.exec(sql));
    REQUIRE(q.next());
    return q.value(0).toLongLong();
}

void checkBooks(storage::Database& db, Ledger& ledger, const LedgerModel& model)
{
    const QList<LedgerDiscrepancy> problems = ledger.verify();
    for (const auto& p : problems)
        UNSCOPED_INFO(p.what.toStdString());
    REQUIRE(problems.isEmpty());
    // The daily rollup equals its recomputation from the postings.
    QList<WalletDayRow> recomputed;
    recomputeWalletDaily(db, ledger.officeZone(),
                         [&](qint64, qint64, const QList<WalletDayRow>& rows) { recomputed += rows; });
    REQUIRE(storedWalletDaily(db, 0, std::numeric_limits<qint64>::max()) == recomputed);
    // Receipt numbers: exactly 1..n, each once.
    REQUIRE(scalar(db, QStringLiteral("SELECT COUNT(receipt_no) FROM transactions")) == model.receipts());
    REQUIRE(scalar(db, QStringLiteral("SELECT COALESCE(MAX(receipt_no), 0) FROM transactions")) == model.receipts());
    REQUIRE(scalar(db, QStringLiteral("SELECT COALESCE(MIN(receipt_no), 0) FROM transactions")) == (model.receipts() > 0 ? 1 : 0));
}

void runSeed(Backend backend, quint64 seed, int operations)
{
    LedgerFixture f(backend);
    ManualClock clock(QDateTime(QDate(2025, 1, 1), QTime(8, 0), Qt::UTC));
    Ledger ledger(f.db(), clock);
    Driver d{Generator(seed), {}, {}, {}, {}, seed};
    int replays = 0, conflicts = 0, refusals = 0;

    for (d.step = 1; d.step <= operations; ++d.step) {
        clock.advanceMs(1000);
        const QString key = QStringLiteral("s%1-%2").arg(seed).arg(d.step);
        INFO("seed " << seed << " step " << d.step);
        const auto before = nonZero(d.model.sums());

        if (!d.succeeded.isEmpty() && d.gen.chance(5)) {
            // The same key with the same content: the stored result, nothing posted again.
            const auto& [oldKey, op] = d.succeeded.at(d.gen.upTo(int(d.succeeded.size())));
            const TransactionResult again = execute(ledger, op);
            REQUIRE(again.replayed);
            REQUIRE(again == d.results.value(oldKey));
            REQUIRE(storedSums(f.db()) == before);
            ++replays;
            continue;
        }
        if (!d.succeeded.isEmpty() && d.gen.chance(3)) {
            // The same key with other content: refused, nothing written.
            const auto& [oldKey, op] = d.succeeded.at(d.gen.upTo(int(d.succeeded.size())));
            LedgerOp other = Driver::conflicting(op, d.randomOp(oldKey));
            REQUIRE_THROWS_AS(execute(ledger, other), IdempotencyConflict);
            REQUIRE(storedSums(f.db()) == before);
            ++conflicts;
            continue;
        }

        const LedgerOp op = d.randomOp(key);
        const ModelOutcome expected = d.model.predict(op);
        if (expected.error) {
            try {
                execute(ledger, op);
                FAIL("the ledger accepted an operation the rules refuse, code " << int(*expected.error));
            } catch (const LedgerRuleError& e) {
                INFO(e.message().toStdString());
                REQUIRE(int(e.code()) == int(*expected.error));
            }
            REQUIRE(storedSums(f.db()) == before);
            ++refusals;
            continue;
        }
        const TransactionResult actual = execute(ledger, op);
        REQUIRE_FALSE(actual.replayed);
        REQUIRE(actual.kind == expected.result.kind);
        if (actual.kind != TransactionKind::Open)
            REQUIRE(actual.account == expected.result.account);
        REQUIRE(actual.utility == expected.result.utility);
        REQUIRE(actual.amount.fen() == expected.result.amount.fen());
        REQUIRE(actual.balanceBefore.fen() == expected.result.balanceBefore.fen());
        REQUIRE(actual.balanceAfter.fen() == expected.result.balanceAfter.fen());
        REQUIRE(actual.receiptNo == expected.result.receiptNo);
        d.model.apply(op, expected, actual);
        if (actual.kind == TransactionKind::Open)
            d.accounts.append(actual.account);
        d.succeeded.append({key, op});
        d.results.insert(key, actual);
        REQUIRE(storedSums(f.db()) == nonZero(d.model.sums()));
        if (d.step % 1000 == 0)
            checkBooks(f.db(), ledger, d.model);
    }
    checkBooks(f.db(), ledger, d.model);
    // Zero double credits: as many transactions as distinct successful keys.
    REQUIRE(scalar(f.db(), QStringLiteral("SELECT COUNT(*) FROM transactions")) == qint64(d.succeeded.size()));
    WARN("seed " << seed << ": " << d.succeeded.size() << " committed, " << refusals << " refused, " << replays
                 << " replayed, " << conflicts << " conflicting keys; " << d.model.receipts() << " receipts");
}

} // namespace

TEST_CASE("Randomized ledger operations agree with the model to the fen (SQLite)", "[random][sqlite]")
{
    const int seeds = envInt("MD_LEDGER_SEEDS", 2);
    const int operations = envInt("MD_LEDGER_OPS", 10000);
    const int first = envInt("MD_LEDGER_FIRST_SEED", 1);
    for (int seed = first; seed < first + seeds; ++seed)
        runSeed(Backend::Sqlite, quint64(seed), operations);
}

TEST_CASE("Randomized ledger operations agree with the model to the fen (MariaDB)", "[random][mysql]")
{
    const std::vector<Backend> backends = testBackends();
    if (std::find(backends.begin(), backends.end(), Backend::Mysql) == backends.end())
        return; // MD_TEST_SKIP_MYSQL=1 (testBackends() warned)
    const int seeds = envInt("MD_LEDGER_MYSQL_SEEDS", 1);
    const int operations = envInt("MD_LEDGER_MYSQL_OPS", 10000);
    const int first = envInt("MD_LEDGER_FIRST_SEED", 1);
    for (int seed = first; seed < first + seeds; ++seed)
        runSeed(Backend::Mysql, quint64(seed) + 7777, operations);
}

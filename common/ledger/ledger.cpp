#include "ledger/ledger.h"

#include "audit/operation_log.h"
#include "ledger/deduction_batch.h"
#include "ledger/fingerprint.h"
#include "ledger/ledger_store.h"
#include "ledger/wallet_daily.h"
#include "storage/database.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <algorithm>

namespace md {

namespace {

constexpr int kMaxAttempts = 8;
constexpr qsizetype kMaxKeyLength = 128;

using Code = LedgerRuleError::Code;

void requireKey(const QString& key)
{
    if (key.isEmpty() || key.size() > kMaxKeyLength)
        throw LedgerRuleError(Code::InvalidAmount,
                              Ledger::tr("An idempotency key of 1 to %1 characters is required").arg(kMaxKeyLength));
}

void requirePositive(Money amount)
{
    if (!amount.isPositive())
        throw LedgerRuleError(Code::InvalidAmount,
                              Ledger::tr("The amount must be greater than zero (got %1)").arg(amount.toYuanString()));
}

// The postings of one transaction, checked to sum to zero before anything is written.
class PostingSet
{
public:
    void add(const LedgerAccountRef& ref, Money amount)
    {
        if (!amount.isZero())
            m_postings.append({ref, amount});
    }
    const QList<Posting>& postings() const { return m_postings; }
    void checkBalanced() const
    {
        Money sum;
        for (const Posting& p : m_postings)
            sum += p.amount;
        if (!sum.isZero())
            throw Error(Ledger::tr("Internal error: transaction postings sum to %1, not zero").arg(sum.toYuanString()));
    }

private:
    QList<Posting> m_postings;
};

} // namespace

// Everything an operation decided, written by Ledger::run() in one database transaction.
struct PendingTransaction
{
    TransactionResult result;
    PostingSet postings;
    OperatorId operatorId;
    MeterId meter;
    bool issuesReceipt = false;
    std::optional<TransactionId> reverses;
    QString memo;
    QByteArray detail;
};

Ledger::Ledger(storage::Database& db, const Clock& clock)
    : m_db(db)
    , m_clock(clock)
    , m_store(std::make_unique<LedgerStore>(db))
    , m_zone(walletDailyDefaultZone())
{
}

void Ledger::ensureWalletDailyZone()
{
    const std::optional<QByteArray> stored = walletDailyZone(m_db);
    if (!stored || *stored != m_zone.id())
        rebuildWalletDaily(m_db, m_zone);
}

Ledger::~Ledger() = default;

TransactionResult Ledger::run(const QString& key, TransactionKind kind, const QByteArray& fingerprint,
                              const Body& body)
{
    requireKey(key);
    // The stored result of an earlier call with this key, or the conflict when its content
    // differs; empty when the key is new.
    const auto replay = [&]() -> std::optional<TransactionResult> {
        auto stored = m_store->findByKey(key);
        if (!stored)
            return std::nullopt;
        if (stored->fingerprint != fingerprint || stored->result.kind != kind)
            throw IdempotencyConflict(
                tr("The key %1 was already used for a different operation; nothing was done").arg(key));
        stored->result.replayed = true;
        return stored->result;
    };
    if (m_db.inTransaction()) {
        // Joined mode: the caller's transaction (the collection service bills a reading in the
        // transaction that stores it) owns commit, rollback and retries. Nothing here commits;
        // when this throws, whatever the body wrote must go with the caller's rollback.
        if (auto earlier = replay())
            return *earlier;
        return body();
    }
    for (int attempt = 1;; ++attempt) {
        try {
            storage::TransactionGuard guard(m_db);
            if (auto earlier = replay())
                return *earlier; // the guard rolls back: nothing to write
            TransactionResult result = body();
            guard.commit();
            return result;
        } catch (const storage::StorageError& e) {
            // A deadlock or lock timeout (MySQL), or a concurrent first use of the same key
            // (unique index): the whole transaction was rolled back, so it is safe to run again.
            if (attempt >= kMaxAttempts || !(e.isRetryable() || e.isUniqueViolation()))
                throw;
        }
    }
}

// Writes the decided transaction: row, postings, cached balances, receipt number and the
// operation-log record. Called inside run()'s database transaction.
TransactionResult Ledger::commitPending(const QString& key, const QByteArray& fingerprint,
                                        const QString& auditAction, PendingTransaction& p)
{
    LedgerStore& store = *m_store;
    p.postings.checkBalanced();
    if (!p.postings.postings().isEmpty())
        ensureWalletDailyZone();
    const QDateTime now = m_clock.nowUtc();
    if (p.issuesReceipt)
        p.result.receiptNo = store.allocateReceiptNo();

    LedgerStore::NewTransaction row;
    row.idempotencyKey = key;
    row.fingerprint = fingerprint;
    row.result = p.result;
    row.operatorId = p.operatorId;
    row.meter = p.meter;
    row.reverses = p.reverses;
    row.memo = p.memo;
    row.detail = p.detail;
    row.atMs = now.toMSecsSinceEpoch();
    p.result.id = store.insertTransaction(row);
    // The daily rollup moves with the postings, per ledger account (a closing may post twice
    // to one refunds account), in ascending id.
    QMap<qint64, WalletDailyMove> daily;
    for (const Posting& posting : p.postings.postings()) {
        const auto [accountId, after] = store.insertPosting(p.result.id, posting.account, posting.amount);
        WalletDailyMove& m = daily[accountId];
        m.ledgerAccountId = accountId;
        m.amountFen += posting.amount.fen();
        m.postings += 1;
        m.balanceAfterFen = after.fen();
    }
    addToWalletDaily(m_db, walletDailyDay(row.atMs, m_zone), p.result.kind, daily.values());

    QJsonObject detail{
        {QStringLiteral("tx"), p.result.id.v},
        {QStringLiteral("key"), key},
        {QStringLiteral("amount_fen"), p.result.amount.fen()},
        {QStringLiteral("utility"), utilityKey(p.result.utility)},
        {QStringLiteral("balance_before_fen"), p.result.balanceBefore.fen()},
        {QStringLiteral("balance_after_fen"), p.result.balanceAfter.fen()},
    };
    if (p.result.receiptNo > 0)
        detail.insert(QStringLiteral("receipt"), p.result.receiptNo);
    if (p.reverses)
        detail.insert(QStringLiteral("reverses"), p.reverses->v);
    if (!p.memo.isEmpty())
        detail.insert(QStringLiteral("memo"), p.memo);
    OperationRecord record;
    record.atUtc = now;
    record.operatorId = p.operatorId;
    record.client = m_client;
    record.action = auditAction;
    record.subject = QStringLiteral("account:%1").arg(p.result.account.v);
    record.detail = QJsonDocument(detail).toJson(QJsonDocument::Compact);
    record.result = QStringLiteral("ok");
    OperationLog::append(m_db, record);
    return p.result;
}

namespace {

LedgerStore::AccountRow requireOpenAccount(LedgerStore& store, AccountId id)
{
    const auto row = store.lockAccount(id);
    if (!row)
        throw LedgerRuleError(Code::AccountNotFound, Ledger::tr("Account %1 does not exist").arg(id.v));
    if (!row->open)
        throw LedgerRuleError(Code::AccountClosed, Ledger::tr("Account %1 is closed").arg(row->code));
    return *row;
}

// A wallet's balance as the tenant sees it: minus the debit-positive sum (it is a liability).
Money lockedWalletBalance(LedgerStore& store, AccountId a, Utility u)
{
    return -store.lockedSum(LedgerAccountRef::wallet(a, u));
}

// A transaction about one wallet: its kind, the headline amount and the wallet's balance
// before (read under lock); the operation fills in the rest.
PendingTransaction onWallet(LedgerStore& store, TransactionKind kind, AccountId a, Utility u, Money amount)
{
    PendingTransaction p;
    p.result.kind = kind;
    p.result.account = a;
    p.result.utility = u;
    p.result.amount = amount;
    p.result.balanceBefore = lockedWalletBalance(store, a, u);
    return p;
}

} // namespace

TransactionResult Ledger::openAccount(const OpenAccountRequest& r)
{
    const QString& key = r.idempotencyKey;
    const QByteArray fp = Fingerprint("open")
                              .add("code", r.code)
                              .add("tenant", r.tenantName)
                              .add("phone", r.phone)
                              .add("operator", r.operatorId.v)
                              .hex();
    const QString action = QStringLiteral("open-account");
    return run(key, TransactionKind::Open, fp, [&] {
        if (r.code.trimmed().isEmpty() || r.code.size() > 64)
            throw LedgerRuleError(Code::InvalidAmount, tr("An account number of 1 to 64 characters is required"));
        if (m_store->accountCodeExists(r.code))
            throw LedgerRuleError(Code::DuplicateAccountCode, tr("Account number %1 is already in use").arg(r.code));
        PendingTransaction p;
        p.result.kind = TransactionKind::Open;
        p.result.account = m_store->insertAccount(r, m_clock.nowUtc().toMSecsSinceEpoch());
        p.operatorId = r.operatorId;
        p.memo = r.tenantName;
        return commitPending(key, fp, action, p);
    });
}

TransactionResult Ledger::recharge(const RechargeRequest& r)
{
    const QString& key = r.idempotencyKey;
    // The balance cap is a check made when the recharge is first posted, not part of what
    // was asked: a retry is answered from the ledger even if the office changed its cap since.
    const QByteArray fp = Fingerprint("recharge")
                              .add("account", r.account.v)
                              .add("utility", utilityKey(r.utility))
                              .add("channel", channelKey(r.channel))
                              .add("cashier", r.cashier.v)
                              .add("paid", r.paid.fen())
                              .add("fee", r.fee.fen())
                              .add("memo", r.memo)
                              .hex();
    const QString action = QStringLiteral("recharge");
    return run(key, TransactionKind::Recharge, fp, [&] {
        requirePositive(r.paid);
        if (r.fee.isNegative() || r.fee >= r.paid)
            throw LedgerRuleError(Code::InvalidAmount,
                                  tr("The service fee %1 must be at least zero and less than the payment %2")
                                      .arg(r.fee.toYuanString(), r.paid.toYuanString()));
        requireOpenAccount(*m_store, r.account);
        const Money credit = r.paid - r.fee;
        PendingTransaction p = onWallet(*m_store, TransactionKind::Recharge, r.account, r.utility, r.paid);
        p.result.balanceAfter = p.result.balanceBefore + credit;
        if (r.balanceCap && p.result.balanceAfter > *r.balanceCap)
            throw LedgerRuleError(Code::BalanceCapExceeded,
                                  tr("The balance would be %1, over the cap of %2")
                                      .arg(p.result.balanceAfter.toYuanString(), r.balanceCap->toYuanString()));
        p.postings.add(LedgerAccountRef::takings(r.channel, r.cashier), r.paid);
        p.postings.add(LedgerAccountRef::wallet(r.account, r.utility), -credit);
        p.postings.add(LedgerAccountRef::feeRevenue(), -r.fee);
        p.operatorId = r.cashier;
        p.issuesReceipt = true;
        p.memo = r.memo;
        return commitPending(key, fp, action, p);
    });
}

TransactionResult Ledger::deduct(const DeductionRequest& r)
{
    const QString& key = r.idempotencyKey;
    const QByteArray fp = deductionFingerprint(r); // shared with DeductionBatch
    const QString action = QStringLiteral("deduct");
    return run(key, TransactionKind::Deduction, fp, [&] {
        requirePositive(r.amount);
        requireOpenAccount(*m_store, r.account);
        PendingTransaction p = onWallet(*m_store, TransactionKind::Deduction, r.account, r.utility, r.amount);
        p.result.balanceAfter = p.result.balanceBefore - r.amount;
        p.postings.add(LedgerAccountRef::wallet(r.account, r.utility), r.amount);
        p.postings.add(LedgerAccountRef::revenue(r.utility), -r.amount);
        p.meter = r.meter;
        p.detail = r.explanation;
        return commitPending(key, fp, action, p);
    });
}

TransactionResult Ledger::refund(const RefundRequest& r)
{
    const QString& key = r.idempotencyKey;
    const QByteArray fp = Fingerprint("refund")
                              .add("account", r.account.v)
                              .add("utility", utilityKey(r.utility))
                              .add("channel", channelKey(r.channel))
                              .add("cashier", r.cashier.v)
                              .add("amount", r.amount.fen())
                              .add("memo", r.memo)
                              .hex();
    const QString action = QStringLiteral("refund");
    return run(key, TransactionKind::Refund, fp, [&] {
        requirePositive(r.amount);
        requireOpenAccount(*m_store, r.account);
        PendingTransaction p = onWallet(*m_store, TransactionKind::Refund, r.account, r.utility, r.amount);
        if (r.amount > p.result.balanceBefore)
            throw LedgerRuleError(Code::InsufficientBalance,
                                  tr("Cannot refund %1: the balance is %2")
                                      .arg(r.amount.toYuanString(), p.result.balanceBefore.toYuanString()));
        p.result.balanceAfter = p.result.balanceBefore - r.amount;
        p.postings.add(LedgerAccountRef::wallet(r.account, r.utility), r.amount);
        p.postings.add(LedgerAccountRef::refunds(r.channel, r.cashier), -r.amount);
        p.operatorId = r.cashier;
        p.issuesReceipt = true;
        p.memo = r.memo;
        return commitPending(key, fp, action, p);
    });
}

TransactionResult Ledger::transfer(const TransferRequest& r)
{
    const QString& key = r.idempotencyKey;
    const QByteArray fp = Fingerprint("transfer")
                              .add("from", r.fromAccount.v)
                              .add("from-utility", utilityKey(r.fromUtility))
                              .add("to", r.toAccount.v)
                              .add("to-utility", utilityKey(r.toUtility))
                              .add("operator", r.operatorId.v)
                              .add("amount", r.amount.fen())
                              .add("memo", r.memo)
                              .hex();
    const QString action = QStringLiteral("transfer");
    return run(key, TransactionKind::Transfer, fp, [&] {
        requirePositive(r.amount);
        if (r.fromAccount == r.toAccount && r.fromUtility == r.toUtility)
            throw LedgerRuleError(Code::InvalidAmount, tr("A transfer needs two different wallets"));
        // Lock accounts in id order so two opposite transfers cannot deadlock.
        const bool fromFirst = r.fromAccount <= r.toAccount;
        requireOpenAccount(*m_store, fromFirst ? r.fromAccount : r.toAccount);
        if (r.fromAccount != r.toAccount)
            requireOpenAccount(*m_store, fromFirst ? r.toAccount : r.fromAccount);
        PendingTransaction p =
            onWallet(*m_store, TransactionKind::Transfer, r.fromAccount, r.fromUtility, r.amount);
        if (r.amount > p.result.balanceBefore)
            throw LedgerRuleError(Code::InsufficientBalance,
                                  tr("Cannot transfer %1: the balance is %2")
                                      .arg(r.amount.toYuanString(), p.result.balanceBefore.toYuanString()));
        p.result.balanceAfter = p.result.balanceBefore - r.amount;
        p.postings.add(LedgerAccountRef::wallet(r.fromAccount, r.fromUtility), r.amount);
        p.postings.add(LedgerAccountRef::wallet(r.toAccount, r.toUtility), -r.amount);
        p.operatorId = r.operatorId;
        p.memo = r.memo;
        p.detail = QJsonDocument(QJsonObject{{QStringLiteral("to_account"), r.toAccount.v},
                                             {QStringLiteral("to_utility"), utilityKey(r.toUtility)}})
                       .toJson(QJsonDocument::Compact);
        return commitPending(key, fp, action, p);
    });
}

TransactionResult Ledger::closeAccount(const CloseAccountRequest& r)
{
    const QString& key = r.idempotencyKey;
    const QByteArray fp = Fingerprint("close")
                              .add("account", r.account.v)
                              .add("channel", channelKey(r.channel))
                              .add("cashier", r.cashier.v)
                              .add("memo", r.memo)
                              .hex();
    const QString action = QStringLiteral("close-account");
    return run(key, TransactionKind::Closing, fp, [&] {
        requireOpenAccount(*m_store, r.account);
        PendingTransaction p;
        p.result.kind = TransactionKind::Closing;
        p.result.account = r.account;
        p.result.utility = Utility::Electricity;
        QJsonObject settled;
        for (Utility u : kAllUtilities) {
            const Money balance = lockedWalletBalance(*m_store, r.account, u);
            if (u == Utility::Electricity)
                p.result.balanceBefore = balance;
            if (balance.isZero())
                continue;
            settled.insert(utilityKey(u), balance.fen());
            // Bring the wallet to zero; a positive balance is paid back (refunds account),
            // arrears are collected (takings).
            p.postings.add(LedgerAccountRef::wallet(r.account, u), balance);
            if (balance.isPositive())
                p.postings.add(LedgerAccountRef::refunds(r.channel, r.cashier), -balance);
            else
                p.postings.add(LedgerAccountRef::takings(r.channel, r.cashier), -balance);
            p.result.amount += balance;
        }
        p.result.balanceAfter = Money();
        m_store->markClosed(r.account, m_clock.nowUtc().toMSecsSinceEpoch());
        p.operatorId = r.cashier;
        p.issuesReceipt = true;
        p.memo = r.memo;
        p.detail = QJsonDocument(QJsonObject{{QStringLiteral("settled_fen"), settled}}).toJson(QJsonDocument::Compact);
        return commitPending(key, fp, action, p);
    });
}

TransactionResult Ledger::correct(const CorrectionRequest& r)
{
    const QString& key = r.idempotencyKey;
    const QByteArray fp = Fingerprint("correct")
                              .add("reverses", r.reverses.v)
                              .add("operator", r.operatorId.v)
                              .add("reason", r.reason)
                              .hex();
    const QString action = QStringLiteral("correct");
    return run(key, TransactionKind::Correction, fp, [&] {
        const auto original = m_store->findById(r.reverses);
        if (!original)
            throw LedgerRuleError(Code::TransactionNotFound, tr("Transaction %1 does not exist").arg(r.reverses.v));
        const TransactionKind kind = original->result.kind;
        if (kind == TransactionKind::Open || kind == TransactionKind::Correction || kind == TransactionKind::Closing)
            throw LedgerRuleError(Code::NotReversible,
                                  tr("Transaction %1 (%2) cannot be reversed").arg(r.reverses.v).arg(transactionKindKey(kind)));
        const QList<Posting> postings = m_store->postingsOf(r.reverses);
        // Lock every account the original touched, in id order, and require them open.
        QList<AccountId> accounts{original->result.account};
        for (const Posting& posting : postings) {
            if (posting.account.kind == LedgerAccountRef::Kind::Wallet && !accounts.contains(posting.account.account))
                accounts.append(posting.account.account);
        }
        std::sort(accounts.begin(), accounts.end());
        for (AccountId a : accounts)
            requireOpenAccount(*m_store, a);
        if (m_store->isReversed(r.reverses))
            throw LedgerRuleError(Code::AlreadyReversed, tr("Transaction %1 was already reversed").arg(r.reverses.v));
        const TransactionResult& was = original->result;
        PendingTransaction p = onWallet(*m_store, TransactionKind::Correction, was.account, was.utility, was.amount);
        Money mainWalletChange;
        const LedgerAccountRef mainWallet = LedgerAccountRef::wallet(p.result.account, p.result.utility);
        for (const Posting& posting : postings) {
            p.postings.add(posting.account, -posting.amount);
            // The tenant's balance is minus the wallet's postings, so reversing a posting of
            // `amount` moves it by +amount.
            if (posting.account.key() == mainWallet.key())
                mainWalletChange += posting.amount;
        }
        p.result.balanceAfter = p.result.balanceBefore + mainWalletChange;
        p.operatorId = r.operatorId;
        p.reverses = r.reverses;
        p.memo = r.reason;
        return commitPending(key, fp, action, p);
    });
}

TransactionResult Ledger::adjust(const AdjustmentRequest& r)
{
    const QString& key = r.idempotencyKey;
    const QByteArray fp = Fingerprint("adjust")
                              .add("account", r.account.v)
                              .add("utility", utilityKey(r.utility))
                              .add("operator", r.operatorId.v)
                              .add("amount", r.amount.fen())
                              .add("reason", r.reason)
                              .hex();
    const QString action = QStringLiteral("adjust");
    return run(key, TransactionKind::Adjustment, fp, [&] {
        if (r.amount.isZero())
            throw LedgerRuleError(Code::InvalidAmount, tr("An adjustment of zero changes nothing"));
        requireOpenAccount(*m_store, r.account);
        PendingTransaction p = onWallet(*m_store, TransactionKind::Adjustment, r.account, r.utility, r.amount);
        p.result.balanceAfter = p.result.balanceBefore + r.amount;
        p.postings.add(LedgerAccountRef::wallet(r.account, r.utility), -r.amount);
        p.postings.add(LedgerAccountRef::adjustments(), r.amount);
        p.operatorId = r.operatorId;
        p.memo = r.reason;
        return commitPending(key, fp, action, p);
    });
}

Money Ledger::walletBalance(AccountId account, Utility utility) const
{
    return -m_store->cachedSum(LedgerAccountRef::wallet(account, utility));
}

Money Ledger::accountSum(const LedgerAccountRef& ref) const
{
    return m_store->cachedSum(ref);
}

bool Ledger::isAccountOpen(AccountId account) const
{
    return m_store->isAccountOpen(account);
}

QList<Posting> Ledger::postingsOf(TransactionId tx) const
{
    return m_store->postingsOf(tx);
}

std::optional<TransactionResult> Ledger::transaction(TransactionId tx) const
{
    if (auto stored = m_store->findById(tx))
        return stored->result;
    return std::nullopt;
}

QList<LedgerDiscrepancy> Ledger::verify() const
{
    return m_store->findDiscrepancies();
}

} // namespace md

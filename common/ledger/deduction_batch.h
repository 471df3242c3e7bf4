#pragma once

#include "ledger/ledger.h"
#include "ledger/ledger_store.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QStringList>

#include <utility>

namespace md {

// The fingerprint of a deduction request (the same for Ledger::deduct and DeductionBatch, so
// a key posted by one replays through the other).
QByteArray deductionFingerprint(const DeductionRequest& r);

// Many deductions written together inside the caller's transaction (the collection service's
// ingest batch). Every deduction is still its own ledger transaction — its own row, idempotency
// key, explanation, two postings and balances before/after — exactly as Ledger::deduct would
// write it; what is shared is the work:
//   - prefetch() reads and locks the batch's tenant accounts (ascending id) and ledger accounts
//     and looks up all keys, in a few statements;
//   - add() checks and stages one deduction in memory (the wallet's running balance gives its
//     balance before/after);
//   - write() inserts the transaction rows and postings with multi-row INSERTs, moves each
//     touched cached balance once (wallets and the revenue accounts), and appends ONE
//     hash-chained operation-log record for the batch: action "deduct" with the same detail
//     as Ledger::deduct when one deduction was staged, else "deduct-batch" with the count, the
//     total, the transaction ids and a SHA-256 over every staged transaction's content.
// Nothing is written before write(); the caller's rollback takes everything with it.
// Locking order (MySQL): tenant accounts, then ledger accounts, then the operation-log head,
// as for every other ledger operation.
class DeductionBatch
{
    Q_DECLARE_TR_FUNCTIONS(md::DeductionBatch)

public:
    // Throws Error when no transaction is active on the ledger's database.
    explicit DeductionBatch(Ledger& ledger);
    ~DeductionBatch();
    DeductionBatch(const DeductionBatch&) = delete;
    DeductionBatch& operator=(const DeductionBatch&) = delete;

    // Optional: loads (and locks) what deductions on these wallets with these keys will need.
    // add() and walletBalance() load anything not prefetched one by one.
    void prefetch(const QList<std::pair<AccountId, Utility>>& wallets, const QStringList& keys);

    struct Staged
    {
        TransactionResult result; // id is 0 until write() when staged (index >= 0)
        qsizetype index = -1;      // position among the staged deductions; -1: replayed from the database
    };
    // Checks and stages one deduction. A key already stored replays its result (nothing
    // staged); a key staged earlier in this batch returns that one (replayed). Throws
    // LedgerRuleError (unknown or closed account, amount not positive, bad key) or
    // IdempotencyConflict; then nothing is staged.
    Staged add(const DeductionRequest& r);
    // The tenant's balance of a wallet, staged deductions included.
    Money walletBalance(AccountId account, Utility utility);
    qsizetype size() const { return m_staged.size(); }

    // Writes every staged deduction; returns their transaction ids by staged index. Once.
    QList<TransactionId> write();

private:
    struct Wallet
    {
        qint64 ledgerAccountId = 0;
        Money sum; // debit-positive, staged postings included
        bool loaded = false;
    };
    struct Entry
    {
        DeductionRequest request;
        QByteArray fingerprint;
        TransactionResult result;
        qint64 walletId = 0;
        qint64 revenueId = 0;
    };
    Wallet& wallet(const LedgerAccountRef& ref);
    const LedgerStore::AccountRow* account(AccountId id);

    Ledger& m_ledger;
    LedgerStore& m_store;
    QHash<qint64, std::optional<LedgerStore::AccountRow>> m_accounts;
    QHash<QString, Wallet> m_ledgerAccounts; // by ref.key(): wallets and revenue accounts
    QHash<QString, std::optional<LedgerStore::StoredTransaction>> m_known; // looked-up keys
    QHash<QString, qsizetype> m_stagedKeys;
    QList<Entry> m_staged;
    bool m_written = false;
};

} // namespace md

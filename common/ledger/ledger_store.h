#pragma once

#include "ledger/ledger.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QString>

#include <optional>
#include <utility>

namespace md {

// The ledger's SQL, and nothing else: rows in, rows out, inside the caller's transaction.
// Every read that a decision depends on takes a row lock (FOR UPDATE on MySQL; SQLite's
// BEGIN IMMEDIATE already serializes writers).
class LedgerStore
{
public:
    explicit LedgerStore(storage::Database& db);

    struct AccountRow
    {
        AccountId id;
        QString code;
        bool open = false;
    };
    std::optional<AccountRow> lockAccount(AccountId id);
    bool accountCodeExists(const QString& code);
    AccountId insertAccount(const OpenAccountRequest& r, qint64 atMs);
    void markClosed(AccountId id, qint64 atMs);
    bool isAccountOpen(AccountId id);

    // Locks the ledger account's row (creating it when first used) and returns its id.
    qint64 lockLedgerAccount(const LedgerAccountRef& ref);
    // Debit-positive cached sum; locks the row.
    Money lockedSum(const LedgerAccountRef& ref);
    // Debit-positive cached sum without locking (reads).
    Money cachedSum(const LedgerAccountRef& ref);

    struct StoredTransaction
    {
        TransactionResult result;
        QByteArray fingerprint;
        std::optional<TransactionId> reverses;
        bool reversed = false;
    };
    std::optional<StoredTransaction> findByKey(const QString& key);
    std::optional<StoredTransaction> findById(TransactionId id);
    bool isReversed(TransactionId id);

    struct NewTransaction
    {
        QString idempotencyKey;
        QByteArray fingerprint;
        TransactionResult result; // id is filled in by insertTransaction
        OperatorId operatorId;
        MeterId meter;
        std::optional<TransactionId> reverses;
        QString memo;
        QByteArray detail;
        qint64 atMs = 0;
    };
    TransactionId insertTransaction(const NewTransaction& t);
    // Inserts the posting and moves the cached balance by the same amount; returns the ledger
    // account's id and its debit-positive cached balance after the posting.
    std::pair<qint64, Money> insertPosting(TransactionId tx, const LedgerAccountRef& ref, Money amount);
    qint64 allocateReceiptNo();

    QList<Posting> postingsOf(TransactionId tx);

    // Many rows at once, for DeductionBatch (a few statements per batch, not per deduction).
    // Locks the tenant accounts' rows (ascending id); absent ids are absent from the result.
    QHash<qint64, AccountRow> lockAccounts(QList<AccountId> ids);
    struct LedgerAccountRow
    {
        qint64 id = 0;
        Money sum; // debit-positive cached balance
    };
    // Locks the ledger accounts' rows by name (creating those first used), keyed by ref.key().
    QHash<QString, LedgerAccountRow> lockLedgerAccounts(const QList<LedgerAccountRef>& refs);
    // The stored transactions of the keys that exist, keyed by idempotency key.
    QHash<QString, StoredTransaction> findByKeys(const QStringList& keys);
    // Inserts the rows (multi-row INSERTs); returns their ids in the order given.
    QList<TransactionId> insertTransactions(const QList<NewTransaction>& rows);
    struct NewPosting
    {
        TransactionId tx;
        qint64 ledgerAccountId = 0;
        Money amount;
    };
    void insertPostings(const QList<NewPosting>& rows);
    // Moves cached balances: ledger account id -> (debit-positive change, postings added).
    void moveBalances(const QHash<qint64, std::pair<Money, qint64>>& moves);

    // verify(): cached balance vs sum of postings, and transactions not summing to zero.
    QList<LedgerDiscrepancy> findDiscrepancies();

private:
    std::pair<qint64, Money> lockRow(const LedgerAccountRef& ref); // id, debit-positive sum
    LedgerAccountRef refFromRow(const QString& kind, qint64 account, const QString& utility,
                                const QString& channel, qint64 operatorId) const;
    storage::Database& m_db;
};

} // namespace md

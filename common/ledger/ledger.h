#pragma once

#include "ledger/ledger_account.h"
#include "ledger/ledger_errors.h"
#include "ledger/ledger_requests.h"
#include "money/money.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QTimeZone>

#include <functional>
#include <memory>
#include <optional>

namespace md {

class Clock;
namespace storage {
class Database;
}
class LedgerStore;
struct PendingTransaction;

// One posting of a recorded transaction.
struct Posting
{
    LedgerAccountRef account;
    Money amount; // debit positive
};

// A problem found by Ledger::verify(): a cached balance that disagrees with its postings, or a
// transaction whose postings do not sum to zero. An empty list means the books are sound.
struct LedgerDiscrepancy
{
    QString what;
};

// The ledger of one office, kept in debits and credits. Each operation is one database transaction holding the
// transaction row, its postings (summing to zero, checked before commit), the cached balances,
// the receipt number when a cashier operation issues one, and the operation-log record — all
// or nothing. Operations are idempotent by key (see ledger_requests.h). Rule violations throw
// LedgerRuleError, key reuse with other content throws IdempotencyConflict; in both cases
// nothing is written.
//
// Joined mode: when a storage::TransactionGuard is already active on the Database, an
// operation runs inside that transaction instead of opening its own — it neither commits nor
// retries, and on a throw the caller must roll back (its guard does). This lets a deduction
// commit together with the reading that caused it.
class Ledger
{
    Q_DECLARE_TR_FUNCTIONS(md::Ledger)

public:
    Ledger(storage::Database& db, const Clock& clock);
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    // result.account is the new account; amount and balances are zero.
    TransactionResult openAccount(const OpenAccountRequest& r);
    // amount = paid; receipt issued; balances of r.utility's wallet.
    TransactionResult recharge(const RechargeRequest& r);
    // amount = the deduction; no receipt. The wallet may go negative (arrears).
    TransactionResult deduct(const DeductionRequest& r);
    // amount = refunded; receipt issued.
    TransactionResult refund(const RefundRequest& r);
    // amount = moved; balances of the source wallet.
    TransactionResult transfer(const TransferRequest& r);
    // amount = net paid out to the tenant (negative when arrears were collected); receipt
    // issued; utility/balances of the electricity wallet; the account is closed afterwards.
    TransactionResult closeAccount(const CloseAccountRequest& r);
    // amount = the reversed transaction's amount; balances of its main wallet.
    TransactionResult correct(const CorrectionRequest& r);
    // amount = the adjustment (positive credits the wallet).
    TransactionResult adjust(const AdjustmentRequest& r);

    // The tenant's balance in a wallet (minus the sum of its postings), from the cached balance.
    Money walletBalance(AccountId account, Utility utility) const;
    // Debit-positive sum of any ledger account, from the cached balance (zero if never used).
    Money accountSum(const LedgerAccountRef& ref) const;
    bool isAccountOpen(AccountId account) const;

    QList<Posting> postingsOf(TransactionId tx) const;
    std::optional<TransactionResult> transaction(TransactionId tx) const;

    // Recomputes every cached balance from the postings and checks that every transaction sums
    // to zero.
    QList<LedgerDiscrepancy> verify() const;

    // The office time zone whose days the daily rollup (wallet_daily) is kept in: the service's
    // configured zone; walletDailyDefaultZone() (Asia/Shanghai, as the reports) unless set. When
    // the stored rollup is in another zone, the next operation rebuilds it from the postings.
    void setOfficeZone(const QTimeZone& zone) { m_zone = zone; }
    const QTimeZone& officeZone() const { return m_zone; }
    // Rebuilds wallet_daily from the postings when its recorded zone is not officeZone() (in
    // the caller's transaction, else its own). Operations that post call it first; the service
    // calls it at start so that the first operation after a change of zone does not wait for
    // the rebuild.
    void ensureWalletDailyZone();

    // The client address written to the operation-log record of the next operations (the API
    // sets the calling front desk's address before each call); "local" by default.
    void setClient(const QString& client) { m_client = client; }

private:
    friend class DeductionBatch;
    using Body = std::function<TransactionResult()>;
    // Runs body in a write transaction with retries; replays or refuses a known key.
    TransactionResult run(const QString& key, TransactionKind kind, const QByteArray& fingerprint,
                          const Body& body);
    TransactionResult commitPending(const QString& key, const QByteArray& fingerprint,
                                    const QString& auditAction, PendingTransaction& p);

    storage::Database& m_db;
    const Clock& m_clock;
    std::unique_ptr<LedgerStore> m_store;
    QString m_client = QStringLiteral("local");
    QTimeZone m_zone;
};

} // namespace md

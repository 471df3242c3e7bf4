#pragma once

// A deliberately simple in-memory model of the ledger's rules, the oracle of the randomized
// test. It shares no code with the ledger: balances are plain maps, rules are re-stated.

#include "ledger/ledger.h"

#include <QHash>
#include <QString>

#include <map>
#include <optional>
#include <variant>

namespace md::test {

using LedgerOp = std::variant<OpenAccountRequest, RechargeRequest, DeductionRequest, RefundRequest,
                              TransferRequest, CloseAccountRequest, CorrectionRequest, AdjustmentRequest>;

struct ModelOutcome
{
    std::optional<LedgerRuleError::Code> error;
    TransactionResult result;                 // id unknown to the model (left 0)
    std::map<QString, qint64> postings;       // ledger account key -> debit-positive fen
};

class LedgerModel
{
public:
    // What the ledger must do with op (not applied).
    ModelOutcome predict(const LedgerOp& op) const;
    // Records a successful outcome; `actual` carries the ids the ledger assigned.
    void apply(const LedgerOp& op, const ModelOutcome& outcome, const TransactionResult& actual);

    const std::map<QString, qint64>& sums() const { return m_sums; }
    qint64 receipts() const { return m_receipts; }
    qint64 walletBalance(AccountId a, Utility u) const;
    const std::map<qint64, bool>& accounts() const { return m_open; }
    QList<TransactionId> transactions() const;

private:
    struct Tx
    {
        TransactionKind kind;
        AccountId account;
        Utility utility;
        Money amount;
        std::map<QString, qint64> postings;
        QList<AccountId> walletsOf;
        bool reversed = false;
    };
    std::optional<LedgerRuleError::Code> accountProblem(AccountId a) const;
    qint64 sum(const QString& key) const;

    std::map<QString, qint64> m_sums;
    std::map<qint64, bool> m_open;          // account id -> open
    QHash<QString, bool> m_codes;
    std::map<qint64, Tx> m_txs;
    qint64 m_receipts = 0;
};

} // namespace md::test

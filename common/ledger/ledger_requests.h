#pragma once

#include "ledger/channel.h"
#include "money/ids.h"
#include "money/money.h"
#include "money/utility.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace md {

// Every money operation carries a key made by the client before the first attempt and reused
// on every retry: the same key with the same content is the same operation, once.

struct OpenAccountRequest
{
    QString idempotencyKey;
    QString code;       // the account number people use (户号), unique
    QString tenantName;
    QString phone;
    OperatorId operatorId;
};

struct RechargeRequest
{
    QString idempotencyKey;
    AccountId account;
    Utility utility = Utility::Electricity;
    Channel channel = Channel::Cash;
    OperatorId cashier;
    Money paid;                    // what the tenant handed over
    Money fee;                     // service fee taken out of it (from the tariff); wallet gets paid - fee
    std::optional<Money> balanceCap; // 囤积上限 from the tariff, if any
    QString memo;
};

struct DeductionRequest
{
    QString idempotencyKey;        // the service derives it from meter and reading (billing is replayable)
    AccountId account;
    Utility utility = Utility::Electricity;
    MeterId meter;
    Money amount;                  // > 0
    QByteArray explanation;        // JSON: readings, tier/segment lines, prices
};

struct RefundRequest
{
    QString idempotencyKey;
    AccountId account;
    Utility utility = Utility::Electricity;
    Channel channel = Channel::Cash;
    OperatorId cashier;
    Money amount;                  // > 0, at most the wallet's balance
    QString memo;
};

// Moves money between two wallets: meter swap to another account, account merge, or between a
// tenant's electricity and water wallets.
struct TransferRequest
{
    QString idempotencyKey;
    AccountId fromAccount;
    Utility fromUtility = Utility::Electricity;
    AccountId toAccount;
    Utility toUtility = Utility::Electricity;
    OperatorId operatorId;
    Money amount;                  // > 0, at most the source wallet's balance
    QString memo;
};

// Closes an account and settles every wallet to zero (多退少补): positive balances are paid
// back, arrears are collected, through one channel by one cashier.
struct CloseAccountRequest
{
    QString idempotencyKey;
    AccountId account;
    Channel channel = Channel::Cash;
    OperatorId cashier;
    QString memo;
};

// Reverses a transaction completely with a new one (never an edit).
struct CorrectionRequest
{
    QString idempotencyKey;
    TransactionId reverses;
    OperatorId operatorId;
    QString reason;
};

// A manual balance adjustment (approved elsewhere): positive amounts credit the wallet.
struct AdjustmentRequest
{
    QString idempotencyKey;
    AccountId account;
    Utility utility = Utility::Electricity;
    OperatorId operatorId;
    Money amount;                  // != 0
    QString reason;
};

enum class TransactionKind { Open, Recharge, Deduction, Refund, Transfer, Closing, Correction, Adjustment };
QString transactionKindKey(TransactionKind k);
std::optional<TransactionKind> parseTransactionKind(QStringView key);

// What an operation returns, the first time and on every replay of its key.
struct TransactionResult
{
    TransactionId id;
    TransactionKind kind = TransactionKind::Open;
    AccountId account;
    Utility utility = Utility::Electricity;
    qint64 receiptNo = 0;          // 0 when the operation issues no receipt
    Money amount;                  // the operation's headline amount (see each operation)
    Money balanceBefore;           // the main wallet's balance before and after
    Money balanceAfter;
    bool replayed = false;         // true when this is the stored result of an earlier call

    bool operator==(const TransactionResult& o) const
    {
        return id == o.id && kind == o.kind && account == o.account && utility == o.utility
               && receiptNo == o.receiptNo && amount == o.amount && balanceBefore == o.balanceBefore
               && balanceAfter == o.balanceAfter;
    }
};

} // namespace md

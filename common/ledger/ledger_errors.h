#pragma once

#include "util/error.h"

namespace md {

// A money operation that the rules refuse (nothing was written). The code lets an API or a
// dialog react; the message is translated for the operator.
class LedgerRuleError : public Error
{
public:
    enum class Code {
        InvalidAmount,       // zero, negative, or a fee larger than the payment
        AccountNotFound,
        AccountClosed,
        DuplicateAccountCode,
        InsufficientBalance, // a refund or transfer larger than the wallet holds
        BalanceCapExceeded,  // 囤积上限: the recharge would lift the wallet over the cap
        NotReversible,       // a correction of a correction, an opening, or of a closed account
        AlreadyReversed,
        TransactionNotFound,
    };
    LedgerRuleError(Code code, QString message)
        : Error(std::move(message))
        , m_code(code)
    {
    }
    Code code() const noexcept { return m_code; }

private:
    Code m_code;
};

// The idempotency key was used before for an operation with different content. The caller
// made a new operation but reused an old key: nothing was written.
class IdempotencyConflict : public Error
{
public:
    using Error::Error;
};

} // namespace md

#include "ledger_model.h"

#include <algorithm>

namespace md::test {

using Code = LedgerRuleError::Code;

namespace {
QString wallet(AccountId a, Utility u)
{
    return LedgerAccountRef::wallet(a, u).key();
}
} // namespace

qint64 LedgerModel::sum(const QString& key) const
{
    const auto it = m_sums.find(key);
    return it == m_sums.end() ? 0 : it->second;
}

qint64 LedgerModel::walletBalance(AccountId a, Utility u) const
{
    return -sum(wallet(a, u));
}

QList<TransactionId> LedgerModel::transactions() const
{
    QList<TransactionId> ids;
    for (const auto& [id, tx] : m_txs)
        ids.append(TransactionId{id});
    return ids;
}

std::optional<Code> LedgerModel::accountProblem(AccountId a) const
{
    const auto it = m_open.find(a.v);
    if (it == m_open.end())
        return Code::AccountNotFound;
    if (!it->second)
        return Code::AccountClosed;
    return std::nullopt;
}

ModelOutcome LedgerModel::predict(const LedgerOp& op) const
{
    ModelOutcome o;
    auto post = [&o](const QString& key, qint64 fen) {
        if (fen != 0)
            o.postings[key] += fen;
    };
    auto fail = [&o](Code c) {
        o.error = c;
        o.postings.clear();
        return o;
    };

    if (const auto* r = std::get_if<OpenAccountRequest>(&op)) {
        o.result.kind = TransactionKind::Open;
        if (r->code.trimmed().isEmpty() || r->code.size() > 64)
            return fail(Code::InvalidAmount);
        if (m_codes.contains(r->code.trimmed()))
            return fail(Code::DuplicateAccountCode);
        return o;
    }
    if (const auto* r = std::get_if<RechargeRequest>(&op)) {
        o.result = {{}, TransactionKind::Recharge, r->account, r->utility, 0, r->paid, {}, {}, false};
        if (!r->paid.isPositive() || r->fee.isNegative() || r->fee >= r->paid)
            return fail(Code::InvalidAmount);
        if (auto p = accountProblem(r->account))
            return fail(*p);
        const qint64 before = walletBalance(r->account, r->utility);
        const qint64 after = before + r->paid.fen() - r->fee.fen();
        if (r->balanceCap && after > r->balanceCap->fen())
            return fail(Code::BalanceCapExceeded);
        o.result.balanceBefore = Money::fromFen(before);
        o.result.balanceAfter = Money::fromFen(after);
        o.result.receiptNo = m_receipts + 1;
        post(LedgerAccountRef::takings(r->channel, r->cashier).key(), r->paid.fen());
        post(wallet(r->account, r->utility), -(r->paid.fen() - r->fee.fen()));
        post(LedgerAccountRef::feeRevenue().key(), -r->fee.fen());
        return o;
    }
    if (const auto* r = std::get_if<DeductionRequest>(&op)) {
        o.result = {{}, TransactionKind::Deduction, r->account, r->utility, 0, r->amount, {}, {}, false};
        if (!r->amount.isPositive())
            return fail(Code::InvalidAmount);
        if (auto p = accountProblem(r->account))
            return fail(*p);
        const qint64 before = walletBalance(r->account, r->utility);
        o.result.balanceBefore = Money::fromFen(before);
        o.result.balanceAfter = Money::fromFen(before - r->amount.fen());
        post(wallet(r->account, r->utility), r->amount.fen());
        post(LedgerAccountRef::revenue(r->utility).key(), -r->amount.fen());
        return o;
    }
    if (const auto* r = std::get_if<RefundRequest>(&op)) {
        o.result = {{}, TransactionKind::Refund, r->account, r->utility, 0, r->amount, {}, {}, false};
        if (!r->amount.isPositive())
            return fail(Code::InvalidAmount);
        if (auto p = accountProblem(r->account))
            return fail(*p);
        const qint64 before = walletBalance(r->account, r->utility);
        if (r->amount.fen() > before)
            return fail(Code::InsufficientBalance);
        o.result.balanceBefore = Money::fromFen(before);
        o.result.balanceAfter = Money::fromFen(before - r->amount.fen());
        o.result.receiptNo = m_receipts + 1;
        post(wallet(r->account, r->utility), r->amount.fen());
        post(LedgerAccountRef::refunds(r->channel, r->cashier).key(), -r->amount.fen());
        return o;
    }
    if (const auto* r = std::get_if<TransferRequest>(&op)) {
        o.result = {{}, TransactionKind::Transfer, r->fromAccount, r->fromUtility, 0, r->amount, {}, {}, false};
        if (!r->amount.isPositive())
            return fail(Code::InvalidAmount);
        if (r->fromAccount == r->toAccount && r->fromUtility == r->toUtility)
            return fail(Code::InvalidAmount);
        const AccountId first = std::min(r->fromAccount, r->toAccount);
        const AccountId second = std::max(r->fromAccount, r->toAccount);
        if (auto p = accountProblem(first))
            return fail(*p);
        if (auto p = accountProblem(second))
            return fail(*p);
        const qint64 before = walletBalance(r->fromAccount, r->fromUtility);
        if (r->amount.fen() > before)
            return fail(Code::InsufficientBalance);
        o.result.balanceBefore = Money::fromFen(before);
        o.result.balanceAfter = Money::fromFen(before - r->amount.fen());
        post(wallet(r->fromAccount, r->fromUtility), r->amount.fen());
        post(wallet(r->toAccount, r->toUtility), -r->amount.fen());
        return o;
    }
    if (const auto* r = std::get_if<CloseAccountRequest>(&op)) {
        o.result = {{}, TransactionKind::Closing, r->account, Utility::Electricity, 0, {}, {}, {}, false};
        if (auto p = accountProblem(r->account))
            return fail(*p);
        qint64 net = 0;
        for (Utility u : kAllUtilities) {
            const qint64 b = walletBalance(r->account, u);
            if (u == Utility::Electricity)
                o.result.balanceBefore = Money::fromFen(b);
            if (b == 0)
                continue;
            post(wallet(r->account, u), b);
            if (b > 0)
                post(LedgerAccountRef::refunds(r->channel, r->cashier).key(), -b);
            else
                post(LedgerAccountRef::takings(r->channel, r->cashier).key(), -b);
            net += b;
        }
        o.result.amount = Money::fromFen(net);
        o.result.receiptNo = m_receipts + 1;
        return o;
    }
    if (const auto* r = std::get_if<CorrectionRequest>(&op)) {
        o.result.kind = TransactionKind::Correction;
        const auto it = m_txs.find(r->reverses.v);
        if (it == m_txs.end())
            return fail(Code::TransactionNotFound);
        const Tx& t = it->second;
        if (t.kind == TransactionKind::Open || t.kind == TransactionKind::Correction || t.kind == TransactionKind::Closing)
            return fail(Code::NotReversible);
        QList<AccountId> accounts = t.walletsOf;
        if (!accounts.contains(t.account))
            accounts.append(t.account);
        std::sort(accounts.begin(), accounts.end());
        for (AccountId a : accounts) {
            if (auto p = accountProblem(a))
                return fail(*p);
        }
        if (t.reversed)
            return fail(Code::AlreadyReversed);
        o.result = {{}, TransactionKind::Correction, t.account, t.utility, 0, t.amount, {}, {}, false};
        const qint64 before = walletBalance(t.account, t.utility);
        const auto main = t.postings.find(wallet(t.account, t.utility));
        o.result.balanceBefore = Money::fromFen(before);
        o.result.balanceAfter = Money::fromFen(before + (main == t.postings.end() ? 0 : main->second));
        for (const auto& [key, fen] : t.postings)
            post(key, -fen);
        return o;
    }
    const auto& r = std::get<AdjustmentRequest>(op);
    o.result = {{}, TransactionKind::Adjustment, r.account, r.utility, 0, r.amount, {}, {}, false};
    if (r.amount.isZero())
        return fail(Code::InvalidAmount);
    if (auto p = accountProblem(r.account))
        return fail(*p);
    const qint64 before = walletBalance(r.account, r.utility);
    o.result.balanceBefore = Money::fromFen(before);
    o.result.balanceAfter = Money::fromFen(before + r.amount.fen());
    post(wallet(r.account, r.utility), -r.amount.fen());
    post(LedgerAccountRef::adjustments().key(), r.amount.fen());
    return o;
}

void LedgerModel::apply(const LedgerOp& op, const ModelOutcome& outcome, const TransactionResult& actual)
{
    Q_ASSERT(!outcome.error);
    for (const auto& [key, fen] : outcome.postings)
        m_sums[key] += fen;
    if (outcome.result.receiptNo > 0)
        m_receipts = outcome.result.receiptNo;

    Tx tx{outcome.result.kind, outcome.result.account, outcome.result.utility, outcome.result.amount,
          outcome.postings, {}, false};
    if (const auto* r = std::get_if<OpenAccountRequest>(&op)) {
        m_codes.insert(r->code.trimmed(), true);
        m_open[actual.account.v] = true;
    } else if (const auto* c = std::get_if<CloseAccountRequest>(&op)) {
        m_open[c->account.v] = false;
    } else if (const auto* t = std::get_if<TransferRequest>(&op)) {
        tx.walletsOf = {t->fromAccount, t->toAccount};
    } else if (const auto* k = std::get_if<CorrectionRequest>(&op)) {
        m_txs[k->reverses.v].reversed = true;
        tx.walletsOf = m_txs[k->reverses.v].walletsOf;
    }
    m_txs[actual.id.v] = tx;
}

} // namespace md::test

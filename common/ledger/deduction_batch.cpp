#include "ledger/deduction_batch.h"

#include "audit/operation_log.h"
#include "ledger/fingerprint.h"
#include "ledger/wallet_daily.h"
#include "storage/database.h"
#include "util/clock.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace md {

using Code = LedgerRuleError::Code;

QByteArray deductionFingerprint(const DeductionRequest& r)
{
    return Fingerprint("deduct")
        .add("account", r.account.v)
        .add("utility", utilityKey(r.utility))
        .add("meter", r.meter.v)
        .add("amount", r.amount.fen())
        .add("explanation", r.explanation)
        .hex();
}

DeductionBatch::DeductionBatch(Ledger& ledger)
    : m_ledger(ledger)
    , m_store(*ledger.m_store)
{
    if (!ledger.m_db.inTransaction())
        throw Error(tr("Internal error: a batch of deductions needs the caller's database transaction"));
}

DeductionBatch::~DeductionBatch() = default;

void DeductionBatch::prefetch(const QList<std::pair<AccountId, Utility>>& wallets, const QStringList& keys)
{
    QList<AccountId> ids;
    QList<LedgerAccountRef> refs;
    for (const auto& [a, u] : wallets) {
        if (!m_accounts.contains(a.v))
            ids.append(a);
        const LedgerAccountRef w = LedgerAccountRef::wallet(a, u);
        const LedgerAccountRef r = LedgerAccountRef::revenue(u);
        if (!m_ledgerAccounts.contains(w.key()))
            refs.append(w);
        if (!m_ledgerAccounts.contains(r.key()))
            refs.append(r);
    }
    if (!ids.isEmpty()) {
        const auto rows = m_store.lockAccounts(ids);
        for (AccountId id : std::as_const(ids)) {
            const auto it = rows.constFind(id.v);
            m_accounts.insert(id.v, it == rows.cend() ? std::nullopt : std::optional(*it));
        }
    }
    // Only the ledger accounts of tenant accounts that exist (no row is created for a wallet
    // whose account is unknown: add() refuses it).
    QList<LedgerAccountRef> wanted;
    for (const LedgerAccountRef& ref : std::as_const(refs)) {
        if (ref.kind != LedgerAccountRef::Kind::Wallet || m_accounts.value(ref.account.v))
            wanted.append(ref);
    }
    if (!wanted.isEmpty()) {
        const auto rows = m_store.lockLedgerAccounts(wanted);
        for (auto it = rows.cbegin(); it != rows.cend(); ++it)
            m_ledgerAccounts.insert(it.key(), Wallet{it->id, it->sum, true});
    }
    QStringList unknown;
    for (const QString& k : keys) {
        if (!m_known.contains(k))
            unknown.append(k);
    }
    if (!unknown.isEmpty()) {
        const auto found = m_store.findByKeys(unknown);
        for (const QString& k : std::as_const(unknown)) {
            const auto it = found.constFind(k);
            m_known.insert(k, it == found.cend() ? std::nullopt : std::optional(*it));
        }
    }
}

const LedgerStore::AccountRow* DeductionBatch::account(AccountId id)
{
    auto it = m_accounts.find(id.v);
    if (it == m_accounts.end())
        it = m_accounts.insert(id.v, m_store.lockAccount(id));
    return *it ? &**it : nullptr;
}

DeductionBatch::Wallet& DeductionBatch::wallet(const LedgerAccountRef& ref)
{
    Wallet& w = m_ledgerAccounts[ref.key()];
    if (!w.loaded) {
        const qint64 id = m_store.lockLedgerAccount(ref);
        w = Wallet{id, m_store.lockedSum(ref), true};
    }
    return w;
}

Money DeductionBatch::walletBalance(AccountId account, Utility utility)
{
    const LedgerAccountRef ref = LedgerAccountRef::wallet(account, utility);
    const auto it = m_ledgerAccounts.constFind(ref.key());
    if (it != m_ledgerAccounts.cend() && it->loaded)
        return -it->sum;
    return -m_store.cachedSum(ref); // not locked: this batch posts nothing to it
}

DeductionBatch::Staged DeductionBatch::add(const DeductionRequest& r)
{
    if (m_written)
        throw Error(tr("Internal error: a batch of deductions was added to after it was written"));
    const QString& key = r.idempotencyKey;
    if (key.isEmpty() || key.size() > 128)
        throw LedgerRuleError(Code::InvalidAmount, Ledger::tr("An idempotency key of 1 to %1 characters is required").arg(128));
    const QByteArray fp = deductionFingerprint(r);
    // Replay: stored earlier, or staged earlier in this batch.
    if (const auto staged = m_stagedKeys.constFind(key); staged != m_stagedKeys.cend()) {
        const Entry& e = m_staged.at(*staged);
        if (e.fingerprint != fp)
            throw IdempotencyConflict(Ledger::tr("The key %1 was already used for a different operation; nothing was done").arg(key));
        Staged out{e.result, *staged};
        out.result.replayed = true;
        return out;
    }
    auto known = m_known.find(key);
    if (known == m_known.end())
        known = m_known.insert(key, m_store.findByKey(key));
    if (*known) {
        const LedgerStore::StoredTransaction& stored = **known;
        if (stored.fingerprint != fp || stored.result.kind != TransactionKind::Deduction)
            throw IdempotencyConflict(Ledger::tr("The key %1 was already used for a different operation; nothing was done").arg(key));
        Staged out{stored.result, -1};
        out.result.replayed = true;
        return out;
    }
    if (!r.amount.isPositive())
        throw LedgerRuleError(Code::InvalidAmount,
                              Ledger::tr("The amount must be greater than zero (got %1)").arg(r.amount.toYuanString()));
    const LedgerStore::AccountRow* row = account(r.account);
    if (!row)
        throw LedgerRuleError(Code::AccountNotFound, Ledger::tr("Account %1 does not exist").arg(r.account.v));
    if (!row->open)
        throw LedgerRuleError(Code::AccountClosed, Ledger::tr("Account %1 is closed").arg(row->code));

    Wallet& w = wallet(LedgerAccountRef::wallet(r.account, r.utility));
    Wallet& revenue = wallet(LedgerAccountRef::revenue(r.utility));
    Entry e;
    e.request = r;
    e.fingerprint = fp;
    e.result.kind = TransactionKind::Deduction;
    e.result.account = r.account;
    e.result.utility = r.utility;
    e.result.amount = r.amount;
    e.result.balanceBefore = -w.sum;
    e.result.balanceAfter = e.result.balanceBefore - r.amount;
    e.walletId = w.ledgerAccountId;
    e.revenueId = revenue.ledgerAccountId;
    // Postings: wallet +D, revenue −D (sum zero by construction).
    w.sum += r.amount;
    revenue.sum -= r.amount;
    m_stagedKeys.insert(key, m_staged.size());
    m_staged.append(e);
    return Staged{e.result, m_staged.size() - 1};
}

QList<TransactionId> DeductionBatch::write()
{
    if (m_written)
        throw Error(tr("Internal error: a batch of deductions was written twice"));
    m_written = true;
    if (m_staged.isEmpty())
        return {};
    const QDateTime now = m_ledger.m_clock.nowUtc();
    const qint64 nowMs = now.toMSecsSinceEpoch();
    m_ledger.ensureWalletDailyZone();

    QList<LedgerStore::NewTransaction> rows;
    rows.reserve(m_staged.size());
    for (const Entry& e : std::as_const(m_staged)) {
        LedgerStore::NewTransaction t;
        t.idempotencyKey = e.request.idempotencyKey;
        t.fingerprint = e.fingerprint;
        t.result = e.result;
        t.meter = e.request.meter;
        t.detail = e.request.explanation;
        t.atMs = nowMs;
        rows.append(t);
    }
    const QList<TransactionId> ids = m_store.insertTransactions(rows);

    QList<LedgerStore::NewPosting> postings;
    postings.reserve(m_staged.size() * 2);
    QHash<qint64, std::pair<Money, qint64>> moves;
    Money total;
    for (qsizetype i = 0; i < m_staged.size(); ++i) {
        Entry& e = m_staged[i];
        e.result.id = ids.at(i);
        postings.append({e.result.id, e.walletId, e.request.amount});
        postings.append({e.result.id, e.revenueId, -e.request.amount});
        auto& w = moves[e.walletId];
        w.first += e.request.amount;
        w.second += 1;
        auto& rv = moves[e.revenueId];
        rv.first -= e.request.amount;
        rv.second += 1;
        total += e.request.amount;
    }
    Money sum;
    for (auto it = moves.cbegin(); it != moves.cend(); ++it)
        sum += it->first;
    if (!sum.isZero())
        throw Error(tr("Internal error: a batch of deductions posts %1, not zero").arg(sum.toYuanString()));
    m_store.insertPostings(postings);
    m_store.moveBalances(moves);
    // The daily rollup: one row per touched ledger account (wallets and revenue), one upsert
    // per chunk; each account's balance after the batch is its staged running sum.
    {
        QHash<qint64, Money> after;
        for (const Wallet& w : std::as_const(m_ledgerAccounts))
            after.insert(w.ledgerAccountId, w.sum);
        QList<qint64> touched = moves.keys();
        std::sort(touched.begin(), touched.end());
        QList<WalletDailyMove> daily;
        daily.reserve(touched.size());
        for (const qint64 id : std::as_const(touched)) {
            const auto& m = moves.value(id);
            daily.append(WalletDailyMove{id, m.first.fen(), m.second, after.value(id).fen()});
        }
        addToWalletDaily(m_ledger.m_db, walletDailyDay(nowMs, m_ledger.m_zone), TransactionKind::Deduction, daily);
    }

    OperationRecord record;
    record.atUtc = now;
    record.client = m_ledger.m_client;
    record.result = QStringLiteral("ok");
    if (m_staged.size() == 1) {
        // Exactly the record Ledger::deduct writes.
        const TransactionResult& r = m_staged.first().result;
        record.action = QStringLiteral("deduct");
        record.subject = QStringLiteral("account:%1").arg(r.account.v);
        record.detail = QJsonDocument(QJsonObject{{QStringLiteral("tx"), r.id.v},
                                                  {QStringLiteral("key"), m_staged.first().request.idempotencyKey},
                                                  {QStringLiteral("amount_fen"), r.amount.fen()},
                                                  {QStringLiteral("utility"), utilityKey(r.utility)},
                                                  {QStringLiteral("balance_before_fen"), r.balanceBefore.fen()},
                                                  {QStringLiteral("balance_after_fen"), r.balanceAfter.fen()}})
                            .toJson(QJsonDocument::Compact);
    } else {
        // One record for the batch: which transactions (ranges of ids), how many, how much, and
        // a SHA-256 over each one's content, so the record vouches for every row it names.
        QCryptographicHash h(QCryptographicHash::Sha256);
        QJsonArray ranges;
        qint64 from = 0;
        qint64 to = 0;
        QSet<qint64> accounts;
        for (const Entry& e : std::as_const(m_staged)) {
            const TransactionResult& r = e.result;
            accounts.insert(r.account.v);
            h.addData(QByteArray::number(r.id.v) + '|' + e.request.idempotencyKey.toUtf8() + '|' +
                      QByteArray::number(r.account.v) + '|' + utilityKey(r.utility).toUtf8() + '|' +
                      QByteArray::number(r.amount.fen()) + '|' + QByteArray::number(r.balanceBefore.fen()) + '|' +
                      QByteArray::number(r.balanceAfter.fen()) + '|' + e.fingerprint + '\n');
            if (from != 0 && r.id.v == to + 1) {
                to = r.id.v;
                continue;
            }
            if (from != 0)
                ranges.append(QJsonArray{from, to});
            from = to = r.id.v;
        }
        ranges.append(QJsonArray{from, to});
        record.action = QStringLiteral("deduct-batch");
        record.subject = QStringLiteral("deductions:%1").arg(m_staged.size());
        record.detail = QJsonDocument(QJsonObject{{QStringLiteral("count"), m_staged.size()},
                                                  {QStringLiteral("accounts"), accounts.size()},
                                                  {QStringLiteral("total_fen"), total.fen()},
                                                  {QStringLiteral("transactions"), ranges},
                                                  {QStringLiteral("sha256"), QString::fromLatin1(h.result().toHex())}})
                            .toJson(QJsonDocument::Compact);
    }
    OperationLog::append(m_ledger.m_db, record);

    QList<TransactionId> out;
    out.reserve(m_staged.size());
    for (const Entry& e : std::as_const(m_staged))
        out.append(e.result.id);
    return out;
}

} // namespace md

#include "ledger/ledger_store.h"

#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <algorithm>

namespace md {

using storage::SqlQuery;

namespace {

// A QString that was never set binds as SQL NULL; the ledger's text columns are NOT NULL
// and an absent memo or phone is simply empty.
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QString accountStatus(bool open)
{
    return open ? QStringLiteral("open") : QStringLiteral("closed");
}

} // namespace

LedgerStore::LedgerStore(storage::Database& db)
    : m_db(db)
{
}

std::optional<LedgerStore::AccountRow> LedgerStore::lockAccount(AccountId id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT id, code, status FROM accounts WHERE id = ?") + m_db.dialect().forUpdate());
    q.bind(id.v);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return AccountRow{AccountId{q.intValue(0)}, q.value(1).toString(),
                      q.value(2).toString() == accountStatus(true)};
}

bool LedgerStore::accountCodeExists(const QString& code)
{
    SqlQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM accounts WHERE code = ?"));
    q.bind(code);
    return q.scalarInt() > 0;
}

AccountId LedgerStore::insertAccount(const OpenAccountRequest& r, qint64 atMs)
{
    SqlQuery q(m_db, QStringLiteral("INSERT INTO accounts (code, tenant_name, phone, status, opened_at) "
                                    "VALUES (?, ?, ?, ?, ?)"));
    q.bind(r.code.trimmed());
    q.bind(text(r.tenantName));
    q.bind(text(r.phone));
    q.bind(accountStatus(true));
    q.bind(atMs);
    q.exec();
    return AccountId{q.lastInsertId()};
}

void LedgerStore::markClosed(AccountId id, qint64 atMs)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE accounts SET status = ?, closed_at = ? WHERE id = ?"));
    q.bind(accountStatus(false));
    q.bind(atMs);
    q.bind(id.v);
    q.exec();
}

bool LedgerStore::isAccountOpen(AccountId id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT status FROM accounts WHERE id = ?"));
    q.bind(id.v);
    q.exec();
    return q.next() && q.value(0).toString() == accountStatus(true);
}

qint64 LedgerStore::lockLedgerAccount(const LedgerAccountRef& ref)
{
    return lockRow(ref).first;
}

Money LedgerStore::lockedSum(const LedgerAccountRef& ref)
{
    return lockRow(ref).second;
}

std::pair<qint64, Money> LedgerStore::lockRow(const LedgerAccountRef& ref)
{
    const QString name = ref.key();
    {
        // A locking read: on MySQL it sees the latest committed balance, not this
        // transaction's snapshot, and holds the row until commit.
        SqlQuery q(m_db, QStringLiteral("SELECT id, balance_fen FROM ledger_accounts WHERE name = ?") +
                             m_db.dialect().forUpdate());
        q.bind(name);
        q.exec();
        if (q.next())
            return {q.intValue(0), Money::fromFen(q.intValue(1))};
    }
    // First use. A concurrent first use of the same name fails on the unique index; the
    // ledger then runs the whole operation again and finds the row.
    SqlQuery q(m_db, QStringLiteral("INSERT INTO ledger_accounts (name, kind, account_id, utility, channel, operator_id) "
                                    "VALUES (?, ?, ?, ?, ?, ?)"));
    const bool isWallet = ref.kind == LedgerAccountRef::Kind::Wallet;
    const bool hasUtility = isWallet || ref.kind == LedgerAccountRef::Kind::Revenue;
    const bool hasChannel = ref.kind == LedgerAccountRef::Kind::Takings || ref.kind == LedgerAccountRef::Kind::Refunds;
    const QVariant nullInt{QMetaType(QMetaType::LongLong)};
    const QVariant nullText{QMetaType(QMetaType::QString)};
    q.bind(name);
    q.bind(ref.kindKey());
    q.bind(isWallet ? QVariant(ref.account.v) : nullInt);
    q.bind(hasUtility ? QVariant(utilityKey(ref.utility)) : nullText);
    q.bind(hasChannel ? QVariant(channelKey(ref.channel)) : nullText);
    q.bind(hasChannel ? QVariant(ref.cashier.v) : nullInt);
    q.exec();
    return {q.lastInsertId(), Money()};
}

Money LedgerStore::cachedSum(const LedgerAccountRef& ref)
{
    SqlQuery q(m_db, QStringLiteral("SELECT balance_fen FROM ledger_accounts WHERE name = ?"));
    q.bind(ref.key());
    q.exec();
    return Money::fromFen(q.next() ? q.intValue(0) : 0);
}

static const char kTransactionColumns[] =
    "id, kind, account_id, utility, receipt_no, amount_fen, balance_before_fen, balance_after_fen, "
    "fingerprint, reverses_tx";

static LedgerStore::StoredTransaction readTransaction(SqlQuery& q)
{
    LedgerStore::StoredTransaction t;
    t.result.id = TransactionId{q.intValue(0)};
    t.result.kind = parseTransactionKind(q.value(1).toString()).value_or(TransactionKind::Open);
    t.result.account = AccountId{q.intValue(2)};
    t.result.utility = parseUtility(q.value(3).toString()).value_or(Utility::Electricity);
    t.result.receiptNo = q.optionalInt(4).value_or(0);
    t.result.amount = Money::fromFen(q.intValue(5));
    t.result.balanceBefore = Money::fromFen(q.intValue(6));
    t.result.balanceAfter = Money::fromFen(q.intValue(7));
    t.fingerprint = q.value(8).toString().toLatin1();
    if (const auto reverses = q.optionalInt(9))
        t.reverses = TransactionId{*reverses};
    return t;
}

std::optional<LedgerStore::StoredTransaction> LedgerStore::findByKey(const QString& key)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM transactions WHERE idem_key = ?").arg(QLatin1String(kTransactionColumns)));
    q.bind(key);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return readTransaction(q);
}

std::optional<LedgerStore::StoredTransaction> LedgerStore::findById(TransactionId id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM transactions WHERE id = ?").arg(QLatin1String(kTransactionColumns)));
    q.bind(id.v);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return readTransaction(q);
}

bool LedgerStore::isReversed(TransactionId id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM transactions WHERE reverses_tx = ?"));
    q.bind(id.v);
    return q.scalarInt() > 0;
}

TransactionId LedgerStore::insertTransaction(const NewTransaction& t)
{
    SqlQuery q(m_db, QStringLiteral(
                         "INSERT INTO transactions (kind, idem_key, fingerprint, account_id, utility, operator_id, "
                         "meter_id, receipt_no, reverses_tx, amount_fen, balance_before_fen, balance_after_fen, memo, "
                         "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const QVariant nullId{QMetaType(QMetaType::LongLong)};
    q.bind(transactionKindKey(t.result.kind));
    q.bind(t.idempotencyKey);
    q.bind(QString::fromLatin1(t.fingerprint));
    q.bind(t.result.account.v);
    q.bind(utilityKey(t.result.utility));
    q.bind(t.operatorId.v);
    q.bind(t.meter.isValid() ? QVariant(t.meter.v) : nullId);
    q.bind(t.result.receiptNo > 0 ? QVariant(t.result.receiptNo) : nullId);
    q.bind(t.reverses ? QVariant(t.reverses->v) : nullId);
    q.bind(t.result.amount.fen());
    q.bind(t.result.balanceBefore.fen());
    q.bind(t.result.balanceAfter.fen());
    q.bind(text(t.memo));
    q.bind(text(QString::fromUtf8(t.detail)));
    q.bind(t.atMs);
    q.exec();
    return TransactionId{q.lastInsertId()};
}

std::pair<qint64, Money> LedgerStore::insertPosting(TransactionId tx, const LedgerAccountRef& ref, Money amount)
{
    const auto [accountId, before] = lockRow(ref);
    SqlQuery insert(m_db, QStringLiteral("INSERT INTO postings (tx_id, ledger_account_id, amount_fen) VALUES (?, ?, ?)"));
    insert.bind(tx.v);
    insert.bind(accountId);
    insert.bind(amount.fen());
    insert.exec();
    SqlQuery update(m_db, QStringLiteral("UPDATE ledger_accounts SET balance_fen = balance_fen + ?, "
                                         "posting_count = posting_count + 1 WHERE id = ?"));
    update.bind(amount.fen());
    update.bind(accountId);
    update.exec();
    return {accountId, before + amount};
}

qint64 LedgerStore::allocateReceiptNo()
{
    // The UPDATE takes the counter row's lock first, so concurrent cashiers queue here and each
    // gets the next number; a rollback returns the number with everything else: no gaps.
    SqlQuery bump(m_db, QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = 'receipt'"));
    bump.exec();
    SqlQuery read(m_db, QStringLiteral("SELECT value FROM counters WHERE name = 'receipt'"));
    return read.scalarInt();
}

LedgerAccountRef LedgerStore::refFromRow(const QString& kind, qint64 account, const QString& utility,
                                         const QString& channel, qint64 operatorId) const
{
    const Utility u = parseUtility(utility).value_or(Utility::Electricity);
    const Channel c = parseChannel(channel).value_or(Channel::Other);
    if (kind == u"wallet")
        return LedgerAccountRef::wallet(AccountId{account}, u);
    if (kind == u"takings")
        return LedgerAccountRef::takings(c, OperatorId{operatorId});
    if (kind == u"refunds")
        return LedgerAccountRef::refunds(c, OperatorId{operatorId});
    if (kind == u"revenue")
        return LedgerAccountRef::revenue(u);
    if (kind == u"fee-revenue")
        return LedgerAccountRef::feeRevenue();
    return LedgerAccountRef::adjustments();
}

QList<Posting> LedgerStore::postingsOf(TransactionId tx)
{
    SqlQuery q(m_db, QStringLiteral("SELECT a.kind, a.account_id, a.utility, a.channel, a.operator_id, p.amount_fen "
                                    "FROM postings p JOIN ledger_accounts a ON a.id = p.ledger_account_id "
                                    "WHERE p.tx_id = ? ORDER BY p.id"));
    q.bind(tx.v);
    q.exec();
    QList<Posting> postings;
    while (q.next()) {
        postings.append({refFromRow(q.stringValue(0), q.optionalInt(1).value_or(0), q.stringValue(2),
                                    q.stringValue(3), q.optionalInt(4).value_or(0)),
                         Money::fromFen(q.intValue(5))});
    }
    return postings;
}

QHash<qint64, LedgerStore::AccountRow> LedgerStore::lockAccounts(QList<AccountId> ids)
{
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    QList<QVariant> keys;
    keys.reserve(ids.size());
    for (AccountId id : std::as_const(ids))
        keys.append(id.v);
    QHash<qint64, AccountRow> rows;
    // Ascending id within each statement and across them (the keys are sorted): the locking order.
    storage::bulk::selectIn(m_db, QStringLiteral("SELECT id, code, status FROM accounts WHERE id IN ("),
                            QStringLiteral(") ORDER BY id") + m_db.dialect().forUpdate(), keys, [&](SqlQuery& q) {
                                const qint64 id = q.intValue(0);
                                rows.insert(id, AccountRow{AccountId{id}, q.stringValue(1),
                                                           q.stringValue(2) == accountStatus(true)});
                            });
    return rows;
}

QHash<QString, LedgerStore::LedgerAccountRow> LedgerStore::lockLedgerAccounts(const QList<LedgerAccountRef>& refs)
{
    QStringList names;
    for (const LedgerAccountRef& ref : refs)
        names.append(ref.key());
    names.sort();
    names.removeDuplicates();
    QList<QVariant> keys;
    keys.reserve(names.size());
    for (const QString& n : std::as_const(names))
        keys.append(n);
    QHash<QString, LedgerAccountRow> rows;
    storage::bulk::selectIn(m_db, QStringLiteral("SELECT id, name, balance_fen FROM ledger_accounts WHERE name IN ("),
                            QStringLiteral(") ORDER BY name") + m_db.dialect().forUpdate(), keys, [&](SqlQuery& q) {
                                rows.insert(q.stringValue(1), LedgerAccountRow{q.intValue(0), Money::fromFen(q.intValue(2))});
                            });
    for (const LedgerAccountRef& ref : refs) {
        const QString name = ref.key();
        if (!rows.contains(name)) { // first use: created (rare, one by one)
            const auto [id, sum] = lockRow(ref);
            rows.insert(name, LedgerAccountRow{id, sum});
        }
    }
    return rows;
}

QHash<QString, LedgerStore::StoredTransaction> LedgerStore::findByKeys(const QStringList& keys)
{
    QList<QVariant> values;
    values.reserve(keys.size());
    for (const QString& k : keys)
        values.append(k);
    QHash<QString, StoredTransaction> found;
    storage::bulk::selectIn(m_db,
                            QStringLiteral("SELECT %1, idem_key FROM transactions WHERE idem_key IN (")
                                .arg(QLatin1String(kTransactionColumns)),
                            QStringLiteral(")"), values,
                            [&](SqlQuery& q) { found.insert(q.stringValue(10), readTransaction(q)); });
    return found;
}

QList<TransactionId> LedgerStore::insertTransactions(const QList<NewTransaction>& rows)
{
    static const QStringList columns{
        QStringLiteral("kind"),        QStringLiteral("idem_key"),    QStringLiteral("fingerprint"),
        QStringLiteral("account_id"),  QStringLiteral("utility"),     QStringLiteral("operator_id"),
        QStringLiteral("meter_id"),    QStringLiteral("receipt_no"),  QStringLiteral("reverses_tx"),
        QStringLiteral("amount_fen"),  QStringLiteral("balance_before_fen"), QStringLiteral("balance_after_fen"),
        QStringLiteral("memo"),        QStringLiteral("detail"),      QStringLiteral("created_at")};
    const QVariant nullId{QMetaType(QMetaType::LongLong)};
    QList<QVariant> values;
    values.reserve(rows.size() * columns.size());
    QHash<QString, qsizetype> index;
    index.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const NewTransaction& t = rows.at(i);
        index.insert(t.idempotencyKey, i);
        values << transactionKindKey(t.result.kind) << t.idempotencyKey << QString::fromLatin1(t.fingerprint)
               << t.result.account.v << utilityKey(t.result.utility) << t.operatorId.v
               << (t.meter.isValid() ? QVariant(t.meter.v) : nullId)
               << (t.result.receiptNo > 0 ? QVariant(t.result.receiptNo) : nullId)
               << (t.reverses ? QVariant(t.reverses->v) : nullId) << t.result.amount.fen()
               << t.result.balanceBefore.fen() << t.result.balanceAfter.fen() << text(t.memo)
               << text(QString::fromUtf8(t.detail)) << t.atMs;
    }
    // RETURNING (SQLite 3.35+, MariaDB 10.5+) gives each new row's id with its key; the order
    // of the returned rows is not promised, the key says which row it is.
    QList<TransactionId> ids(rows.size());
    qsizetype returned = 0;
    const auto take = [&](SqlQuery& q) {
        const auto it = index.constFind(q.stringValue(1));
        if (it != index.cend() && !ids.at(*it).isValid()) {
            ids[*it] = TransactionId{q.intValue(0)};
            ++returned;
        }
    };
    if (m_db.backend() == storage::DatabaseConfig::Backend::Sqlite) {
        storage::bulk::insertRows(m_db, QStringLiteral("transactions"), columns, values,
                                  QStringLiteral("RETURNING id, idem_key"), take);
    } else {
        // Qt's MySQL driver returns no rows from INSERT ... RETURNING: read the ids back by key.
        storage::bulk::insertRows(m_db, QStringLiteral("transactions"), columns, values);
        QList<QVariant> keys;
        keys.reserve(rows.size());
        for (const NewTransaction& t : rows)
            keys.append(t.idempotencyKey);
        storage::bulk::selectIn(m_db, QStringLiteral("SELECT id, idem_key FROM transactions WHERE idem_key IN ("),
                                QStringLiteral(")"), keys, take);
    }
    if (returned != rows.size())
        throw storage::StorageError(QStringLiteral("transactions: %1 rows inserted, %2 ids returned").arg(rows.size()).arg(returned));
    return ids;
}

void LedgerStore::insertPostings(const QList<NewPosting>& rows)
{
    static const QStringList columns{QStringLiteral("tx_id"), QStringLiteral("ledger_account_id"), QStringLiteral("amount_fen")};
    QList<QVariant> values;
    values.reserve(rows.size() * 3);
    for (const NewPosting& p : rows)
        values << p.tx.v << p.ledgerAccountId << p.amount.fen();
    storage::bulk::insertRows(m_db, QStringLiteral("postings"), columns, values);
}

void LedgerStore::moveBalances(const QHash<qint64, std::pair<Money, qint64>>& moves)
{
    QList<qint64> ids = moves.keys();
    std::sort(ids.begin(), ids.end());
    qsizetype at = 0;
    // One UPDATE per chunk: balance_fen + CASE id WHEN ? THEN ? ... END (relative moves, as
    // insertPosting makes them, so the rows' locks and values stay the database's).
    for (const qsizetype n : storage::bulk::chunkSizes(ids.size(), 64)) {
        QString cases;
        for (qsizetype i = 0; i < n; ++i)
            cases += QLatin1String(" WHEN ? THEN ?");
        SqlQuery q(m_db, QStringLiteral("UPDATE ledger_accounts SET balance_fen = balance_fen + CASE id%1 END, "
                                        "posting_count = posting_count + CASE id%1 END WHERE id IN (%2)")
                             .arg(cases, storage::bulk::marks(n)));
        for (qsizetype i = 0; i < n; ++i)
            q.bind(ids.at(at + i)).bind(moves.value(ids.at(at + i)).first.fen());
        for (qsizetype i = 0; i < n; ++i)
            q.bind(ids.at(at + i)).bind(moves.value(ids.at(at + i)).second);
        for (qsizetype i = 0; i < n; ++i)
            q.bind(ids.at(at + i));
        q.exec();
        if (q.rowsAffected() != n)
            throw storage::StorageError(QStringLiteral("ledger_accounts: %1 balances to move, %2 rows matched").arg(n).arg(q.rowsAffected()));
        at += n;
    }
}

QList<LedgerDiscrepancy> LedgerStore::findDiscrepancies()
{
    QList<LedgerDiscrepancy> found;
    SqlQuery cached(m_db, QStringLiteral(
                              "SELECT a.name, a.balance_fen, a.posting_count, COALESCE(SUM(p.amount_fen), 0), COUNT(p.id) "
                              "FROM ledger_accounts a LEFT JOIN postings p ON p.ledger_account_id = a.id "
                              "GROUP BY a.id, a.name, a.balance_fen, a.posting_count"));
    cached.exec();
    while (cached.next()) {
        const qint64 cachedFen = cached.intValue(1);
        const qint64 postedFen = cached.intValue(3);
        if (cachedFen != postedFen || cached.intValue(2) != cached.intValue(4)) {
            found.append({QStringLiteral("%1: cached balance %2 fen over %3 postings, postings sum to %4 fen over %5")
                              .arg(cached.value(0).toString())
                              .arg(cachedFen)
                              .arg(cached.intValue(2))
                              .arg(postedFen)
                              .arg(cached.intValue(4))});
        }
    }
    SqlQuery unbalanced(m_db, QStringLiteral("SELECT tx_id, SUM(amount_fen) FROM postings GROUP BY tx_id "
                                             "HAVING SUM(amount_fen) <> 0"));
    unbalanced.exec();
    while (unbalanced.next()) {
        found.append({QStringLiteral("transaction %1: postings sum to %2 fen")
                          .arg(unbalanced.intValue(0))
                          .arg(unbalanced.intValue(1))});
    }
    return found;
}

} // namespace md

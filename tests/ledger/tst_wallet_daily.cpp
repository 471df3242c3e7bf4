// wallet_daily, the per ledger account and office day rollup (schema v5): the migration's
// backfill, and the Ledger keeping it equal to its recomputation from the postings on every
// posting path, on SQLite and MariaDB.

#include "ledger_fixture.h"

#include "ledger/wallet_daily.h"
#include "schema/migrations.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QDateTime>

using namespace md;
using namespace md::test;

namespace {

qint64 shanghaiMs(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone(QByteArrayLiteral("Asia/Shanghai"))).toMSecsSinceEpoch();
}

void exec(storage::Database& db, const QString& sql, const QList<QVariant>& values = {})
{
    storage::SqlQuery q(db, sql);
    for (const QVariant& v : values)
        q.bind(v);
    q.exec();
}

QList<WalletDayRow> allStored(storage::Database& db)
{
    return storedWalletDaily(db, 0, std::numeric_limits<qint64>::max());
}

QList<WalletDayRow> allRecomputed(storage::Database& db, const QTimeZone& zone)
{
    QList<WalletDayRow> out;
    recomputeWalletDaily(db, zone, [&](qint64, qint64, const QList<WalletDayRow>& rows) { out += rows; });
    return out;
}

} // namespace

TEST_CASE("Schema v5 backfills wallet_daily from the postings by office day", "[ledger][wallet_daily][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase test(backend);
    auto db = test.open();
    const auto all = meterdeskMigrations();
    REQUIRE(all.size() >= 5);
    storage::Migrator::migrate(*db, all.first(4));

    // Books written before v5: one wallet, a recharge and two deductions, the second just
    // after local midnight (still the previous day in UTC).
    exec(*db, QStringLiteral("INSERT INTO accounts (code, tenant_name, phone, status, opened_at) VALUES ('A1', 't', '', 'open', 0)"));
    exec(*db, QStringLiteral("INSERT INTO ledger_accounts (name, kind, account_id, utility) VALUES ('wallet:1:electricity', 'wallet', 1, 'electricity')"));
    exec(*db, QStringLiteral("INSERT INTO ledger_accounts (name, kind, utility) VALUES ('revenue:electricity', 'revenue', 'electricity')"));
    exec(*db, QStringLiteral("INSERT INTO ledger_accounts (name, kind, channel, operator_id) VALUES ('takings:cash:1', 'takings', 'cash', 1)"));
    const auto tx = [&](const char* kind, const char* key, qint64 atMs, qint64 walletFen, qint64 otherAccount) {
        exec(*db, QStringLiteral("INSERT INTO transactions (kind, idem_key, fingerprint, account_id, utility, operator_id, amount_fen, "
                                 "balance_before_fen, balance_after_fen, memo, detail, created_at) VALUES (?, ?, '', 1, 'electricity', 1, 0, 0, 0, '', '', ?)"),
             {QString::fromLatin1(kind), QString::fromLatin1(key), atMs});
        storage::SqlQuery id(*db, QStringLiteral("SELECT id FROM transactions WHERE idem_key = ?"));
        id.bind(QString::fromLatin1(key));
        const qint64 txId = id.scalarInt();
        exec(*db, QStringLiteral("INSERT INTO postings (tx_id, ledger_account_id, amount_fen) VALUES (?, 1, ?)"), {txId, walletFen});
        exec(*db, QStringLiteral("INSERT INTO postings (tx_id, ledger_account_id, amount_fen) VALUES (?, ?, ?)"), {txId, otherAccount, -walletFen});
    };
    tx("recharge", "k1", shanghaiMs(2026, 1, 1, 10, 0), -1000, 3);
    tx("deduction", "k2", shanghaiMs(2026, 1, 1, 23, 30), 300, 2);
    tx("deduction", "k3", shanghaiMs(2026, 1, 2, 0, 10), 200, 2);

    storage::Migrator::migrate(*db, all);
    REQUIRE(walletDailyZone(*db) == QByteArrayLiteral("Asia/Shanghai"));
    const QList<WalletDayRow> rows = allStored(*db);
    // wallet: two days; revenue: two days; takings: one day.
    REQUIRE(rows.size() == 5);
    WalletDayRow w1;
    w1.ledgerAccountId = 1;
    w1.day = QStringLiteral("2026-01-01");
    w1.rechargeFen = -1000;
    w1.deductionFen = 300;
    w1.netFen = -700;
    w1.balanceFen = -700;
    w1.postings = 2;
    WalletDayRow w2;
    w2.ledgerAccountId = 1;
    w2.day = QStringLiteral("2026-01-02");
    w2.deductionFen = 200;
    w2.netFen = 200;
    w2.balanceFen = -500;
    w2.postings = 1;
    CHECK(rows.at(0) == w1);
    CHECK(rows.at(1) == w2);
    CHECK(rows.at(2).ledgerAccountId == 2);
    CHECK(rows.at(3).day == QStringLiteral("2026-01-02"));
    CHECK(rows.at(3).balanceFen == -500);
    CHECK(rows.at(4).ledgerAccountId == 3);
    CHECK(rows.at(4).rechargeFen == 1000);
    CHECK(rows == allRecomputed(*db, walletDailyDefaultZone()));
    // In UTC both deductions fall on 2025-12-31 and 2026-01-01 differently: the zone matters.
    CHECK(rows != allRecomputed(*db, QTimeZone::utc()));
}

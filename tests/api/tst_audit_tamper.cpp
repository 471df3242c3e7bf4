// The operation log's hash chain against tampering: 1,000 times, one random record of a real
// log file is changed, deleted, inserted or moved, and `meterdeskd audit-verify` must report
// the log broken and name the first record that no longer fits.

#include "api/audit_verifier.h"
#include "audit/operation_log.h"
#include "cli/command.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace md;
using storage::SqlQuery;

namespace {

constexpr qint64 kRecords = 40;

storage::DatabaseConfig sqliteAt(const QString& path)
{
    storage::DatabaseConfig c;
    c.path = path;
    return c;
}

void writeLog(const QString& path)
{
    auto db = storage::Database::open(sqliteAt(path));
    storage::Migrator::migrate(*db, meterdeskMigrations());
    const QStringList actions{QStringLiteral("login"), QStringLiteral("recharge"), QStringLiteral("refund"),
                              QStringLiteral("approval-approve"), QStringLiteral("operator-create")};
    for (qint64 i = 1; i <= kRecords; ++i) {
        storage::TransactionGuard guard(*db);
        OperationRecord r;
        r.atUtc = QDateTime(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC).addSecs(i * 37);
        r.operatorId = OperatorId{i % 4 + 1};
        r.client = QStringLiteral("192.168.1.%1").arg(10 + i % 3);
        r.action = actions.at(i % actions.size());
        r.subject = QStringLiteral("account:%1").arg(i % 7 + 1);
        r.detail = QJsonDocument(QJsonObject{{QStringLiteral("amount_fen"), 100 * i}}).toJson(QJsonDocument::Compact);
        r.result = QStringLiteral("ok");
        OperationLog::append(*db, r);
        guard.commit();
    }
}

struct Row
{
    qint64 seq;
    QVariantList values; // at_ms .. hash
};

const QStringList kColumns{QStringLiteral("at_ms"),  QStringLiteral("operator_id"), QStringLiteral("client"),
                           QStringLiteral("action"), QStringLiteral("subject"),     QStringLiteral("detail"),
                           QStringLiteral("result"), QStringLiteral("prev_hash"),   QStringLiteral("hash")};

Row readRow(storage::Database& db, qint64 seq)
{
    SqlQuery q(db, QStringLiteral("SELECT %1 FROM operation_log WHERE seq = ?").arg(kColumns.join(u", ")));
    q.bind(seq);
    q.exec();
    REQUIRE(q.next());
    Row r{seq, {}};
    for (int i = 0; i < kColumns.size(); ++i)
        r.values.append(q.value(i));
    return r;
}

void writeRow(storage::Database& db, const Row& r)
{
    QStringList sets;
    for (const QString& c : kColumns)
        sets.append(c + QStringLiteral(" = ?"));
    SqlQuery q(db, QStringLiteral("UPDATE operation_log SET %1 WHERE seq = ?").arg(sets.join(u", ")));
    for (const QVariant& v : r.values)
        q.bind(v);
    q.bind(r.seq);
    q.exec();
}

// Applies one random tampering and returns the record audit-verify must name.
qint64 tamper(storage::Database& db, QRandomGenerator& rng, QString& what)
{
    storage::TransactionGuard guard(db);
    const int kind = int(rng.bounded(4));
    qint64 expected = 0;
    if (kind == 0) { // change one field of one record
        const qint64 k = 1 + rng.bounded(kRecords);
        Row r = readRow(db, k);
        const int field = int(rng.bounded(int(kColumns.size())));
        QVariant& v = r.values[field];
        if (field <= 1)
            v = v.toLongLong() + 1 + rng.bounded(1000);
        else if (field >= 7) // a hash: flip one hex digit
            v = v.toString().replace(0, 1, v.toString().startsWith(u'0') ? QStringLiteral("1") : QStringLiteral("0"));
        else
            v = v.toString() + QStringLiteral("x");
        if (field == 7 && k == 1)
            v = QStringLiteral("00"); // the first record's previous hash is empty
        writeRow(db, r);
        what = QStringLiteral("change %1 of record %2").arg(kColumns.at(field)).arg(k);
        expected = k;
    } else if (kind == 1) { // delete one record
        const qint64 k = 1 + rng.bounded(kRecords);
        SqlQuery q(db, QStringLiteral("DELETE FROM operation_log WHERE seq = ?"));
        q.bind(k);
        q.exec();
        what = QStringLiteral("delete record %1").arg(k);
        expected = k;
    } else if (kind == 2) { // insert a well-formed record before position k (k = N+1: append)
        const qint64 k = 1 + rng.bounded(kRecords + 1);
        SqlQuery::execDirect(db, QStringLiteral("UPDATE operation_log SET seq = -(seq + 1) WHERE seq >= %1").arg(k));
        SqlQuery::execDirect(db, QStringLiteral("UPDATE operation_log SET seq = -seq WHERE seq < 0"));
        const QByteArray prev = k == 1 ? QByteArray("") : readRow(db, k - 1).values.at(8).toString().toLatin1();
        OperationRecord fake;
        fake.atUtc = QDateTime(QDate(2024, 5, 1), QTime(9, 30), Qt::UTC);
        fake.operatorId = OperatorId{2};
        fake.client = QStringLiteral("10.0.0.66");
        fake.action = QStringLiteral("refund");
        fake.subject = QStringLiteral("account:3");
        fake.detail = "{\"amount_fen\":50000}";
        fake.result = QStringLiteral("ok");
        const QByteArray hash = OperationLog::chainHash(prev, OperationLog::canonicalBytes(k, fake));
        SqlQuery q(db, QStringLiteral("INSERT INTO operation_log (seq, at_ms, operator_id, client, action, subject, "
                                      "detail, result, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant& v : QVariantList{k, fake.atUtc.toMSecsSinceEpoch(), fake.operatorId.v, fake.client, fake.action,
                                              fake.subject, QString::fromUtf8(fake.detail), fake.result,
                                              prev.isEmpty() ? QStringLiteral("") : QString::fromLatin1(prev), QString::fromLatin1(hash)})
            q.bind(v);
        q.exec();
        what = QStringLiteral("insert a record at %1").arg(k);
        // The inserted record chains to its predecessor; the one after it no longer does. An
        // appended record is beyond the chain head.
        expected = k == kRecords + 1 ? k : k + 1;
    } else { // move: two records swap places (contents), seq numbers stay
        const qint64 k = 1 + rng.bounded(kRecords);
        qint64 j = 1 + rng.bounded(kRecords - 1);
        if (j >= k)
            ++j;
        Row a = readRow(db, k), b = readRow(db, j);
        std::swap(a.values, b.values);
        writeRow(db, a);
        writeRow(db, b);
        what = QStringLiteral("swap records %1 and %2").arg(k).arg(j);
        expected = std::min(k, j);
    }
    guard.commit();
    return expected;
}

} // namespace

TEST_CASE("audit-verify catches 1000 of 1000 random tamperings and names the first broken record", "[api][audit]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString base = dir.filePath(QStringLiteral("base.db"));
    writeLog(base); // the connection is closed: the WAL is checkpointed into the file

    {
        QString out, err;
        QTextStream o(&out), e(&err);
        REQUIRE(cli::dispatch({QStringLiteral("meterdeskd"), QStringLiteral("audit-verify"), QStringLiteral("--database"),
                               QStringLiteral("sqlite:") + base},
                              o, e)
                == 0);
        CHECK(out.contains(QStringLiteral("%1 records").arg(kRecords)));
    }

    const quint32 seed = 20240501;
    QRandomGenerator rng(seed);
    INFO("seed " << seed);
    const QString trial = dir.filePath(QStringLiteral("trial.db"));
    const QRegularExpression named(QStringLiteral("BROKEN at record (\\d+)"));
    int caught = 0, namedRight = 0;
    constexpr int kTrials = 1000;
    for (int t = 0; t < kTrials; ++t) {
        QFile::remove(trial);
        REQUIRE(QFile::copy(base, trial));
        QString what;
        qint64 expected = 0;
        {
            auto db = storage::Database::open(sqliteAt(trial));
            expected = tamper(*db, rng, what);
        }
        QString out, err;
        QTextStream o(&out), e(&err);
        const int code = cli::dispatch({QStringLiteral("meterdeskd"), QStringLiteral("audit-verify"),
                                        QStringLiteral("--database"), QStringLiteral("sqlite:") + trial},
                                       o, e);
        INFO("trial " << t << ": " << what.toStdString() << " -> " << out.toStdString() << err.toStdString());
        CHECK(code == 1);
        const auto m = named.match(out);
        CHECK(m.hasMatch());
        if (code == 1)
            ++caught;
        if (m.hasMatch() && m.captured(1).toLongLong() == expected)
            ++namedRight;
        else
            CHECK(m.captured(1).toLongLong() == expected);
    }
    CHECK(caught == kTrials);
    CHECK(namedRight == kTrials);
}

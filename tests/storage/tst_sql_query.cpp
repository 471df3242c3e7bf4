// Values make the round trip exactly: every qint64 (money is int64 fen), SUMs past 2^53,
// Chinese text including characters outside the BMP, bytes.
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "storage_test_schema.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace md::storage;
using md::test::Backend;
using md::test::TestDatabase;

namespace {

constexpr qint64 kMin = std::numeric_limits<qint64>::min(); // -9223372036854775808
constexpr qint64 kMax = std::numeric_limits<qint64>::max(); //  9223372036854775807
constexpr qint64 k2p53 = qint64(1) << 53;                     //  9007199254740992: doubles stop here

qint64 insertItem(Database& db, const QString& name, qint64 fen)
{
    SqlQuery q(db, QStringLiteral("INSERT INTO items (name, amount_fen) VALUES (?, ?)"));
    q.bind(name);
    q.bind(fen);
    q.exec();
    return q.lastInsertId();
}

} // namespace

TEST_CASE("every qint64 makes the round trip exactly", "[storage][query]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    const qint64 values[] = {kMin, kMin + 1, -1, 0, 1, k2p53 + 1, kMax - 1, kMax};
    for (const qint64 v : values)
        insertItem(*db, QString::number(v), v);

    SqlQuery q(*db, QStringLiteral("SELECT name, amount_fen FROM items ORDER BY amount_fen"));
    q.exec();
    for (const qint64 v : values) {
        REQUIRE(q.next());
        CHECK(q.stringValue(0) == QString::number(v));
        CHECK(q.intValue(1) == v);
        CHECK(q.value(1).toLongLong() == v);
    }
    CHECK_FALSE(q.next());

    // A value bound by name and found again by equality.
    SqlQuery named(*db, QStringLiteral("SELECT COUNT(*) FROM items WHERE amount_fen = :fen"));
    named.bind(QStringLiteral("fen"), kMin);
    CHECK(named.scalarInt() == 1);
}

TEST_CASE("SUM is exact past 2^53 and refuses to wrap", "[storage][query]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    insertItem(*db, QStringLiteral("a"), k2p53);
    insertItem(*db, QStringLiteral("b"), 1);
    // 9007199254740992 + 1 = 9007199254740993; through a double it would come back ...992.
    // (MySQL returns SUM of BIGINT as DECIMAL: it arrives as exact text.)
    CHECK(SqlQuery(*db, QStringLiteral("SELECT SUM(amount_fen) FROM items")).scalarInt() == k2p53 + 1);

    insertItem(*db, QStringLiteral("c"), kMax);
    // 2^53 + 1 + (2^63 - 1) does not fit a qint64: an error (SQLite: integer overflow; MySQL:
    // a DECIMAL that intValue() will not squeeze into 64 bits), never a wrapped number.
    CHECK_THROWS_AS(SqlQuery(*db, QStringLiteral("SELECT SUM(amount_fen) FROM items")).scalarInt(), StorageError);
}

TEST_CASE("Chinese text and bytes make the round trip exactly", "[storage][query]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    // 𠀀 (U+20000) and 😀 (U+1F600) take four bytes in UTF-8: MySQL's old 3-byte "utf8" would
    // refuse or mangle them.
    const QString name = QStringLiteral("张三 · 3号楼 502 室");
    const QString note = QStringLiteral("水电费预付，余额不足请及时充值。𠀀😀 «ü»");
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));

    SqlQuery insert(*db, QStringLiteral("INSERT INTO items (name, amount_fen, note, data) VALUES (?, ?, ?, ?)"));
    insert.bind(name);
    insert.bind(qint64(1234));
    insert.bind(note);
    insert.bind(bytes);
    insert.exec();

    SqlQuery q(*db, QStringLiteral("SELECT name, note, data, LENGTH(data) FROM items WHERE name = ?"));
    q.bind(name);
    q.exec();
    REQUIRE(q.next());
    CHECK(q.stringValue(0) == name);
    CHECK(q.stringValue(1) == note);
    CHECK(q.value(2).toByteArray() == bytes);
    CHECK(q.intValue(3) == 256);
    // Binary collation on both backends: a different case is a different name.
    insert.bind(QStringLiteral("Zhang San 张三"));
    insert.bind(qint64(1));
    insert.bind(QString());
    insert.bind(QByteArray());
    insert.exec();
    SqlQuery upper(*db, QStringLiteral("SELECT COUNT(*) FROM items WHERE name = ?"));
    upper.bind(QStringLiteral("ZHANG SAN 张三"));
    CHECK(upper.scalarInt() == 0);
    // The one difference left: MySQL's utf8mb4_bin is a PAD SPACE collation, so trailing
    // spaces do not count when comparing. Repositories trim names and codes before storing
    // and looking them up.
    SqlQuery padded(*db, QStringLiteral("SELECT COUNT(*) FROM items WHERE name = ?"));
    padded.bind(name + QStringLiteral("  "));
    CHECK(padded.scalarInt() == (backend == Backend::Sqlite ? 0 : 1));
}

TEST_CASE("ids, affected rows and insert-or-ignore behave the same on both backends", "[storage][query]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    const qint64 a = insertItem(*db, QStringLiteral("a"), 1);
    const qint64 b = insertItem(*db, QStringLiteral("b"), 2);
    CHECK(a >= 1);
    CHECK(b == a + 1);

    // An UPDATE that sets a value it already has still counts the row it matched.
    SqlQuery same(*db, QStringLiteral("UPDATE items SET amount_fen = 1 WHERE name = 'a'"));
    same.exec();
    CHECK(same.rowsAffected() == 1);

    const QString sql = db->dialect().insertOrIgnore(QStringLiteral("items"),
                                                     {QStringLiteral("name"), QStringLiteral("amount_fen")});
    SqlQuery ignore(*db, sql);
    ignore.bind(QStringLiteral("a"));
    ignore.bind(qint64(999));
    ignore.exec();
    SqlQuery added(*db, sql);
    added.bind(QStringLiteral("c"));
    added.bind(qint64(3));
    added.exec();
    // a kept its amount (1, not 999); c was added: 1 + 2 + 3 = 6 fen over 3 rows.
    CHECK(SqlQuery(*db, QStringLiteral("SELECT SUM(amount_fen) FROM items")).scalarInt() == 6);
    CHECK(SqlQuery(*db, QStringLiteral("SELECT COUNT(*) FROM items")).scalarInt() == 3);
    // Ignoring a duplicate is not ignoring an error.
    SqlQuery bad(*db, sql);
    bad.bind(QStringLiteral("d"));
    bad.bind(QVariant(QMetaType(QMetaType::LongLong)));
    CHECK_THROWS_AS(bad.exec(), StorageError);
}

TEST_CASE("a failing statement throws with its SQL and the driver's words", "[storage][query]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);

    try {
        SqlQuery q(*db, QStringLiteral("SELECT nothing FROM no_such_table"));
        q.exec(); // MySQL refuses at prepare, SQLite at prepare too; either way it throws
        FAIL("no error");
    } catch (const StorageError& e) {
        CHECK(e.message().contains(u"SELECT nothing FROM no_such_table"));
        CHECK(e.message().contains(u"no_such_table"));
        CHECK_FALSE(e.nativeCode().isEmpty());
    }

    // A value missing for a placeholder is an error, not a NULL.
    SqlQuery half(*db, QStringLiteral("INSERT INTO items (name, amount_fen) VALUES (?, ?)"));
    half.bind(QStringLiteral("x"));
    CHECK_THROWS_AS(half.exec(), StorageError);
    CHECK(SqlQuery(*db, QStringLiteral("SELECT COUNT(*) FROM items")).scalarInt() == 0);

    SqlQuery none(*db, QStringLiteral("SELECT amount_fen FROM items WHERE name = ?"));
    none.bind(QStringLiteral("nobody"));
    CHECK_THROWS_AS(none.scalarInt(), StorageError); // no row

    SqlQuery empty(*db, QStringLiteral("SELECT SUM(amount_fen) FROM items"));
    empty.exec();
    REQUIRE(empty.next());
    CHECK_FALSE(empty.optionalInt(0).has_value()); // SUM of no rows is NULL
    CHECK_THROWS_AS(empty.intValue(0), StorageError);

    SqlQuery fraction(*db, QStringLiteral("SELECT 7 / 2"));
    fraction.exec();
    REQUIRE(fraction.next());
    if (backend == Backend::Sqlite)
        CHECK(fraction.intValue(0) == 3); // integer division
    else
        CHECK_THROWS_AS(fraction.intValue(0), StorageError); // 3.5000: never rounded into money
}

TEST_CASE("a statement is prepared once per connection and reused finished", "[storage][query]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    const quint64 before = db->statements().prepares();
    // 50 inserts with the same text: one prepare, then the cached statement each time.
    for (int i = 0; i < 50; ++i)
        insertItem(*db, QStringLiteral("n%1").arg(i), i);
    CHECK(db->statements().prepares() == before + 1);

    // Two at once with the same text: the second prepares its own; both give correct rows.
    const QString sql = QStringLiteral("SELECT amount_fen FROM items WHERE name = ?");
    {
        SqlQuery a(*db, sql);
        a.bind(QStringLiteral("n7"));
        a.exec();
        SqlQuery b(*db, sql);
        b.bind(QStringLiteral("n9"));
        b.exec();
        REQUIRE(a.next());
        REQUIRE(b.next());
        CHECK(a.intValue(0) == 7);
        CHECK(b.intValue(0) == 9);
    }
    CHECK(db->statements().prepares() == before + 3);

    // A borrowed statement left mid-result comes back finished: a DROP (which SQLite refuses
    // while a statement on the table is active) and a commit go through.
    {
        TransactionGuard g(*db);
        SqlQuery q(*db, sql);
        q.bind(QStringLiteral("n1"));
        q.exec();
        REQUIRE(q.next());
        g.commit();
    }
    {
        SqlQuery q(*db, sql); // the cached one, new value bound
        q.bind(QStringLiteral("n2"));
        CHECK(q.scalarInt() == 2);
    }
    CHECK(db->statements().prepares() == before + 3);
    SqlQuery::execDirect(*db, QStringLiteral("DROP TABLE items"));

    // A statement whose run failed (its table is gone) is not kept.
    const std::size_t cached = db->statements().size();
    CHECK_THROWS_AS(SqlQuery(*db, sql).bind(QStringLiteral("n1")).exec(), StorageError);
    CHECK(db->statements().size() == cached - 1);
}

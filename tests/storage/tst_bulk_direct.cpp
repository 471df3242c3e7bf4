// bulk::insertRows binds SQLite values straight through sqlite3_bind_* (MD_SQLITE_DIRECT_BIND):
// the rows it writes must be exactly the rows Qt's binding writes — every qint64, NULLs (a
// typed null, a null QString, a null QByteArray), empty text, Chinese text with characters
// outside the BMP, bytes with NULs, doubles, booleans — and a refused row must raise the same
// kind of StorageError (a unique violation stays one) and leave no rows of its chunk.
#include "storage/bulk_sql.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "storage_test_schema.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace md::storage;
using md::test::TestDatabase;

namespace {

QList<QVariant> sampleRows()
{
    const QString chinese = QString::fromUtf8("阶梯电价 𠀋 \"引号\" \\ \t");
    const QByteArray bytes("\0\x01\xff\xfe blob", 9);
    const qint64 values[] = {std::numeric_limits<qint64>::min(), -1, 0, 1, (qint64(1) << 53) + 1,
                             std::numeric_limits<qint64>::max()};
    QList<QVariant> rows;
    int i = 0;
    for (const qint64 v : values) {
        rows << QVariant(QStringLiteral("n%1 ").arg(i) + chinese) << QVariant(v);
        switch (i % 6) {
        case 0:
            rows << QVariant(QMetaType(QMetaType::QString)) << QVariant(bytes);
            break;
        case 1:
            rows << QVariant(QString()) << QVariant(QByteArray());
            break;
        case 2:
            rows << QVariant(QStringLiteral("")) << QVariant(QByteArray(""));
            break;
        case 3:
            rows << QVariant(chinese) << QVariant(QMetaType(QMetaType::QByteArray));
            break;
        case 4:
            rows << QVariant(true) << QVariant(int(-7));
            break;
        default:
            rows << QVariant(2.5) << QVariant(uint(4000000000u));
            break;
        }
        ++i;
    }
    return rows;
}

QStringList dump(Database& db)
{
    SqlQuery q(db, QStringLiteral("SELECT name, amount_fen, typeof(note), note, typeof(data), hex(data) FROM items ORDER BY name"));
    q.exec();
    QStringList out;
    while (q.next()) {
        QStringList cols;
        for (int c = 0; c < 6; ++c)
            cols << (q.value(c).isNull() ? QStringLiteral("NULL") : q.value(c).toString());
        out << cols.join(u'|');
    }
    return out;
}

QStringList insertAndDump(bool direct)
{
    TestDatabase tdb(md::test::Backend::Sqlite);
    auto db = md::test::openItems(tdb);
    bulk::setDirectBindAllowed(direct);
    const QStringList columns{QStringLiteral("name"), QStringLiteral("amount_fen"), QStringLiteral("note"),
                              QStringLiteral("data")};
    {
        TransactionGuard tx(*db);
        bulk::insertRows(*db, QStringLiteral("items"), columns, sampleRows());
        tx.commit();
    }
    // A chunk with a duplicate name is refused whole, as a unique violation.
    QList<QVariant> dup{QStringLiteral("fresh"), qint64(1), QVariant(), QVariant(),
                        QStringLiteral("n0 ") + QString::fromUtf8("阶梯电价 𠀋 \"引号\" \\ \t"), qint64(2), QVariant(), QVariant()};
    bool unique = false;
    try {
        TransactionGuard tx(*db);
        bulk::insertRows(*db, QStringLiteral("items"), columns, dup);
        tx.commit();
    } catch (const StorageError& e) {
        unique = e.isUniqueViolation();
    }
    CHECK(unique);
    // The statement is still usable afterwards (reset, no stale bindings).
    {
        TransactionGuard tx(*db);
        dup[4] = QStringLiteral("fresh 2");
        bulk::insertRows(*db, QStringLiteral("items"), columns, dup);
        tx.commit();
    }
    bulk::setDirectBindAllowed(true);
    return dump(*db);
}

} // namespace

TEST_CASE("SQLite bulk inserts bound directly write exactly what Qt's binding writes", "[storage][bulk]")
{
    const QStringList viaQt = insertAndDump(false);
    const QStringList direct = insertAndDump(true);
    REQUIRE(viaQt.size() == 8);
    CHECK(direct == viaQt);
    CHECK(viaQt.contains(QStringLiteral("fresh|1|null|NULL|null|")));
    CHECK(std::count_if(viaQt.cbegin(), viaQt.cend(), [](const QString& r) { return r.contains(u"|null|NULL|null|"); }) >= 2);
}

namespace {

// Every row selectRows() gives for the sample rows, its columns read by Row's accessors.
QStringList selectAll(Database& db, const QString& minName)
{
    QStringList out;
    bulk::selectRows(db,
                     QStringLiteral("SELECT name, amount_fen, note, amount_fen % 7 FROM items WHERE name >= ? ORDER BY name"),
                     {minName}, [&](const bulk::Row& r) {
                         const std::optional<qint64> mod = r.optionalInt(3);
                         out << QStringLiteral("%1|%2|%3|%4").arg(r.stringValue(0)).arg(r.intValue(1)).arg(r.stringValue(2),
                                                                                              mod ? QString::number(*mod) : QStringLiteral("NULL"));
                     });
    return out;
}

} // namespace

TEST_CASE("bulk::selectRows reads what SqlQuery reads, directly on SQLite or through Qt", "[storage][bulk][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    const QString chinese = QString::fromUtf8("阶梯电价 𠀋");
    {
        TransactionGuard tx(*db);
        bulk::insertRows(*db, QStringLiteral("items"),
                         {QStringLiteral("name"), QStringLiteral("amount_fen"), QStringLiteral("note")},
                         {QStringLiteral("a"), std::numeric_limits<qint64>::min(), QVariant(QMetaType(QMetaType::QString)),
                          QStringLiteral("b ") + chinese, qint64(-1), chinese, QStringLiteral("c"),
                          std::numeric_limits<qint64>::max(), QStringLiteral("")});
        tx.commit();
    }
    // Through SqlQuery, as every other read does.
    QStringList expected;
    {
        SqlQuery q(*db, QStringLiteral("SELECT name, amount_fen, note, amount_fen % 7 FROM items WHERE name >= ? ORDER BY name"));
        q.bind(QStringLiteral("a")).exec();
        while (q.next()) {
            const std::optional<qint64> mod = q.optionalInt(3);
            expected << QStringLiteral("%1|%2|%3|%4").arg(q.stringValue(0)).arg(q.intValue(1)).arg(q.stringValue(2),
                                                                                     mod ? QString::number(*mod) : QStringLiteral("NULL"));
        }
    }
    REQUIRE(expected.size() == 3);
    CHECK(expected.at(0) == QStringLiteral("a|%1||%2").arg(std::numeric_limits<qint64>::min()).arg(std::numeric_limits<qint64>::min() % 7));
    CHECK(expected.at(1) == QStringLiteral("b %1|-1|%1|-1").arg(chinese));
    for (const bool direct : {true, false}) {
        INFO("direct " << direct);
        bulk::setDirectBindAllowed(direct);
        CHECK(selectAll(*db, QStringLiteral("a")) == expected);
        CHECK(selectAll(*db, QStringLiteral("b")) == expected.mid(1)); // the statement, reused, bound afresh
        CHECK(selectAll(*db, QStringLiteral("z")).isEmpty());
        // A row's callback that throws leaves the statement reset: the next read starts over.
        int seen = 0;
        CHECK_THROWS_AS(bulk::selectRows(*db, QStringLiteral("SELECT name, amount_fen, note, amount_fen % 7 FROM items "
                                                             "WHERE name >= ? ORDER BY name"),
                                         {QStringLiteral("a")},
                                         [&](const bulk::Row&) {
                                             if (++seen == 2)
                                                 throw std::runtime_error("stop");
                                         }),
                        std::runtime_error);
        CHECK(selectAll(*db, QStringLiteral("a")) == expected);
        // An error while stepping (SUM past qint64) is a StorageError, not a short result.
        if (backend == md::test::Backend::Sqlite) {
            CHECK_THROWS_AS(bulk::selectRows(*db, QStringLiteral("SELECT SUM(x) FROM (SELECT amount_fen AS x FROM items "
                                                                 "WHERE name = ? UNION ALL SELECT amount_fen FROM items "
                                                                 "WHERE name = ?) t"),
                                             {QStringLiteral("c"), QStringLiteral("c")}, [](const bulk::Row&) {}),
                            StorageError);
            CHECK(selectAll(*db, QStringLiteral("c")) == expected.mid(2));
        }
    }
    bulk::setDirectBindAllowed(true);
}

TEST_CASE("bulk::selectRows reads sums to the last unit and long texts whole, and refuses sums past 64 bits",
          "[storage][bulk][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = md::test::openItems(tdb);
    constexpr qint64 kHalf = qint64(1) << 62;
    // Texts longer than the MySQL reader's first buffer (256 bytes), the longest last but one.
    const QString longNote = QString(300, QChar(0x7535));   // 电: 900 bytes of UTF-8
    const QString longerNote = QString(500, QChar(0x6C34)); // 水: 1,500 bytes
    {
        TransactionGuard tx(*db);
        bulk::insertRows(*db, QStringLiteral("items"), {QStringLiteral("name"), QStringLiteral("amount_fen"), QStringLiteral("note")},
                         {QStringLiteral("s1"), kHalf, longNote, QStringLiteral("s2"), kHalf - 1, QStringLiteral("短"),
                          QStringLiteral("s3"), qint64(-7), longerNote, QStringLiteral("s4"), qint64(0), longNote});
        tx.commit();
    }
    for (const bool direct : {true, false}) {
        INFO("direct " << direct);
        bulk::setDirectBindAllowed(direct);
        // SUM is a DECIMAL on MySQL: exactly qint64's largest value here.
        std::optional<qint64> sum;
        qint64 count = 0;
        bulk::selectRows(*db, QStringLiteral("SELECT SUM(amount_fen), COUNT(*) FROM items WHERE name IN (?, ?)"),
                         {QStringLiteral("s1"), QStringLiteral("s2")}, [&](const bulk::Row& r) {
                             sum = r.optionalInt(0);
                             count = r.intValue(1);
                         });
        CHECK(sum == std::numeric_limits<qint64>::max());
        CHECK(count == 2);
        // The SUM of no rows is NULL: nullopt, and an error where a number is required.
        const QString noRows = QStringLiteral("SELECT SUM(amount_fen) FROM items WHERE name = ?");
        bulk::selectRows(*db, noRows, {QStringLiteral("none")}, [&](const bulk::Row& r) { sum = r.optionalInt(0); });
        CHECK_FALSE(sum);
        CHECK_THROWS_AS(bulk::selectRows(*db, noRows, {QStringLiteral("none")}, [](const bulk::Row& r) { (void)r.intValue(0); }),
                        StorageError);
        QStringList notes;
        bulk::selectRows(*db, QStringLiteral("SELECT name, note FROM items WHERE name >= ? ORDER BY name"), {QStringLiteral("s")},
                         [&](const bulk::Row& r) { notes << r.stringValue(0) + u'|' + r.stringValue(1); });
        CHECK(notes == QStringList{QStringLiteral("s1|") + longNote, QStringLiteral("s2|短"), QStringLiteral("s3|") + longerNote,
                                   QStringLiteral("s4|") + longNote});
        // One past: an error, never a clipped or rounded number.
        CHECK_THROWS_AS(bulk::selectRows(*db,
                                         QStringLiteral("SELECT SUM(x) FROM (SELECT amount_fen AS x FROM items WHERE name = ? "
                                                        "UNION ALL SELECT amount_fen FROM items WHERE name = ?) t"),
                                         {QStringLiteral("s1"), QStringLiteral("s1")}, [](const bulk::Row& r) { (void)r.intValue(0); }),
                        StorageError);
        // The statement is usable again afterwards.
        sum.reset();
        bulk::selectRows(*db, QStringLiteral("SELECT SUM(amount_fen), COUNT(*) FROM items WHERE name IN (?, ?)"),
                         {QStringLiteral("s3"), QStringLiteral("s4")}, [&](const bulk::Row& r) { sum = r.optionalInt(0); });
        CHECK(sum == -7);
    }
    bulk::setDirectBindAllowed(true);
}

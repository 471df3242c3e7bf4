// Schema v8 stores readings by (meter, time) — WITHOUT ROWID on SQLite, the clustered primary
// key on MariaDB — so one meter's month lies on neighbouring pages whatever order the cycles
// wrote it in. A v7 database keeps every reading, its number (the order it was stored in) and
// each meter's last accepted reading; new readings are numbered on from the highest.

#include "collection/collection_store.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "collection_fixture.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

namespace {

qint64 scalar(storage::Database& db, const QString& sql)
{
    storage::SqlQuery q(db, sql);
    return q.scalarInt();
}

StoredReading stored(qint64 meter, qint64 atMs, const char16_t* totalKwh)
{
    StoredReading r;
    r.meter = MeterId{meter};
    r.registers.utc = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC);
    r.registers.values.insert(Register::Total, *Quantity::parse(QStringView(totalKwh), Unit::KilowattHour));
    r.switchState = SwitchState::On;
    r.flags = qint64(ReadingFlag::Billed);
    return r;
}

} // namespace

TEST_CASE("Schema v8 keeps a v7 database's readings by (meter, time), their numbers and last good readings",
          "[collection][schema][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase test(backend);
    auto db = test.open();
    const auto all = meterdeskMigrations();
    REQUIRE(all.size() >= 8);
    storage::Migrator::migrate(*db, all.first(7));
    const auto exec = [&](const QString& sql) { storage::SqlQuery(*db, sql).exec(); };
    // Stored in cycle order (meter 2 then 1, twice), then meter 1's reading of 1,500 arrived
    // late (id 5, refused as not after the last good one); 1's last good reading is id 3.
    exec(QStringLiteral("INSERT INTO readings (id, meter_id, at_ms, total_milli, switch_state, flags, reason, tx_id) VALUES "
                        "(1, 2, 1000, 70000, 'on', 1, '', NULL), (2, 1, 1000, 5000, 'on', 1, '', NULL), "
                        "(3, 1, 2000, 5500, 'on', 2, '', 11), (4, 2, 2000, NULL, 'unknown', 4, 'no-answer', NULL), "
                        "(5, 1, 1500, 5200, 'on', 4, 'time-not-after', NULL)"));
    exec(QStringLiteral("INSERT INTO meter_runtime (meter_id, last_good_at_ms, last_reading_id, missed_cycles, lost, "
                        "switch_actual, switch_desired, alarm_level, updated_at) VALUES "
                        "(1, 2000, 3, 0, 0, 'on', 'on', 'normal', 0), (2, 1000, 1, 1, 0, 'on', 'on', 'normal', 0), "
                        "(3, NULL, NULL, 0, 1, 'unknown', 'on', 'normal', 0)"));
    storage::Migrator::migrate(*db, all);
    CHECK(storage::Migrator::currentVersion(*db) == int(all.size()));

    // Every reading, with its number, now in (meter, time) order.
    const QString everything = QStringLiteral(
        "SELECT meter_id, at_ms, id, total_milli, switch_state, flags, reason, tx_id FROM readings ORDER BY meter_id, at_ms");
    CHECK(queryRows(*db, everything) == QStringList{QStringLiteral("1|1000|2|5000|on|1||NULL"),
                                               QStringLiteral("1|1500|5|5200|on|4|time-not-after|NULL"),
                                               QStringLiteral("1|2000|3|5500|on|2||11"),
                                               QStringLiteral("2|1000|1|70000|on|1||NULL"),
                                               QStringLiteral("2|2000|4|NULL|unknown|4|no-answer|NULL")});
    CHECK(scalar(*db, QStringLiteral("SELECT value FROM counters WHERE name = 'reading'")) == 5);

    // The table is kept in its key's order: no rowid on SQLite, (meter_id, at_ms) InnoDB's
    // clustered key on MariaDB, and no other index (every query names its meters).
    if (backend == storage::DatabaseConfig::Backend::Sqlite) {
        const QStringList ddl = queryRows(*db, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'readings'"));
        REQUIRE(ddl.size() == 1);
        CHECK(ddl.first().contains(QStringLiteral("PRIMARY KEY (meter_id, at_ms)")));
        CHECK(ddl.first().trimmed().endsWith(QStringLiteral("WITHOUT ROWID")));
        CHECK(scalar(*db, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'readings' "
                                         "AND sql IS NOT NULL")) == 0);
    } else {
        CHECK(queryRows(*db, QStringLiteral("SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
                                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'readings' "
                                       "ORDER BY INDEX_NAME, SEQ_IN_INDEX")) ==
              QStringList{QStringLiteral("PRIMARY|meter_id"), QStringLiteral("PRIMARY|at_ms")});
    }

    // Each meter's last accepted reading is found by its time: meter 1's is 2000 (not the late
    // 1500), meter 2's 1000; meter 3 has none.
    CollectionStore store(*db);
    const QHash<qint64, ReadingSet> last =
        store.lastGoodValues({{1, Unit::KilowattHour}, {2, Unit::KilowattHour}, {3, Unit::KilowattHour}});
    REQUIRE(last.size() == 2);
    CHECK(last.value(1).utc.toMSecsSinceEpoch() == 2000);
    CHECK(last.value(1).values.value(Register::Total).milli() == 5500);
    CHECK(last.value(2).values.value(Register::Total).milli() == 70000);
    const std::optional<ReadingSet> one = store.readingValues(MeterId{1}, 1500, Unit::KilowattHour);
    REQUIRE(one);
    CHECK(one->values.value(Register::Total).milli() == 5200);
    CHECK_FALSE(store.readingValues(MeterId{1}, 1499, Unit::KilowattHour));

    // New readings are numbered on from the highest, in the order given; a batch that fails
    // takes no numbers.
    {
        storage::TransactionGuard tx(*db);
        store.insertReadings({stored(2, 3000, u"70.5"), stored(1, 3000, u"5.6")});
        tx.commit();
    }
    {
        storage::TransactionGuard tx(*db);
        CHECK_THROWS(store.insertReadings({stored(3, 3000, u"1"), stored(1, 3000, u"5.7")})); // (1, 3000) is stored
    }
    {
        storage::TransactionGuard tx(*db);
        store.insertReadings({stored(3, 3000, u"1")});
        tx.commit();
    }
    CHECK(queryRows(*db, QStringLiteral("SELECT id, meter_id, at_ms, total_milli FROM readings WHERE at_ms = 3000 ORDER BY id")) ==
          QStringList{QStringLiteral("6|2|3000|70500"), QStringLiteral("7|1|3000|5600"), QStringLiteral("8|3|3000|1000")});
    CHECK(scalar(*db, QStringLiteral("SELECT value FROM counters WHERE name = 'reading'")) == 8);
}

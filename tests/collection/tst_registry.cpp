// The meter registry on both backends: create, read back, list by bus, update, refuse bad rows.

#include "collection_fixture.h"

#include "storage/storage_error.h"
#include "util/error.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

TEST_CASE("Meters are created, read back, listed by bus and updated", "[collection][registry][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const AccountId a = f.account(QStringLiteral("A-1"), u"10");
    MeterRecord m;
    m.nameplate = QStringLiteral("000012345678");
    m.bus = QStringLiteral("east");
    m.protocol = QStringLiteral("dlt645");
    m.map = QStringLiteral("dlt645-2007");
    m.address = QStringLiteral("000012345678");
    m.options = QJsonObject{{QStringLiteral("password"), QStringLiteral("02000000")}};
    m.utility = Utility::Electricity;
    m.account = a;
    m.maxRate = 40'000;
    m.installed = QDateTime(QDate(2024, 5, 1), QTime(8, 0), Qt::UTC);
    m.id = f.registry.create(m);
    CHECK(m.id.isValid());
    CHECK(f.registry.byId(m.id) == m);

    MeterRecord water = m;
    water.nameplate = QStringLiteral("W-1");
    water.bus = QStringLiteral("west");
    water.protocol = QStringLiteral("cjt188");
    water.address = QStringLiteral("1");
    water.utility = Utility::Water;
    water.account.reset(); // 未开户
    water.id = f.registry.create(water);
    CHECK(f.registry.byId(water.id) == water);

    REQUIRE(f.registry.ofBus(QStringLiteral("east")).size() == 1);
    CHECK(f.registry.ofBus(QStringLiteral("east")).at(0).id == m.id);
    CHECK(f.registry.all().size() == 2);

    m.removed = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
    f.registry.update(m);
    CHECK(f.registry.byId(m.id)->removed == m.removed);
    CHECK(f.registry.ofBus(QStringLiteral("east")).isEmpty()); // removed meters are not polled
    CHECK_FALSE(f.registry.byId(MeterId{999}));
}

TEST_CASE("The registry refuses bad meters and duplicate nameplates", "[collection][registry][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    MeterRecord m;
    m.nameplate = QStringLiteral("X1");
    m.bus = QStringLiteral("b1");
    m.protocol = QStringLiteral("iec62056");
    m.map = QStringLiteral("x");
    m.address = QStringLiteral("1");
    m.installed = CollectionFixture::kT0;
    CHECK_THROWS_AS(f.registry.create(m), InputError);
    m.protocol = QStringLiteral("modbus");
    f.registry.create(m);
    CHECK_THROWS_AS(f.registry.create(m), storage::StorageError);
    m.id = MeterId{424242};
    CHECK_THROWS_AS(f.registry.update(m), InputError);
}

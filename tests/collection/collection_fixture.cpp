#include "collection_fixture.h"

#include "collection/tariff_store.h"
#include "schema/migrations.h"
#include "storage/migrator.h"

#include <QSqlQuery>
#include <QSqlRecord>

#include <catch2/catch.hpp>

namespace md::test {

const QDateTime CollectionFixture::kT0 = QDateTime(QDate(2025, 3, 3), QTime(2, 0), Qt::UTC);

namespace {
const QByteArray kFlatTariff = QByteArrayLiteral("[tariff]\n"
                                                 "id = flat-e\n"
                                                 "name = flat electricity (test)\n"
                                                 "utility = electricity\n"
                                                 "timezone = Asia/Shanghai\n"
                                                 "\n"
                                                 "[version]\n"
                                                 "effective = 2024-01-01\n"
                                                 "price.flat = 0.5000\n");

std::unique_ptr<storage::Database> migrated(TestDatabase& t)
{
    auto db = t.open();
    storage::Migrator::migrate(*db, meterdeskMigrations());
    return db;
}
} // namespace

CollectionFixture::CollectionFixture(Backend backend, IngestOptions options)
    : m_test(backend)
    , m_db(migrated(m_test))
    , clock(kT0)
    , ledger(*m_db, clock)
    , registry(*m_db)
    , settings(*m_db)
    , ingestor(std::make_unique<ReadingIngestor>(*m_db, clock, options))
{
    TariffStore(*m_db).put(kFlatTariff, kT0.toMSecsSinceEpoch());
}

CollectionFixture::~CollectionFixture()
{
    ingestor.reset(); // its prepared statements go before the connection
}

AccountId CollectionFixture::account(const QString& code, const char16_t* paid, AccountSettings s)
{
    const AccountId a =
        ledger.openAccount({QStringLiteral("open-") + code, code, QStringLiteral("租户"), QStringLiteral("13800000000"), OperatorId{1}})
            .account;
    recharge(a, paid);
    s.account = a;
    s.utility = Utility::Electricity;
    if (s.tariffKey.isEmpty())
        s.tariffKey = QStringLiteral("flat-e");
    settings.put(s, kT0.toMSecsSinceEpoch());
    return a;
}

void CollectionFixture::recharge(AccountId a, const char16_t* paid)
{
    ledger.recharge({QStringLiteral("recharge-%1").arg(++m_keys), a, Utility::Electricity, Channel::Cash, OperatorId{1},
                     *Money::parseYuan(paid), Money(), {}, {}});
}

MeterId CollectionFixture::meter(const QString& nameplate, std::optional<AccountId> account, qint64 maxRateW)
{
    MeterRecord m;
    m.nameplate = nameplate;
    m.bus = QStringLiteral("b1");
    m.protocol = QStringLiteral("modbus");
    m.map = QStringLiteral("generic");
    m.address = QString::number(registry.all().size() + 1);
    m.account = account;
    m.maxRate = maxRateW;
    m.installed = kT0.addDays(-30);
    return registry.create(m);
}

MeterReading CollectionFixture::reading(MeterId m, const QDateTime& utc, const char16_t* totalKwh, SwitchState s)
{
    MeterReading r;
    r.meter = m;
    r.registers.add({utc, Register::Total, *Quantity::parse(totalKwh, Unit::KilowattHour)});
    r.switchState = s;
    return r;
}

qint64 CollectionFixture::scalar(const QString& sql)
{
    QSqlQuery q(m_db->connection());
    REQUIRE(q.exec(sql));
    REQUIRE(q.next());
    return q.value(0).toLongLong();
}

QStringList queryRows(storage::Database& db, const QString& sql)
{
    QSqlQuery q(db.connection());
    REQUIRE(q.exec(sql));
    QStringList out;
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < q.record().count(); ++i)
            values.append(q.value(i).isNull() ? QStringLiteral("NULL") : q.value(i).toString());
        out.append(values.join(u'|'));
    }
    return out;
}

} // namespace md::test

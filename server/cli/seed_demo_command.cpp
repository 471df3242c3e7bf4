#include "cli/seed_demo_command.h"

#include "audit/operation_log.h"
#include "auth/operator_store.h"
#include "auth/password_hasher.h"
#include "collection/account_settings.h"
#include "collection/meter_registry.h"
#include "collection/tariff_store.h"
#include "config/service_config.h"
#include "control/protected_windows.h"
#include "ledger/ledger.h"
#include "property/property_store.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

// `meterdeskd seed-demo (--config FILE | --database URL) --tariffs DIR`: fills an empty
// database with the README demo's office (installer/demo.sh), the one that
// resources/scenarios/demo-office.scenario simulates: 阳光广场 with an office building, an
// apartment building and a market hall, 60 meters on the buses b1, b2 and market, the example
// tariffs, 45 accounts with their opening recharges and collection settings, and the demo's
// operators. Everything is written with the core's stores in one database transaction; a
// database that already holds operators, accounts, meters or property is refused.

namespace md::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("md::cli", text);
}

// The registry, in step with resources/scenarios/demo-office.scenario (nameplate = the
// scenario's meter name; bus, protocol, map and address as the scenario has them).
struct DemoMeter
{
    const char* nameplate;
    const char* bus;
    const char* protocol;
    const char* map;
    const char* address;
    const char* utility;
    const char* room;
};
const DemoMeter kMeters[] = {
    {"E1-101", "b1", "modbus", "acrel-ddsy1352", "1", "electricity", "SG/1/1/101"},
    {"E1-102", "b1", "modbus", "acrel-ddsy1352", "2", "electricity", "SG/1/1/102"},
    {"E1-103", "b1", "modbus", "acrel-ddsy1352", "3", "electricity", "SG/1/1/103"},
    {"E1-104", "b1", "modbus", "acrel-ddsy1352", "4", "electricity", "SG/1/1/104"},
    {"E1-105", "b1", "modbus", "acrel-ddsy1352", "5", "electricity", "SG/1/1/105"},
    {"E1-201", "b1", "modbus", "acrel-ddsy1352", "6", "electricity", "SG/1/1/201"},
    {"E1-202", "b1", "modbus", "acrel-ddsy1352", "7", "electricity", "SG/1/1/202"},
    {"E1-203", "b1", "modbus", "acrel-ddsy1352", "8", "electricity", "SG/1/1/203"},
    {"E1-204", "b1", "modbus", "acrel-ddsy1352", "9", "electricity", "SG/1/1/204"},
    {"E1-205", "b1", "modbus", "acrel-ddsy1352", "10", "electricity", "SG/1/1/205"},
    {"E1-301", "b1", "modbus", "md-prepaid", "11", "electricity", "SG/1/1/301"},
    {"E1-302", "b1", "modbus", "md-prepaid", "12", "electricity", "SG/1/1/302"},
    {"E1-303", "b1", "modbus", "md-prepaid", "13", "electricity", "SG/1/1/303"},
    {"E1-304", "b1", "modbus", "md-prepaid", "14", "electricity", "SG/1/1/304"},
    {"E1-305", "b1", "modbus", "md-prepaid", "15", "electricity", "SG/1/1/305"},
    {"E1-401", "b1", "modbus", "md-prepaid", "16", "electricity", "SG/1/1/401"},
    {"E1-402", "b1", "modbus", "md-prepaid", "17", "electricity", "SG/1/1/402"},
    {"E1-403", "b1", "modbus", "md-prepaid", "18", "electricity", "SG/1/1/403"},
    {"E1-404", "b1", "modbus", "md-prepaid", "19", "electricity", "SG/1/1/404"},
    {"E1-405", "b1", "modbus", "md-prepaid", "20", "electricity", "SG/1/1/405"},
    {"E2-1101", "b2", "dlt645", "", "202401010001", "electricity", "SG/2/1/101"},
    {"E2-1102", "b2", "dlt645", "", "202401010002", "electricity", "SG/2/1/102"},
    {"E2-1103", "b2", "dlt645", "", "202401010003", "electricity", "SG/2/1/103"},
    {"E2-1104", "b2", "dlt645", "", "202401010004", "electricity", "SG/2/1/104"},
    {"E2-1201", "b2", "dlt645", "", "202401020001", "electricity", "SG/2/1/201"},
    {"E2-1202", "b2", "dlt645", "", "202401020002", "electricity", "SG/2/1/202"},
    {"E2-1203", "b2", "dlt645", "", "202401020003", "electricity", "SG/2/1/203"},
    {"E2-1204", "b2", "dlt645", "", "202401020004", "electricity", "SG/2/1/204"},
    {"E2-2101", "b2", "dlt645", "", "202402010001", "electricity", "SG/2/2/101"},
    {"E2-2102", "b2", "dlt645", "", "202402010002", "electricity", "SG/2/2/102"},
    {"E2-2103", "b2", "dlt645", "", "202402010003", "electricity", "SG/2/2/103"},
    {"E2-2104", "b2", "dlt645", "", "202402010004", "electricity", "SG/2/2/104"},
    {"E2-2201", "b2", "dlt645", "", "202402020001", "electricity", "SG/2/2/201"},
    {"E2-2202", "b2", "dlt645", "", "202402020002", "electricity", "SG/2/2/202"},
    {"E2-2203", "b2", "dlt645", "", "202402020003", "electricity", "SG/2/2/203"},
    {"E2-2204", "b2", "dlt645", "", "202402020004", "electricity", "SG/2/2/204"},
    {"EM-01", "market", "modbus", "md-prepaid", "1", "electricity", "SG/M/1/M01"},
    {"EM-02", "market", "modbus", "md-prepaid", "2", "electricity", "SG/M/1/M02"},
    {"EM-03", "market", "modbus", "md-prepaid", "3", "electricity", "SG/M/1/M03"},
    {"EM-04", "market", "modbus", "md-prepaid", "4", "electricity", "SG/M/1/M04"},
    {"EM-05", "market", "modbus", "md-prepaid", "5", "electricity", "SG/M/1/M05"},
    {"EM-06", "market", "modbus", "md-prepaid", "6", "electricity", "SG/M/1/M06"},
    {"EM-07", "market", "modbus", "md-prepaid", "7", "electricity", "SG/M/1/M07"},
    {"EM-08", "market", "modbus", "md-prepaid", "8", "electricity", "SG/M/1/M08"},
    {"EM-09", "market", "modbus", "md-prepaid", "9", "electricity", "SG/M/1/M09"},
    {"EM-10", "market", "modbus", "md-prepaid", "10", "electricity", "SG/M/1/M10"},
    {"EM-11", "market", "modbus", "md-prepaid", "11", "electricity", "SG/M/1/M11"},
    {"EM-12", "market", "modbus", "md-prepaid", "12", "electricity", "SG/M/1/M12"},
    {"WM-01", "market", "cjt188", "", "20240000000001", "water", "SG/M/1/M01"},
    {"WM-02", "market", "cjt188", "", "20240000000002", "water", "SG/M/1/M02"},
    {"WM-03", "market", "cjt188", "", "20240000000003", "water", "SG/M/1/M03"},
    {"WM-04", "market", "cjt188", "", "20240000000004", "water", "SG/M/1/M04"},
    {"WM-05", "market", "cjt188", "", "20240000000005", "water", "SG/M/1/M05"},
    {"WM-06", "market", "cjt188", "", "20240000000006", "water", "SG/M/1/M06"},
    {"WM-07", "market", "cjt188", "", "20240000000007", "water", "SG/M/1/M07"},
    {"WM-08", "market", "cjt188", "", "20240000000008", "water", "SG/M/1/M08"},
    {"WM-09", "market", "cjt188", "", "20240000000009", "water", "SG/M/1/M09"},
    {"WM-10", "market", "cjt188", "", "20240000000010", "water", "SG/M/1/M10"},
    {"WM-11", "market", "cjt188", "", "20240000000011", "water", "SG/M/1/M11"},
    {"WM-12", "market", "cjt188", "", "20240000000012", "water", "SG/M/1/M12"},
};

struct DemoRoom
{
    const char* path;    // SITE/BUILDING/UNIT/ROOM codes
    int floor;
    const char* area;    // m²
};

// One tenant account renting one room, with what it paid at opening per wallet and its
// settings. alarm1/alarm2 in yuan; water wallets only where the room has a water meter.
struct DemoAccount
{
    const char* code;
    const char* tenant;
    const char* phone;
    const char* room;
    const char* electricity; // paid at opening, yuan
    const char* tariff;      // electricity tariff key
    const char* water;       // paid at opening, yuan; nullptr: no water wallet
    bool forceOn;            // 保电
    const char* windows;     // protected windows JSON, or nullptr
};

// Balances are picked for a demo at speed 60 (one real minute = one hour of use): most
// tenants have days to go, a few are at or near their alarm thresholds and go to alarm and
// arrears in the first minutes (1-204 and 2-1-102 start at zero: arrears at the first billed
// reading, tripped), 1-301 is a clinic kept on (保电) whatever its balance, 2-2-103 has a
// protected night (no trip between 18:00 and 09:00).
const DemoAccount kAccounts[] = {
    // 1号楼 写字楼 (offices): four-rate TOU, alarm 100/30
    {"1-101", "蓝海科技有限公司", "13801000101", "SG/1/1/101", "1200.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-102", "启明设计工作室", "13801000102", "SG/1/1/102", "800.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-103", "同心会计师事务所", "13801000103", "SG/1/1/103", "650.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-104", "云帆网络科技", "13801000104", "SG/1/1/104", "95.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-201", "华信律师事务所", "13801000201", "SG/1/1/201", "1500.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-202", "鼎盛贸易公司", "13801000202", "SG/1/1/202", "420.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-203", "新思教育培训", "13801000203", "SG/1/1/203", "25.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-204", "快印图文店", "13801000204", "SG/1/1/204", "0.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-205", "绿洲广告传媒", "13801000205", "SG/1/1/205", "980.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-301", "阳光社区卫生服务站", "13801000301", "SG/1/1/301", "0.00", "four-rate-tou", nullptr, true, nullptr},
    {"1-302", "恒通物流办事处", "13801000302", "SG/1/1/302", "700.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-303", "博雅书画社", "13801000303", "SG/1/1/303", "300.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-304", "金桥保险代理", "13801000304", "SG/1/1/304", "1100.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-305", "安居房产中介", "13801000305", "SG/1/1/305", "60.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-401", "智远软件开发", "13801000401", "SG/1/1/401", "2000.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-402", "康宁口腔诊所", "13801000402", "SG/1/1/402", "850.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-403", "星辰摄影工作室", "13801000403", "SG/1/1/403", "500.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-404", "优品电商运营中心", "13801000404", "SG/1/1/404", "750.00", "four-rate-tou", nullptr, false, nullptr},
    {"1-405", "远航旅行社", "13801000405", "SG/1/1/405", "400.00", "four-rate-tou", nullptr, false, nullptr},
    // 2号楼 公寓 (flats): flat residential price, alarm 30/10
    {"2-1-101", "张伟", "13902101101", "SG/2/1/101", "300.00", "flat-electricity", nullptr, false, nullptr},
    {"2-1-102", "李娜", "13902101102", "SG/2/1/102", "0.00", "flat-electricity", nullptr, false, nullptr},
    {"2-1-103", "王芳", "13902101103", "SG/2/1/103", "200.00", "flat-electricity", nullptr, false, nullptr},
    {"2-1-104", "刘洋", "13902101104", "SG/2/1/104", "150.00", "flat-electricity", nullptr, false, nullptr},
    {"2-1-201", "陈静", "13902101201", "SG/2/1/201", "12.00", "flat-electricity", nullptr, false, nullptr},
    {"2-1-202", "杨磊", "13902101202", "SG/2/1/202", "260.00", "flat-electricity", nullptr, false, nullptr},
    {"2-1-203", "赵敏", "13902101203", "SG/2/1/203", "180.00", "flat-electricity", nullptr, false, nullptr},
    {"2-1-204", "黄强", "13902101204", "SG/2/1/204", "320.00", "flat-electricity", nullptr, false, nullptr},
    {"2-2-101", "周杰", "13902201101", "SG/2/2/101", "90.00", "flat-electricity", nullptr, false, nullptr},
    {"2-2-102", "吴丽", "13902201102", "SG/2/2/102", "240.00", "flat-electricity", nullptr, false, nullptr},
    {"2-2-103", "徐明", "13902201103", "SG/2/2/103", "3.00", "flat-electricity", nullptr, false, R"([["18:00","09:00"]])"},
    {"2-2-104", "孙红", "13902201104", "SG/2/2/104", "210.00", "flat-electricity", nullptr, false, nullptr},
    {"2-2-201", "马超", "13902201201", "SG/2/2/201", "350.00", "flat-electricity", nullptr, false, nullptr},
    {"2-2-202", "朱琳", "13902201202", "SG/2/2/202", "45.00", "flat-electricity", nullptr, false, nullptr},
    {"2-2-203", "胡军", "13902201203", "SG/2/2/203", "500.00", "flat-electricity", nullptr, false, nullptr},
    // 农贸市场 (market stalls): four-rate TOU and the water ladder, alarm 100/30 and 20/5
    {"M01", "鲜达冷冻食品", "13703000001", "SG/M/1/M01", "900.00", "four-rate-tou", "200.00", false, nullptr},
    {"M02", "老李蔬菜", "13703000002", "SG/M/1/M02", "300.00", "four-rate-tou", "80.00", false, nullptr},
    {"M03", "海鲜水产王记", "13703000003", "SG/M/1/M03", "1200.00", "four-rate-tou", "300.00", false, nullptr},
    {"M04", "刘记干货", "13703000004", "SG/M/1/M04", "200.00", "four-rate-tou", "50.00", false, nullptr},
    {"M05", "好运熟食", "13703000005", "SG/M/1/M05", "2.00", "four-rate-tou", "60.00", false, nullptr},
    {"M06", "张家豆腐坊", "13703000006", "SG/M/1/M06", "260.00", "four-rate-tou", "150.00", false, nullptr},
    {"M07", "城南肉铺", "13703000007", "SG/M/1/M07", "1000.00", "four-rate-tou", "1.00", false, nullptr},
    {"M08", "四季水果", "13703000008", "SG/M/1/M08", "240.00", "four-rate-tou", "40.00", false, nullptr},
    {"M09", "田园粮油", "13703000009", "SG/M/1/M09", "400.00", "four-rate-tou", "90.00", false, nullptr},
    {"M10", "东海冻品", "13703000010", "SG/M/1/M10", "800.00", "four-rate-tou", "18.00", false, nullptr},
    {"M11", "福记早点", "13703000011", "SG/M/1/M11", "150.00", "four-rate-tou", "60.00", false, nullptr},
};

// Vacant rooms (未开户): 1号楼 105, 2号楼 2-204 and stall M12 have meters and no tenant.

struct DemoOperator
{
    const char* name;
    const char* display;
    Role role;
    const char* password; // fixed: a training database on loopback
};
const DemoOperator kOperators[] = {
    {"demo", "演示经理", Role::Manager, "demo-manager"},
    {"wang", "王收费员", Role::Cashier, "demo-cashier"},
    {"li", "李工程师", Role::Engineer, "demo-engineer"},
};

const QString kSite = QStringLiteral("SG");

qint64 countRows(storage::Database& db, const char* table)
{
    storage::SqlQuery q(db, QStringLiteral("SELECT COUNT(*) FROM ") + QLatin1String(table));
    return q.scalarInt();
}

QString text(const char* s)
{
    return QString::fromUtf8(s);
}

Money yuan(const char* s)
{
    const auto m = Money::parseYuan(text(s));
    if (!m)
        throw Error(QStringLiteral("seed-demo: bad amount %1").arg(text(s)));
    return *m;
}

struct Seeded
{
    QString adminPassword;
    int meters = 0;
    int accounts = 0;
    int rooms = 0;
    int tariffs = 0;
};

// Creates site > buildings > units > rooms for every room a meter names.
QHash<QString, RoomId> seedProperty(PropertyStore& property, qint64 atMs)
{
    struct Named
    {
        const char* code;
        const char* name;
    };
    const Named buildings[] = {{"1", "1号楼（写字楼）"}, {"2", "2号楼（公寓）"}, {"M", "农贸市场"}};
    const Named units[] = {{"1/1", "1单元"}, {"2/1", "1单元"}, {"2/2", "2单元"}, {"M/1", "大厅"}};

    PropertyNode site;
    site.level = PropertyLevel::Site;
    site.code = kSite;
    site.name = QStringLiteral("阳光广场");
    site.remarks = tr("Training data (meterdeskd seed-demo)");
    const qint64 siteId = property.create(site, atMs);
    QHash<QString, qint64> buildingIds, unitIds;
    for (const Named& b : buildings) {
        PropertyNode n;
        n.level = PropertyLevel::Building;
        n.parent = siteId;
        n.code = text(b.code);
        n.name = text(b.name);
        buildingIds.insert(n.code, property.create(n, atMs));
    }
    for (const Named& u : units) {
        const QString path = text(u.code);
        PropertyNode n;
        n.level = PropertyLevel::Unit;
        n.parent = buildingIds.value(path.section(u'/', 0, 0));
        n.code = path.section(u'/', 1, 1);
        n.name = text(u.name);
        unitIds.insert(path, property.create(n, atMs));
    }
    QHash<QString, RoomId> rooms;
    for (const DemoMeter& m : kMeters) {
        const QString path = text(m.room); // SG/B/U/R
        if (rooms.contains(path))
            continue;
        const QString building = path.section(u'/', 1, 1);
        const QString room = path.section(u'/', 3, 3);
        PropertyNode n;
        n.level = PropertyLevel::Room;
        n.parent = unitIds.value(building + u'/' + path.section(u'/', 2, 2));
        n.code = room;
        n.name = building == u"M" ? room + QStringLiteral("摊位") : room + QStringLiteral("室");
        const int number = room.right(3).toInt();
        n.floor = building == u"M" ? 1 : number / 100;
        // Offices 60-120 m², flats 45-90 m², stalls 12-20 m²: varied, deterministic.
        const int seed = int(qHash(path, 7) % 1000);
        n.areaCentiM2 = building == u"1" ? 6000 + seed * 6 : building == u"2" ? 4500 + seed * 4 : 1200 + seed;
        rooms.insert(path, RoomId{property.create(n, atMs)});
    }
    return rooms;
}

Seeded seed(storage::Database& db, const QString& tariffDir)
{
    SystemClock clock;
    const QDateTime now = clock.nowUtc();
    const qint64 atMs = now.toMSecsSinceEpoch();
    Seeded done;

    storage::TransactionGuard guard(db);
    for (const char* table : {"operators", "accounts", "meters", "sites"}) {
        if (countRows(db, table) > 0)
            throw Error(tr("seed-demo fills an empty database only: this one already has rows in \"%1\"")
                            .arg(QLatin1String(table)));
    }

    // Operators: the administrator with a one-time password (as `serve` would make it) and the
    // demo's desk operators with fixed passwords.
    OperatorStore operators(db);
    const PasswordHasher hasher;
    done.adminPassword = PasswordHasher::randomPassword();
    OperatorRow admin;
    admin.name = QStringLiteral("admin");
    admin.displayName = tr("Administrator");
    admin.role = Role::Administrator;
    admin.passwordHash = hasher.hash(done.adminPassword);
    admin.mustChangePassword = true;
    const OperatorId adminId = operators.insert(admin, atMs);
    OperatorId cashier;
    for (const DemoOperator& o : kOperators) {
        OperatorRow row;
        row.name = text(o.name);
        row.displayName = text(o.display);
        row.role = o.role;
        row.passwordHash = hasher.hash(text(o.password));
        const OperatorId id = operators.insert(row, atMs);
        if (o.role == Role::Cashier)
            cashier = id;
    }

    // Tariffs: every example file.
    TariffStore tariffs(db);
    const QDir dir(tariffDir);
    const QStringList files = dir.entryList({QStringLiteral("*.tariff")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        throw Error(tr("No *.tariff files in %1 (give --tariffs DIR: the product's resources/tariffs)").arg(tariffDir));
    for (const QString& name : files) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            throw Error(tr("Cannot read %1: %2").arg(f.fileName(), f.errorString()));
        tariffs.put(f.readAll(), atMs);
        ++done.tariffs;
    }

    PropertyStore property(db);
    const QHash<QString, RoomId> rooms = seedProperty(property, atMs);
    done.rooms = int(rooms.size());

    // Accounts: open, link the room, the opening recharges, the collection settings.
    Ledger ledger(db, clock);
    AccountSettingsStore settings(db);
    QHash<QString, AccountId> byRoom;
    for (const DemoAccount& a : kAccounts) {
        const QString code = text(a.code);
        const AccountId id = ledger.openAccount({QStringLiteral("demo-open-") + code, code, text(a.tenant), text(a.phone), cashier}).account;
        property.linkRoom(id, rooms.value(text(a.room)), atMs);
        byRoom.insert(text(a.room), id);
        const bool office = code.startsWith(u'1') || code.startsWith(u'M');
        auto wallet = [&](Utility utility, const char* paid, const QString& tariff, const char* alarm1, const char* alarm2) {
            if (yuan(paid).isPositive())
                ledger.recharge({QStringLiteral("demo-paid-%1-%2").arg(code, utilityKey(utility)), id, utility,
                                 code.startsWith(u'M') ? Channel::WeChat : Channel::Cash, cashier, yuan(paid), Money(), {},
                                 tr("Opening balance (training data)")});
            AccountSettings s;
            s.account = id;
            s.utility = utility;
            s.tariffKey = tariff;
            s.thresholds.alarm1 = yuan(alarm1);
            s.thresholds.alarm2 = yuan(alarm2);
            s.forceOn = a.forceOn && utility == Utility::Electricity;
            if (a.windows)
                s.windows = ProtectedTimes::windowsFromJson(QJsonDocument::fromJson(a.windows).array(), code);
            settings.put(s, atMs);
        };
        wallet(Utility::Electricity, a.electricity, text(a.tariff), office ? "100.00" : "30.00", office ? "30.00" : "10.00");
        if (a.water)
            wallet(Utility::Water, a.water, QStringLiteral("water-yearly-ladder"), "20.00", "5.00");
        ++done.accounts;
    }

    // The registry: each meter in its room, billed to the room's tenant (none: 未开户).
    MeterRegistry registry(db);
    for (const DemoMeter& m : kMeters) {
        MeterRecord r;
        r.nameplate = text(m.nameplate);
        r.bus = text(m.bus);
        r.protocol = text(m.protocol);
        r.map = text(m.map);
        r.address = text(m.address);
        r.utility = *parseUtility(text(m.utility));
        r.room = rooms.value(text(m.room));
        if (byRoom.contains(text(m.room)))
            r.account = byRoom.value(text(m.room));
        if (r.protocol == u"dlt645")
            r.options = {{QStringLiteral("password"), QStringLiteral("123456")}};
        if (r.protocol == u"cjt188")
            r.options = {{QStringLiteral("type"), QStringLiteral("cold-water")}};
        r.maxRate = 0; // the simulator runs 60x: an hour of use in a minute
        r.installed = now.addDays(-30);
        registry.create(r);
        ++done.meters;
    }

    OperationRecord record;
    record.atUtc = now;
    record.operatorId = adminId;
    record.client = QStringLiteral("local");
    record.action = QStringLiteral("seed-demo");
    record.subject = QStringLiteral("property:") + kSite;
    record.detail = QJsonDocument(QJsonObject{{QStringLiteral("meters"), done.meters},
                                              {QStringLiteral("accounts"), done.accounts},
                                              {QStringLiteral("rooms"), done.rooms},
                                              {QStringLiteral("tariffs"), done.tariffs}})
                        .toJson(QJsonDocument::Compact);
    record.result = QStringLiteral("ok");
    OperationLog::append(db, record);
    guard.commit();
    return done;
}

} // namespace

QString seedDemoSummary()
{
    return tr("Fill an empty database with the demo office (--config FILE | --database URL, --tariffs DIR)");
}

int runSeedDemo(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString usage = tr("Usage: meterdeskd seed-demo (--config FILE | --database URL) --tariffs DIR");
    QString url, configPath, tariffDir;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--database" && i + 1 < args.size()) {
            url = args.at(++i);
        } else if (args.at(i) == u"--config" && i + 1 < args.size()) {
            configPath = args.at(++i);
        } else if (args.at(i) == u"--tariffs" && i + 1 < args.size()) {
            tariffDir = args.at(++i);
        } else if (args.at(i) == u"--help" || args.at(i) == u"-h") {
            out << usage << '\n';
            return 0;
        } else {
            err << usage << '\n';
            return 2;
        }
    }
    if (url.isEmpty() == configPath.isEmpty() || tariffDir.isEmpty()) {
        err << usage << '\n';
        return 2;
    }
    try {
        QElapsedTimer timer;
        timer.start();
        const storage::DatabaseConfig config =
            url.isEmpty() ? ServiceConfig::readFile(configPath).database : storage::DatabaseConfig::fromUrl(url);
        const auto db = storage::Database::open(config);
        storage::Migrator::migrate(*db, meterdeskMigrations());
        const Seeded s = seed(*db, tariffDir);
        out << tr("Demo office written in %1 ms: %2 rooms, %3 meters, %4 accounts, %5 tariffs")
                   .arg(timer.elapsed())
                   .arg(s.rooms)
                   .arg(s.meters)
                   .arg(s.accounts)
                   .arg(s.tariffs)
            << '\n';
        out << tr("Created the operator \"admin\" with the one-time password %1 "
                  "(it must be changed at the first login and is not shown again)")
                   .arg(s.adminPassword)
            << '\n';
        for (const DemoOperator& o : kOperators)
            out << tr("Demo operator \"%1\" (%2), password %3").arg(text(o.name), roleName(o.role), text(o.password)) << '\n';
        return 0;
    } catch (const Error& e) {
        err << e.message() << '\n';
        return 1;
    }
}

} // namespace md::cli

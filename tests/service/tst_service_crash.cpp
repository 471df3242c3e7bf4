// `kill -9` of the real service at random points during collection cycles and recharges
// (100 points on SQLite, MD_CRASH_POINTS to change; 20 on MariaDB): after the restarts every
// acknowledged recharge is there exactly once, no recharge is there twice, the cached balances
// equal the postings, every wallet was charged exactly the price of what its meter counted
// (no reading billed twice, no half-applied bill), the audit chain holds, and every relay
// state the service reports is the one the meter has.

#include "service_rig.h"

#include "api/jsonrpc.h"
#include "ledger/ledger.h"
#include "money/money.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QThread>

using namespace md;
using namespace md::test;

namespace {

const QByteArray kScenario = rigScenario(11, prepaidMeter(QStringLiteral("m1"), 1, 10000) + prepaidMeter(QStringLiteral("m2"), 2, 3000)
                                                 + prepaidMeter(QStringLiteral("m3"), 3, 2000) + prepaidMeter(QStringLiteral("m4"), 4, 500));

struct Recharge
{
    QString key;
    qint64 account = 0;
    QString amount;
    qint64 transaction = 0; // known when acknowledged
};

QJsonObject rechargeParams(const Recharge& r)
{
    return {{QStringLiteral("key"), r.key}, {QStringLiteral("account"), r.account}, {QStringLiteral("amount"), r.amount}};
}

int crashPoints(Backend backend)
{
    const QByteArray env = qgetenv("MD_CRASH_POINTS");
    if (!env.isEmpty())
        return env.toInt();
    return backend == Backend::Sqlite ? 100 : 20;
}

} // namespace

TEST_CASE("kill -9 at random points loses no committed reading or acknowledged recharge and half-applies nothing", "[service][crash]")
{
    MD_FOR_EACH_BACKEND(backend);
    ServiceRig rig(backend);
    QList<qint64> accounts;
    const QStringList seeded{QStringLiteral("3.00"), QStringLiteral("200.00"), QStringLiteral("200.00"), QStringLiteral("200.00")};
    for (int i = 0; i < 4; ++i) {
        ServiceRig::Account a;
        a.code = QStringLiteral("X-%1").arg(i + 1);
        a.paid = seeded.at(i);
        accounts << rig.addAccount(a);
        rig.addMeter(QStringLiteral("m%1").arg(i + 1), i + 1, accounts.back());
    }
    SimProcess sim(kScenario, 360);
    // A cycle every second: the kills land in reading, billing and switching as often as not.
    const QString config = rig.writeConfig(sim.busPath(QStringLiteral("b1")));
    {
        QFile f(config);
        REQUIRE(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll().replace("cycle_minutes = 1440", "cycle_seconds = 1");
        REQUIRE(text.contains("cycle_seconds = 1"));
        f.close();
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }
    ServiceProcess service(config);
    service.start();
    ServiceRig::Desk desk = rig.firstLogin(service);
    desk = {};

    QRandomGenerator rng(20261129);
    QList<Recharge> issued;
    int acknowledged = 0, inFlightAtKill = 0;
    const int points = crashPoints(backend);
    for (int point = 0; point < points; ++point) {
        if (point > 0)
            service.start();
        auto cashier = ServiceRig::login(service, QStringLiteral("wang"));
        // Some acknowledged recharges while the cycles run ...
        const int n = int(rng.bounded(3));
        for (int j = 0; j < n; ++j) {
            Recharge r{QStringLiteral("c%1-%2").arg(point).arg(j), accounts.at(int(rng.bounded(4))),
                       Money::fromFen(qint64(rng.bounded(1, 3000))).toYuanString()};
            issued << r;
            const QJsonObject res = resultOf(cashier->call(QStringLiteral("account.recharge"), rechargeParams(r)));
            issued.back().transaction = res.value(u"transaction").toInteger();
            ++acknowledged;
        }
        // ... then the kill: right after a recharge went out (its answer never seen), or at a
        // random moment of the cycles.
        if (rng.bounded(2) == 0) {
            Recharge r{QStringLiteral("c%1-x").arg(point), accounts.at(int(rng.bounded(4))),
                       Money::fromFen(qint64(rng.bounded(1, 3000))).toYuanString()};
            issued << r;
            ++inFlightAtKill;
            const QByteArray line = api::encodeLine({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                                     {QStringLiteral("id"), 999},
                                                     {QStringLiteral("method"), QStringLiteral("account.recharge")},
                                                     {QStringLiteral("params"), rechargeParams(r)}});
            try {
                cashier->sendRaw(line, 1);
            } catch (const std::exception&) {
                // no answer within the millisecond: as intended
            }
            QThread::usleep(static_cast<unsigned long>(rng.bounded(4000)));
        } else {
            QThread::msleep(static_cast<unsigned long>(rng.bounded(50, 700)));
        }
        service.kill9();
    }
    WARN(points << " kill -9 points on " << backendName(backend).toStdString() << ": " << acknowledged
                << " acknowledged recharges, " << inFlightAtKill << " in flight at the kill");

    // Back up: every recharge the desk issued is retried with its key — an acknowledged one is
    // answered from the ledger (the same transaction), one that was in flight is either there
    // or made now: after this, each exists exactly once.
    service.start();
    {
        auto cashier = ServiceRig::login(service, QStringLiteral("wang"));
        int committedBeforeKill = 0;
        for (const Recharge& r : std::as_const(issued)) {
            const QJsonObject res = resultOf(cashier->call(QStringLiteral("account.recharge"), rechargeParams(r)));
            if (r.transaction != 0) {
                CHECK(res.value(u"replayed").toBool());
                CHECK(res.value(u"transaction").toInteger() == r.transaction);
            } else if (res.value(u"replayed").toBool()) {
                ++committedBeforeKill;
            }
        }
        WARN(committedBeforeKill << " of the recharges in flight had committed before the kill");
        // One more whole cycle, so that every meter's relay state is read back after the last kill.
        auto engineer = ServiceRig::login(service, QStringLiteral("li"));
        const qint64 before = rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings"));
        resultOf(engineer->call(QStringLiteral("meter.read_now")));
        REQUIRE(waitFor([&] { return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) >= before + 8; }, 15000));
        REQUIRE(waitFor([&] {
            return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE status IN ('requested', 'sent')")) == 0;
        }, 15000));
        auto admin = ServiceRig::login(service, QStringLiteral("admin"));
        CHECK(resultOf(admin->call(QStringLiteral("audit.verify"))).value(u"ok").toBool());
    }
    service.terminate();

    auto db = rig.open();
    SystemClock clock;
    Ledger ledger(*db, clock);
    CHECK(ledger.verify().isEmpty());
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings")) ==
          rig.scalar(QStringLiteral("SELECT COUNT(*) FROM (SELECT DISTINCT meter_id, at_ms FROM readings) r")));
    for (int i = 0; i < 4; ++i) {
        const qint64 meter = i + 1;
        INFO("meter m" << meter);
        qint64 paid = Money::parseYuan(seeded.at(i))->fen();
        for (const Recharge& r : std::as_const(issued)) {
            if (r.account == accounts.at(i))
                paid += Money::parseYuan(r.amount)->fen();
        }
        const qint64 base = rig.scalar(
            QStringLiteral("SELECT total_milli FROM readings WHERE meter_id = %1 AND (flags & 1) = 1 ORDER BY at_ms LIMIT 1").arg(meter));
        const qint64 last = rig.scalar(
            QStringLiteral("SELECT COALESCE(MAX(total_milli), 0) FROM readings WHERE meter_id = %1 AND (flags & 2) = 2").arg(meter));
        // flat-e: 0.5000 yuan/kWh, half-up, charged on the cumulative consumption.
        const qint64 charged = ((last - base) * 50 + 500) / 1000;
        CHECK(ledger.walletBalance(AccountId{accounts.at(i)}, Utility::Electricity).fen() == paid - charged);
        // What the service says the relay is, the meter says too.
        const QString actual = rig.rows(QStringLiteral("SELECT switch_actual FROM meter_runtime WHERE meter_id = %1").arg(meter)).trimmed();
        const QString relay = sim.relay(QStringLiteral("m%1").arg(meter));
        CHECK(actual == (relay == u"open" ? QStringLiteral("off") : QStringLiteral("on")));
    }
}

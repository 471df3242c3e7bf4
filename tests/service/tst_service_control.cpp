// The real service (`meterdeskd serve`) reading the real `metersim` over pseudo terminals,
// on a SQLite file and on MariaDB: arrears trip confirmed by read-back, a recharge restores
// within seconds (no cycle in between: the cycle here is an hour), force-on is never tripped,
// a protected window defers the trip, a lost meter is marked, recovered and its outage
// consumption billed once, a counter reset is flagged and not billed, and a lossy meter is
// retried and never stored wrong.

#include "service_rig.h"

#include "money/money.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimeZone>

using namespace md;
using namespace md::test;

namespace {

// 10 kW at 360× speed: 1 kWh (0.50 yuan at flat-e) per real second.
const QByteArray kScenario = rigScenario(7, prepaidMeter(QStringLiteral("m1"), 1, 10000) + prepaidMeter(QStringLiteral("m2"), 2, 10000)
                                                + prepaidMeter(QStringLiteral("m3"), 3, 10000) + prepaidMeter(QStringLiteral("m4"), 4, 1000)
                                                + prepaidMeter(QStringLiteral("m6"), 6, 1000)
                                                + prepaidMeter(QStringLiteral("m7"), 7, 1000, "fault.corrupt = 0.3\nfault.drop = 0.2")
                                                + prepaidMeter(QStringLiteral("m8"), 8, 500));

// A protected window around the office's present moment (Asia/Shanghai), long enough for the test.
QJsonArray windowAroundNow()
{
    const QDateTime local = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(QByteArrayLiteral("Asia/Shanghai")));
    const QTime from = local.time().addSecs(-3600);
    const QTime to = local.time().addSecs(3 * 3600);
    return QJsonArray{QJsonArray{from.toString(u"HH:mm"), to.toString(u"HH:mm")}};
}

ServiceRig::Account account(const QString& code, const QString& paid)
{
    ServiceRig::Account a;
    a.code = code;
    a.paid = paid;
    return a;
}

qint64 fen(const QString& yuan)
{
    return Money::parseYuan(yuan)->fen();
}

QString balanceOf(api::ApiClient& c, qint64 account)
{
    return resultOf(c.call(QStringLiteral("account.get"), {{QStringLiteral("account"), account}}))
        .value(u"wallets")
        .toObject()
        .value(u"electricity")
        .toString();
}

qint64 energyMilli(SimProcess& sim, const QString& meter)
{
    return Money::parseYuan(sim.meter(meter).value(u"energy").toString())->fen() * 10; // 2 decimals of kWh
}

// A whole cycle of every meter, waited for by its end event (not by time).
void cycle(api::ApiClient& engineer)
{
    engineer.takeNotifications();
    resultOf(engineer.call(QStringLiteral("meter.read_now")));
    REQUIRE(waitFor([&] {
        QList<QJsonObject> seen = engineer.takeNotifications();
        seen.append(engineer.waitForNotification(50));
        for (const QJsonObject& n : std::as_const(seen)) {
            if (n.value(u"method").toString() == u"event.cycle.finished")
                return true;
        }
        return false;
    }, 10000, 10));
}

void readNow(api::ApiClient& engineer, QJsonArray meters = {})
{
    QJsonObject p;
    if (!meters.isEmpty())
        p.insert(QStringLiteral("meters"), meters);
    resultOf(engineer.call(QStringLiteral("meter.read_now"), p));
}

} // namespace

TEST_CASE("The service trips on arrears, restores on recharge within seconds, honours force-on and protected windows", "[service]")
{
    MD_FOR_EACH_BACKEND(backend);
    ServiceRig rig(backend);
    const qint64 a = rig.addAccount(account(QStringLiteral("A-101"), QStringLiteral("1.00")));
    ServiceRig::Account forced = account(QStringLiteral("B-102"), QStringLiteral("0.20"));
    forced.forceOn = true;
    const qint64 b = rig.addAccount(forced);
    ServiceRig::Account night = account(QStringLiteral("C-103"), QStringLiteral("1.00"));
    night.windows = windowAroundNow();
    const qint64 c = rig.addAccount(night);
    const qint64 d = rig.addAccount(account(QStringLiteral("D-104"), QStringLiteral("500.00")));
    const qint64 e = rig.addAccount(account(QStringLiteral("E-105"), QStringLiteral("500.00")));
    const qint64 f = rig.addAccount(account(QStringLiteral("F-106"), QStringLiteral("500.00")));
    const qint64 m1 = rig.addMeter(QStringLiteral("m1"), 1, a);
    const qint64 m2 = rig.addMeter(QStringLiteral("m2"), 2, b);
    const qint64 m3 = rig.addMeter(QStringLiteral("m3"), 3, c);
    const qint64 m4 = rig.addMeter(QStringLiteral("m4"), 4, d);
    const qint64 m6 = rig.addMeter(QStringLiteral("m6"), 6, e);
    const qint64 m7 = rig.addMeter(QStringLiteral("m7"), 7, f);

    SimProcess sim(kScenario, 360);
    ServiceProcess service(rig.writeConfig(sim.busPath(QStringLiteral("b1"))));
    service.start();
    INFO("service output: " << service.output().toStdString());
    ServiceRig::Desk desk = rig.firstLogin(service);

    // The first readings are every meter's baseline.
    readNow(*desk.engineer);
    const bool baselines = waitFor([&] { return rig.scalar(QStringLiteral("SELECT COUNT(DISTINCT meter_id) FROM readings "
                                                                           "WHERE meter_id IN (1, 2, 3, 4, 5)")) == 5; },
                                   10000);
    INFO("service output: " << service.output().toStdString());
    REQUIRE(baselines);
    CHECK(m1 == 1);
    CHECK(m6 == 5);

    // Two and a half kWh later A owes 0.25 yuan: tripped and confirmed within this cycle.
    const qint64 base = energyMilli(sim, QStringLiteral("m1"));
    REQUIRE(waitFor([&] { return energyMilli(sim, QStringLiteral("m1")) >= base + 2500; }, 10000));
    readNow(*desk.engineer);
    REQUIRE(waitFor([&] { return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id IN (1, 2, 3, 4, 5)")) == 10; },
                    10000));
    REQUIRE(waitFor([&] { return sim.relay(QStringLiteral("m1")) == u"open"; }, 10000));
    REQUIRE(waitFor([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE meter_id = %1 AND command = 'off' "
                                         "AND status = 'confirmed'").arg(m1)) == 1;
    }, 5000));
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM meter_runtime WHERE meter_id = %1 AND alarm_level = 'arrears' "
                                    "AND switch_actual = 'off'").arg(m1)) == 1);
    // B is in arrears too, but forced on (保电): never a trip.
    CHECK(fen(balanceOf(*desk.cashier, b)) < 0);
    CHECK(sim.relay(QStringLiteral("m2")) == u"closed");
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE meter_id = %1 AND command = 'off'").arg(m2)) == 0);
    // C is in arrears inside its protected window: the trip waits for the window's end.
    INFO("readings of m3:\n" << rig.rows(QStringLiteral("SELECT at_ms, total_milli, flags, reason, tx_id FROM readings WHERE meter_id = %1").arg(m3)).toStdString());
    INFO("commands of m3:\n" << rig.rows(QStringLiteral("SELECT * FROM relay_commands WHERE meter_id = %1").arg(m3)).toStdString());
    CHECK(fen(balanceOf(*desk.cashier, c)) < 0);
    CHECK(sim.relay(QStringLiteral("m3")) == u"closed");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE meter_id = %1 AND command = 'off' "
                                    "AND status = 'requested' AND due_at > %2").arg(m3).arg(now + 3600 * 1000)) == 1);

    // A recharge that lifts A out of arrears closes the relay within seconds, not at the next
    // cycle (a day away).
    const QJsonObject paid = resultOf(desk.cashier->call(
        QStringLiteral("account.recharge"),
        {{QStringLiteral("key"), QStringLiteral("k-a-1")}, {QStringLiteral("account"), a}, {QStringLiteral("amount"), QStringLiteral("50.00")}}));
    CHECK(fen(paid.value(u"balance_after").toString()) > 0);
    QElapsedTimer restore;
    restore.start();
    REQUIRE(waitFor([&] { return sim.relay(QStringLiteral("m1")) == u"closed"; }, 5000));
    const qint64 restoreMs = restore.elapsed();
    WARN("recharge to relay closed: " << restoreMs << " ms");
    CHECK(restoreMs < 5000);
    REQUIRE(waitFor([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE meter_id = %1 AND command = 'on' "
                                         "AND status = 'confirmed'").arg(m1)) == 1;
    }, 5000));

    // A recharge for C cancels the deferred trip.
    resultOf(desk.cashier->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("k-c-1")},
                                                                     {QStringLiteral("account"), c},
                                                                     {QStringLiteral("amount"), QStringLiteral("50.00")}}));
    REQUIRE(waitFor([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE meter_id = %1 AND status = 'superseded'")
                              .arg(m3)) == 1;
    }, 5000));
    CHECK(sim.relay(QStringLiteral("m3")) == u"closed");

    // m4 stops answering: lost after two missed cycles, back by itself, and the energy used
    // meanwhile billed exactly once from its registers.
    // (Misses count in cycles: read_now without meters runs one for every meter.)
    sim.command(QStringLiteral("kill m4"));
    for (int i = 0; i < 3; ++i)
        cycle(*desk.engineer);
    const bool lost = waitFor([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM meter_runtime WHERE meter_id = %1 AND lost = 1").arg(m4)) == 1;
    }, 5000);
    INFO("runtime of m4:\n" << rig.rows(QStringLiteral("SELECT * FROM meter_runtime WHERE meter_id = %1").arg(m4)).toStdString());
    INFO("service output: " << service.output().toStdString());
    REQUIRE(lost);
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM alarm_events WHERE meter_id = %1 AND kind = 'lost'").arg(m4)) == 1);
    const qint64 outage = energyMilli(sim, QStringLiteral("m4"));
    REQUIRE(waitFor([&] { return energyMilli(sim, QStringLiteral("m4")) >= outage + 100; }, 10000)); // used while lost
    sim.command(QStringLiteral("revive m4"));
    readNow(*desk.engineer, {m4});
    REQUIRE(waitFor([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM alarm_events WHERE meter_id = %1 AND kind = 'recovered'").arg(m4)) == 1;
    }, 5000));
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM meter_runtime WHERE meter_id = %1 AND lost = 0").arg(m4)) == 1);
    {
        const qint64 first = rig.scalar(QStringLiteral("SELECT total_milli FROM readings WHERE meter_id = %1 ORDER BY at_ms LIMIT 1").arg(m4));
        const qint64 last = rig.scalar(QStringLiteral("SELECT total_milli FROM readings WHERE meter_id = %1 ORDER BY at_ms DESC LIMIT 1").arg(m4));
        REQUIRE(last > first);
        // 0.5000 yuan/kWh, half-up, charged cumulatively: the sum is the whole consumption's price.
        const qint64 expected = ((last - first) * 50 + 500) / 1000;
        CHECK(fen(QStringLiteral("500.00")) - fen(balanceOf(*desk.cashier, d)) == expected);
    }

    // m6's counter goes back to zero (a swapped register): flagged, not billed.
    const qint64 before = fen(balanceOf(*desk.cashier, e));
    sim.command(QStringLiteral("reset m6"));
    readNow(*desk.engineer, {m6});
    REQUIRE(waitFor([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1 AND reason <> ''").arg(m6)) == 1;
    }, 5000));
    CHECK(fen(balanceOf(*desk.cashier, e)) == before);

    // m7 drops and garbles replies: retried; whatever was stored is a true, rising register.
    for (int i = 0; i < 4; ++i)
        cycle(*desk.engineer);
    const qint64 stored = rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(m7));
    CHECK(stored >= 2);
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1 AND reason <> ''").arg(m7)) == 0);
    const qint64 simTotal = qint64(sim.meter(QStringLiteral("m7")).value(u"energy").toString().toDouble() * 1000 + 0.5);
    CHECK(rig.scalar(QStringLiteral("SELECT MAX(total_milli) FROM readings WHERE meter_id = %1").arg(m7)) <= simTotal);

    // A meter registered while the service runs is read from then on (the buses are rebuilt).
    const qint64 m8 = resultOf(desk.engineer->call(QStringLiteral("meter.create"), {{QStringLiteral("nameplate"), QStringLiteral("m8")},
                                                                                   {QStringLiteral("bus"), QStringLiteral("b1")},
                                                                                   {QStringLiteral("protocol"), QStringLiteral("modbus")},
                                                                                   {QStringLiteral("map"), QStringLiteral("md-prepaid")},
                                                                                   {QStringLiteral("address"), QStringLiteral("8")}}))
                          .value(u"id")
                          .toInteger();
    REQUIRE(m8 > 0);
    REQUIRE(waitFor([&] {
        const QJsonObject r = desk.engineer->call(QStringLiteral("meter.read_now"), {{QStringLiteral("meters"), QJsonArray{m8}}});
        return r.contains(u"result");
    }, 5000, 200));
    REQUIRE(waitFor([&] { return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(m8)) >= 1; }, 5000));
    // A meter of no account (未开户) is tripped by hand, confirmed by read-back.
    const QJsonObject tripped = resultOf(desk.manager->call(QStringLiteral("meter.control"),
                                                            {{QStringLiteral("meters"), QJsonArray{m8}}, {QStringLiteral("action"), QStringLiteral("trip")}}));
    CHECK(tripped.value(u"accepted").toInt() == 1);
    REQUIRE(waitFor([&] { return sim.relay(QStringLiteral("m8")) == u"open"; }, 5000));
    // Force-on (保电) of A's meter: closed whatever the balance; restore-prepaid hands it back.
    CHECK(resultOf(desk.manager->call(QStringLiteral("meter.control"), {{QStringLiteral("meters"), QJsonArray{m1}},
                                                                        {QStringLiteral("action"), QStringLiteral("force-on")}}))
              .value(u"accepted")
              .toInt() == 1);
    CHECK(errorCode(desk.cashier->call(QStringLiteral("meter.control"), {{QStringLiteral("meters"), QJsonArray{m1}},
                                                                         {QStringLiteral("action"), QStringLiteral("trip")}})) == 1006);

    // An address scan finds the meters that answer (m7 drops some replies: at least six).
    resultOf(desk.engineer->call(QStringLiteral("bus.scan"), {{QStringLiteral("bus"), QStringLiteral("b1")},
                                                              {QStringLiteral("first"), 1},
                                                              {QStringLiteral("last"), 9}}));
    int found = -1;
    QStringList addresses;
    QElapsedTimer scanning;
    scanning.start();
    while (found < 0 && scanning.elapsed() < 15000) { // (the events of the cycles so far come first)
        const QJsonObject n = desk.engineer->waitForNotification(500);
        const QString method = n.value(u"method").toString();
        if (method == u"event.bus.scan_found")
            addresses << n.value(u"params").toObject().value(u"address").toString();
        else if (method == u"event.bus.scan_finished")
            found = n.value(u"params").toObject().value(u"found").toInt();
    }
    INFO("found: " << addresses.join(QStringLiteral(",")).toStdString());
    CHECK(found >= 6);
    CHECK(found == addresses.size());
    CHECK(!addresses.contains(QStringLiteral("5")));
    CHECK(!addresses.contains(QStringLiteral("9")));

    // Every operation is in the hash-chained log, and the ledger's cached balances are its postings.
    const QJsonObject verified = resultOf(desk.admin->call(QStringLiteral("audit.verify")));
    CHECK(verified.value(u"ok").toBool());
    service.terminate();
    CHECK(service.output().contains(QStringLiteral("MeterDesk service stopped")));
    (void)f;
}

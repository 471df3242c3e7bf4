// The README demo (installer/demo.sh) headless: `meterdeskd seed-demo` on a scratch SQLite file,
// `metersim` on resources/scenarios/demo-office.scenario at speed 60 and `meterdeskd serve` with
// [service] training = yes reading its three buses. Every seeded meter is read except the two
// the scenario makes dead, which are marked lost; the accounts that start at zero go to arrears
// and their trips are confirmed by read-back (the simulated relay is open); the clinic kept on
// (保电) at zero is never tripped; the service says "training" at login; a second seed is refused.

#include "service_rig.h"

#include "cli/command.h"
#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

using namespace md;
using namespace md::test;

namespace {

int runCli(const QStringList& args, QString& output)
{
    QString out, err;
    QTextStream o(&out), e(&err);
    const int code = cli::dispatch(QStringList{QStringLiteral("meterdeskd")} + args, o, e);
    output = out + err;
    return code;
}

} // namespace

TEST_CASE("The demo office: seeded meters are read, arrears tripped and confirmed, force-on kept, training said", "[demo]")
{
    QFile scenario(sourcePath(QStringLiteral("resources/scenarios/demo-office.scenario")));
    REQUIRE(scenario.open(QIODevice::ReadOnly));
    SimProcess sim(scenario.readAll(), 60);

    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString dbPath = dir.filePath(QStringLiteral("office.db"));
    const QString configPath = dir.filePath(QStringLiteral("meterdesk.conf"));
    {
        QFile f(configPath);
        REQUIRE(f.open(QIODevice::WriteOnly));
        QString text = QStringLiteral("[database]\nurl = sqlite:%1\n[api]\nlisten = 127.0.0.1\nport = 0\n"
                                      "[service]\ntraining = yes\n"
                                      "[collection]\ncycle_seconds = 3\ningest_batch_ms = 100\ncontrol_check_seconds = 1\n")
                           .arg(dbPath);
        for (const char* bus : {"b1", "b2", "market"}) {
            const QString name = QLatin1String(bus);
            REQUIRE(!sim.busPath(name).isEmpty());
            text += QStringLiteral("[bus %1]\ndevice = %2\nrequest_timeout_ms = 300\nretries = 1\n"
                                   "probe_after_misses = 1\nlost_after_misses = 2\ncommand_backoff_ms = 200\n")
                        .arg(name, sim.busPath(name));
        }
        f.write(text.toUtf8());
    }

    QString output;
    QElapsedTimer seedTime;
    seedTime.start();
    REQUIRE(runCli({QStringLiteral("seed-demo"), QStringLiteral("--config"), configPath, QStringLiteral("--tariffs"),
                    sourcePath(QStringLiteral("resources/tariffs"))},
                   output) == 0);
    const qint64 seedMs = seedTime.elapsed();
    INFO("seed-demo: " << output.toStdString() << " in " << seedMs << " ms");
    CHECK(output.contains(QStringLiteral("one-time password")));
    // A second seed is refused and changes nothing.
    QString again;
    CHECK(runCli({QStringLiteral("seed-demo"), QStringLiteral("--config"), configPath, QStringLiteral("--tariffs"),
                  sourcePath(QStringLiteral("resources/tariffs"))},
                 again) == 1);
    CHECK(again.contains(QStringLiteral("empty database")));

    ServiceProcess service(configPath);
    service.start();
    auto desk = service.connect();
    const QJsonObject login = desk->login(QStringLiteral("demo"), QStringLiteral("demo-manager"));
    CHECK(login.value(u"training").toBool());
    CHECK(resultOf(desk->call(QStringLiteral("session.whoami"))).value(u"training").toBool());

    const QStringList arrears{QStringLiteral("E1-204"), QStringLiteral("E2-1102")};
    auto meters = [&] {
        QHash<QString, QJsonObject> byName;
        const QJsonObject r = resultOf(desk->call(QStringLiteral("meter.list")));
        for (const QJsonValue v : r.value(u"meters").toArray())
            byName.insert(v.toObject().value(u"nameplate").toString(), v.toObject());
        return byName;
    };
    auto unread = [&] {
        QStringList names;
        const auto all = meters();
        for (auto it = all.begin(); it != all.end(); ++it)
            if (it.value().value(u"last_reading").isNull())
                names << it.key();
        names.sort();
        return names;
    };
    auto tripped = [&](const QString& name) {
        const QJsonObject m = meters().value(name);
        const QJsonObject r = resultOf(desk->call(QStringLiteral("meter.commands"), {{QStringLiteral("meter"), m.value(u"id")}}));
        for (const QJsonValue c : r.value(u"commands").toArray()) {
            const QJsonObject o = c.toObject();
            if (o.value(u"command").toString() == u"off" && o.value(u"reason").toString() == u"arrears" && o.value(u"status").toString() == u"confirmed")
                return true;
        }
        return false;
    };

    CHECK(meters().size() == 60);
    const bool allRead = waitFor([&] { return unread() == QStringList{QStringLiteral("E1-405"), QStringLiteral("WM-11")}; }, 15000, 250);
    INFO("never read: " << unread().join(u',').toStdString() << "\nservice: " << service.output().toStdString());
    CHECK(allRead);
    const bool trips = waitFor([&] { return tripped(arrears[0]) && tripped(arrears[1]); }, 15000, 250);
    CHECK(trips);
    const auto now = meters();
    for (const QString& name : arrears) {
        INFO(name.toStdString());
        CHECK(now.value(name).value(u"state").toString() == u"arrears");
        CHECK(now.value(name).value(u"balance").toString().startsWith(u'-'));
        CHECK(sim.relay(name) == u"open");
    }
    // The clinic at zero balance, kept on (保电): never tripped.
    CHECK(now.value(QStringLiteral("E1-301")).value(u"state").toString() == u"forced-on");
    CHECK(sim.relay(QStringLiteral("E1-301")) == u"closed");
    // The dead meters are lost (失联) after their missed cycles.
    const bool lost = waitFor(
        [&] {
            const auto m = meters();
            return m.value(QStringLiteral("E1-405")).value(u"state").toString() == u"lost" && m.value(QStringLiteral("WM-11")).value(u"state").toString() == u"lost";
        },
        10000, 250);
    CHECK(lost);
    // A recharge out of arrears closes the relay again without waiting for a cycle.
    auto cashier = service.connect();
    cashier->login(QStringLiteral("wang"), QStringLiteral("demo-cashier"));
    resultOf(cashier->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("demo-test-1")},
                                                               {QStringLiteral("code"), QStringLiteral("1-204")},
                                                               {QStringLiteral("amount"), QStringLiteral("100.00")}}));
    CHECK(waitFor([&] { return sim.relay(QStringLiteral("E1-204")) == u"closed"; }, 5000, 100));
    service.terminate();
}

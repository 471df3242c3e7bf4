// The service configuration's collection and log sections: what they accept, and that every
// mistake is refused with the file, the line and the key named.

#include "config/service_config.h"
#include "service_rig.h"
#include "log/rotating_log.h"
#include "support/test_paths.h"
#include "util/error.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QRegularExpression>
#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>

using namespace md;

namespace {

ServiceConfig parse(const char* text)
{
    return ServiceConfig::parse(QByteArray("[database]\nurl = sqlite:x.db\n") + text, QStringLiteral("test.conf"),
                                QStringLiteral("/srv/md"));
}

QString problem(const char* text)
{
    try {
        parse(text);
    } catch (const InputError& e) {
        return e.message();
    }
    return {};
}

} // namespace

TEST_CASE("[bus NAME] and [collection] sections configure the buses and the cycle", "[service][config]")
{
    const ServiceConfig c = parse("[collection]\ncycle_minutes = 15\noffice_time_zone = Asia/Urumqi\n"
                                  "[bus north]\ndevice = /dev/ttyUSB0\nbaud = 2400\nparity = even\nstop_bits = 1\n"
                                  "transport = qt-modbus\nrequest_timeout_ms = 800\nlost_after_misses = 6\n"
                                  "[bus south]\ndevice = COM3\n"
                                  "[log]\nfile = log/meterdeskd.log\nmax_kilobytes = 2048\nkeep = 3\nrules = md.collection.debug=true\n");
    CHECK(c.collection.cycleSeconds == 900);
    CHECK(c.collection.officeZone.id() == "Asia/Urumqi");
    REQUIRE(c.collection.buses.size() == 2);
    const collection::BusSettings& n = c.collection.buses.at(0);
    CHECK(n.name == u"north");
    CHECK(n.device == u"/dev/ttyUSB0");
    CHECK(n.baud == 2400);
    CHECK(n.parity == QSerialPort::EvenParity);
    CHECK(n.transport == collection::TransportKind::QtModbus);
    CHECK(n.requestTimeoutMs == 800);
    CHECK(n.lostAfterMisses == 6);
    CHECK(c.collection.buses.at(1).name == u"south");
    CHECK(c.collection.buses.at(1).parity == QSerialPort::EvenParity); // the office default, 9600 8E1
    CHECK(c.log.file == QDir(QStringLiteral("/srv/md")).absoluteFilePath(QStringLiteral("log/meterdeskd.log")));
    CHECK(c.log.maxBytes == 2048 * 1024);
    CHECK(c.log.keep == 3);
    CHECK(parse("").collection.buses.empty()); // no bus: an API-only service
}

TEST_CASE("A bad bus, collection or log setting is refused naming the line and the key", "[service][config]")
{
    CHECK(problem("[bus north]\nbaud = 2400\n").contains(QStringLiteral("test.conf:3")));
    CHECK(problem("[bus north]\nbaud = 2400\n").contains(QStringLiteral("device")));
    CHECK(problem("[bus north]\ndevice = /dev/ttyS0\nparity = mark\n").contains(QStringLiteral("parity")));
    CHECK(problem("[bus north]\ndevice = /dev/ttyS0\nparity = mark\n").contains(QStringLiteral("mark")));
    CHECK(problem("[bus north]\ndevice = /dev/ttyS0\nbaud = fast\n").contains(QStringLiteral("test.conf:5")));
    CHECK(problem("[bus north]\ndevice = /dev/ttyS0\nbaud_rate = 9600\n").contains(QStringLiteral("baud_rate")));
    CHECK(problem("[bus]\ndevice = /dev/ttyS0\n").contains(QStringLiteral("[bus NAME]")));
    CHECK(problem("[bus a]\ndevice = x\n[bus a]\ndevice = y\n").contains(QStringLiteral("twice")));
    CHECK(problem("[collection]\ncycle_minutes = 0\n").contains(QStringLiteral("cycle_minutes")));
    CHECK(problem("[collection]\noffice_time_zone = Mars/Olympus\n").contains(QStringLiteral("Mars/Olympus")));
    CHECK(problem("[log]\nkeep = many\n").contains(QStringLiteral("keep")));
}

TEST_CASE("The log file rotates by size and keeps the newest lines in order", "[service][log]")
{
    QTemporaryDir dir;
    LogConfig config;
    config.file = dir.filePath(QStringLiteral("md.log"));
    config.maxBytes = 400;
    config.keep = 2;
    config.alsoStderr = false;
    {
        RotatingLog log(config);
        REQUIRE(log.install());
        for (int i = 0; i < 60; ++i)
            qWarning("line %03d", i);
    }
    auto read = [&](const QString& suffix) {
        QFile f(config.file + suffix);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    const QString current = read(QString()), one = read(QStringLiteral(".1")), two = read(QStringLiteral(".2"));
    CHECK(!QFile::exists(config.file + QStringLiteral(".3")));
    CHECK(current.size() <= 400);
    CHECK(one.size() <= 400);
    CHECK(current.contains(QStringLiteral("warning default: line 059")));
    // Oldest first across .2, .1 and the current file, no gaps.
    const QStringList lines = (two + one + current).split(u'\n', Qt::SkipEmptyParts);
    REQUIRE(lines.size() > 3);
    int expected = 60 - int(lines.size());
    for (const QString& l : lines)
        CHECK(l.endsWith(QStringLiteral("line %1").arg(expected++, 3, 10, QLatin1Char('0'))));
}

TEST_CASE("The example configuration the installer ships is one the service accepts", "[service][config]")
{
    const ServiceConfig c = ServiceConfig::readFile(md::test::sourcePath(QStringLiteral("installer/linux/meterdesk.conf.example")));
    CHECK(c.collection.cycleSeconds == 1800);
    REQUIRE(c.collection.buses.size() == 1);
    CHECK(c.collection.buses.front().device == u"/dev/ttyUSB0");
    CHECK(c.log.file == u"/var/log/meterdesk/meterdeskd.log");
}

TEST_CASE("[service] language takes zh_CN, en or system, and refuses others naming the line", "[service][config]")
{
    const auto parse = [](const char* service) {
        return ServiceConfig::parse(QByteArray("[database]\nurl = sqlite:x.db\n[service]\n") + service, QStringLiteral("t.conf"),
                                    QStringLiteral("/tmp"));
    };
    CHECK(parse("").language.isEmpty()); // the environment's
    CHECK(parse("language = zh_CN\n").language == u"zh_CN");
    CHECK(parse("language = en\n").language.startsWith(u"en"));
    CHECK(parse("language = system\n").language.isEmpty());
    try {
        parse("language = fr\n");
        FAIL("French was accepted");
    } catch (const InputError& e) {
        CHECK(e.message().contains(QStringLiteral("t.conf:4")));
        CHECK(e.message().contains(QStringLiteral("fr")));
    }
}

TEST_CASE("[service] language = zh_CN makes the service speak Chinese under an English environment", "[service][config]")
{
    // ServiceProcess runs meterdeskd under LANGUAGE=en / LC_ALL=C.UTF-8, as a system service
    // may be started; the configuration's language wins, so a Chinese office's desks get
    // Chinese report titles and refusals whatever the service's environment.
    QTemporaryDir dir;
    QFile conf(dir.filePath(QStringLiteral("md.conf")));
    REQUIRE(conf.open(QIODevice::WriteOnly));
    conf.write(QStringLiteral("[database]\nurl = sqlite:%1\n[api]\nlisten = 127.0.0.1\nport = 0\n[service]\nlanguage = zh_CN\n")
                   .arg(dir.filePath(QStringLiteral("md.db")))
                   .toUtf8());
    conf.close();
    md::test::ServiceProcess service(conf.fileName());
    service.start();
    const QString output = service.output();
    INFO(output.toStdString());
    CHECK(output.contains(QStringLiteral("MeterDesk 服务正在")));
    CHECK(output.contains(QStringLiteral("首次运行")));
    REQUIRE_FALSE(service.firstRunPassword().isEmpty());
    const auto client = service.connect();
    const QJsonObject refused = client->call(QStringLiteral("session.login"),
                                             {{QStringLiteral("name"), QStringLiteral("admin")}, {QStringLiteral("password"), QStringLiteral("wrong-password")}});
    const QString message = refused.value(u"error").toObject().value(u"message").toString();
    INFO(message.toStdString());
    CHECK_FALSE(message.isEmpty());
    CHECK(message.contains(QRegularExpression(QStringLiteral("[\\x{4e00}-\\x{9fff}]")))); // Chinese text
    service.terminate();
}

// Two independent Modbus RTU implementations agreeing with ours over socat pseudo terminals:
// QModbusRtuSerialClient reads a libmodbus slave, and libmodbus's master reads metersim's
// meters (our own multi-drop slave, and the QModbusRtuSerialServer engine).
#include "socat_pair.h"

#include "simulator.h"

#include <catch2/catch.hpp>

#include <QEventLoop>
#include <QModbusReply>
#include <QModbusRtuSerialClient>
#include <QSerialPort>
#include <QTimer>

using namespace md;

namespace {
const QDateTime kStart(QDate(2024, 3, 1), QTime(0, 0), Qt::UTC);

// The libmodbus master reading `count` registers `times` times; its output lines.
QStringList libmodbusRead(const QString& device, int slave, int address, int count, int times)
{
    QProcess master;
    master.start(QStringLiteral(MD_MASTER_HARNESS),
                 {device, QString::number(slave), QString::number(address),
                  QString::number(count), QString::number(times)});
    REQUIRE(test::waitForExit(master, 20000));
    const QString out = QString::fromUtf8(master.readAllStandardOutput());
    INFO(out.toStdString());
    CHECK(master.exitCode() == 0);
    return out.split(u'\n', Qt::SkipEmptyParts);
}

QString words(std::initializer_list<int> values)
{
    QStringList s;
    for (int v : values)
        s << QString::number(v);
    return s.join(u' ');
}
} // namespace

TEST_CASE("QModbusRtuSerialClient reads a libmodbus RTU slave over socat", "[interop]")
{
    test::SocatPair pair;
    REQUIRE(pair.isReady());
    QProcess slave;
    slave.start(QStringLiteral(MD_SLAVE_HARNESS), {pair.a(), QStringLiteral("17")});
    REQUIRE(test::waitForOutput(slave, "ready", 5000));

    QModbusRtuSerialClient client;
    client.setConnectionParameter(QModbusDevice::SerialPortNameParameter, pair.b());
    client.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, 9600);
    client.setConnectionParameter(QModbusDevice::SerialParityParameter, QSerialPort::EvenParity);
    client.setConnectionParameter(QModbusDevice::SerialDataBitsParameter, QSerialPort::Data8);
    client.setConnectionParameter(QModbusDevice::SerialStopBitsParameter, QSerialPort::OneStop);
    client.setTimeout(1000);
    client.setNumberOfRetries(0);
    REQUIRE(client.connectDevice());

    int answered = 0;
    for (int i = 0; i < 20; ++i) {
        const bool input = i % 2 == 1;
        QModbusReply* reply = client.sendReadRequest(
            QModbusDataUnit(input ? QModbusDataUnit::InputRegisters
                                  : QModbusDataUnit::HoldingRegisters,
                            i, 10),
            17);
        REQUIRE(reply);
        if (!reply->isFinished()) {
            QEventLoop loop;
            QObject::connect(reply, &QModbusReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(3000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        REQUIRE(reply->isFinished());
        INFO("read " << i << ": " << reply->errorString().toStdString());
        REQUIRE(reply->error() == QModbusDevice::NoError);
        const QModbusDataUnit unit = reply->result();
        REQUIRE(unit.valueCount() == 10);
        for (qsizetype k = 0; k < 10; ++k)
            CHECK(unit.value(k) == (input ? 2000 : 1000) + i + k);
        ++answered;
        reply->deleteLater();
    }
    CHECK(answered == 20);
    client.disconnectDevice();
    slave.kill();
    slave.waitForFinished(2000);
}

TEST_CASE("libmodbus's master reads metersim's multi-drop Modbus meters over socat", "[interop]")
{
    test::SocatPair pair;
    REQUIRE(pair.isReady());
    const QByteArray text = QStringLiteral(R"(
[bus b]
device = %1
latency_ms = 2
[meter one]
bus = b
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 1
energy = 1234.56
[meter two]
bus = b
protocol = modbus-rtu
map = md-prepaid
slave = 2
prepaid = yes
balance = 88.80
price = 0.6000
purchases = 7
)").arg(pair.a()).toUtf8();
    ManualClock clock(kStart);
    sim::Simulator sim(sim::Scenario::parse(text, QStringLiteral("interop")), clock);
    sim.start();
    REQUIRE(sim.busInfo(QStringLiteral("b")).value(QStringLiteral("engine")).toString() == u"own");

    // 1234.56 kWh = 123456 = 0x0001E240: words 1, 57920 (high word first); 220.0 V at 0x000B.
    QStringList lines = libmodbusRead(pair.b(), 1, 0, 12, 5);
    REQUIRE(lines.size() == 5);
    for (const QString& l : lines)
        CHECK(l == words({1, 57920, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2200}));
    // 88.80 yuan = 8880 fen at 0x0100 (S32), 7 purchases at 0x0102.
    lines = libmodbusRead(pair.b(), 2, 0x0100, 3, 5);
    REQUIRE(lines.size() == 5);
    for (const QString& l : lines)
        CHECK(l == words({0, 8880, 7}));
}

TEST_CASE("libmodbus's master reads a meter served by QModbusRtuSerialServer", "[interop]")
{
    test::SocatPair pair;
    REQUIRE(pair.isReady());
    const QByteArray text = QStringLiteral(R"(
[bus solo]
device = %1
latency_ms = 0
[meter s]
bus = solo
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 5
energy = 42.00
)").arg(pair.a()).toUtf8();
    ManualClock clock(kStart);
    sim::Simulator sim(sim::Scenario::parse(text, QStringLiteral("interop")), clock);
    sim.start();
    REQUIRE(sim.busInfo(QStringLiteral("solo")).value(QStringLiteral("engine")).toString() == u"qt");
    const QStringList lines = libmodbusRead(pair.b(), 5, 0, 2, 10);
    REQUIRE(lines.size() == 10);
    for (const QString& l : lines)
        CHECK(l == words({0, 4200}));
}

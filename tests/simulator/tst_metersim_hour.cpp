// The metersim executable with the 20-meter mixed scenario for one hour of simulated time
// (speed 600: six real seconds), polled on all three buses at once.
#include "port.h"
#include "scenario.h"

#include "protocol/cjt188.h"
#include "protocol/dlt645_codec.h"
#include "protocol/dlt645_frame.h"
#include "protocol/modbus_parser.h"
#include "protocol/modbus_rtu.h"
#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSocketNotifier>
#include <QTimer>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <map>
#include <memory>

using namespace md;
using namespace md::protocol;

namespace {
// Polls every meter of one bus in turn, one request at a time, as the service would.
class Poller
{
public:
    Poller(const QString& path, std::vector<const sim::MeterConfig*> meters, qint64 byteNs,
           qint64 latencyNs)
        : m_meters(std::move(meters))
        , m_byteNs(byteNs)
        , m_latencyNs(latencyNs)
    {
        m_fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_NOCTTY | O_NONBLOCK);
        termios t{};
        tcgetattr(m_fd, &t);
        cfmakeraw(&t);
        tcsetattr(m_fd, TCSANOW, &t);
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this] { onRead(); });
        m_timeout.setSingleShot(true);
        QObject::connect(&m_timeout, &QTimer::timeout, [this] {
            ++timeouts;
            next();
        });
    }
    ~Poller() { ::close(m_fd); }
    void start() { next(); }
    void stop() { m_stopped = true; }

    int sent = 0, answered = 0, timeouts = 0, invalid = 0;
    qint64 sumActualNs = 0, sumExpectedNs = 0;

private:
    void next()
    {
        if (m_stopped)
            return;
        const sim::MeterConfig& m = *m_meters[size_t(m_index++ % m_meters.size())];
        switch (m.protocol) {
        case Protocol::ModbusRtu:
            m_parser = std::make_unique<ModbusRtuParser>();
            m_request = QLatin1String(m.map->key) == u"eastron-sdm120"
                            ? buildModbusRead(m.slave, 0x04, 0x0048, 2)
                            : buildModbusRead(m.slave, 0x03, 0x0000, 14);
            break;
        case Protocol::Dlt645:
            m_parser = std::make_unique<Dlt645Parser>();
            m_request = buildDlt645Read(m.address, 0x0001FF00);
            break;
        case Protocol::Dlt645_1997:
            m_parser = std::make_unique<Dlt645Parser>();
            m_request = buildDlt645Read1997(m.address, 0x9010);
            break;
        case Protocol::Cjt188:
            m_parser = std::make_unique<Cjt188Parser>();
            m_request = buildCjt188Read(m.cjtType, m.address, quint8(m_index), {2, m.diOrder});
            break;
        }
        m_t0 = sim::monotonicNs();
        ++sent;
        if (::write(m_fd, m_request.constData(), size_t(m_request.size())) != m_request.size())
            ++invalid;
        m_timeout.start(1000);
    }

    void onRead()
    {
        char buf[512];
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        if (n <= 0 || !m_parser)
            return;
        const qint64 now = sim::monotonicNs();
        m_replyBytes += n;
        for (const FrameEvent& e : m_parser->feed(QByteArrayView(buf, n))) {
            m_timeout.stop();
            if (e.valid()) {
                ++answered;
                sumActualNs += now - m_t0;
                sumExpectedNs += (m_request.size() + m_replyBytes) * m_byteNs + m_latencyNs;
            } else {
                ++invalid;
            }
            m_replyBytes = 0;
            m_parser.reset();
            QTimer::singleShot(0, [this] { next(); });
            return;
        }
    }

    int m_fd = -1;
    std::vector<const sim::MeterConfig*> m_meters;
    qint64 m_byteNs, m_latencyNs;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::unique_ptr<StreamParser> m_parser;
    QByteArray m_request;
    qint64 m_t0 = 0, m_replyBytes = 0;
    size_t m_index = 0;
    bool m_stopped = false;
    QTimer m_timeout;
};

// Collects the process's output until it exits (event loop, deadline).
bool waitForExitCollecting(QProcess& p, QByteArray& out)
{
    QEventLoop loop;
    QObject::connect(&p, &QProcess::readyReadStandardOutput, &loop,
                     [&] { out += p.readAllStandardOutput(); });
    QObject::connect(&p, &QProcess::finished, &loop, [&] { loop.exit(0); });
    QTimer::singleShot(5000, &loop, [&] { loop.exit(1); });
    const bool ok = p.state() == QProcess::NotRunning || loop.exec() == 0;
    out += p.readAllStandardOutput();
    return ok;
}

std::vector<QJsonObject> jsonLines(const QByteArray& text)
{
    std::vector<QJsonObject> out;
    for (const QByteArray& l : text.split('\n'))
        if (!l.trimmed().isEmpty())
            out.push_back(QJsonDocument::fromJson(l).object());
    return out;
}
} // namespace

TEST_CASE("metersim runs the 20-meter mixed scenario for a simulated hour and answers every request", "[simulator_slow]")
{
    const QString file = test::sourcePath(QStringLiteral("resources/scenarios/mixed-20.scenario"));
    const sim::Scenario scenario = sim::Scenario::fromFile(file);
    REQUIRE(scenario.meters.size() == 20);

    QProcess metersim;
    metersim.start(QStringLiteral(MD_METERSIM), {file, QStringLiteral("--speed"),
                                                 QStringLiteral("600")});
    QByteArray out;
    {
        QEventLoop loop;
        QObject::connect(&metersim, &QProcess::readyReadStandardOutput, &loop, [&] {
            out += metersim.readAllStandardOutput();
            if (out.contains("\"ready\""))
                loop.quit();
        });
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    REQUIRE(out.contains("\"ready\""));

    std::vector<std::unique_ptr<Poller>> pollers;
    for (const QJsonObject& o : jsonLines(out)) {
        if (!o.contains(QStringLiteral("path")))
            continue;
        const QString bus = o.value(QStringLiteral("bus")).toString();
        std::vector<const sim::MeterConfig*> meters;
        for (const sim::MeterConfig& m : scenario.meters)
            if (m.bus == bus)
                meters.push_back(&m);
        const auto cfg = std::find_if(scenario.buses.begin(), scenario.buses.end(),
                                      [&](const sim::BusConfig& b) { return b.name == bus; });
        pollers.push_back(std::make_unique<Poller>(o.value(QStringLiteral("path")).toString(),
                                                   meters, cfg->byteTimeNs(),
                                                   cfg->latencyUs * 1000));
    }
    REQUIRE(pollers.size() == 3);
    for (auto& p : pollers)
        p->start();
    {
        // One simulated hour at speed 600 is 6 s; a little more so the meters pass 01:00.
        QEventLoop loop;
        QTimer::singleShot(6300, &loop, &QEventLoop::quit);
        loop.exec();
    }
    for (auto& p : pollers)
        p->stop();
    {
        QEventLoop loop; // let the last exchanges finish (each is < 100 ms)
        QTimer::singleShot(300, &loop, &QEventLoop::quit);
        loop.exec();
    }
    out.clear();
    metersim.write("stats\ndump\nquit\n");
    REQUIRE(waitForExitCollecting(metersim, out));

    qint64 sent = 0, answered = 0, actual = 0, expected = 0;
    for (auto& p : pollers) {
        CHECK(p->timeouts == 0);
        CHECK(p->invalid == 0);
        sent += p->sent;
        answered += p->answered;
        actual += p->sumActualNs;
        expected += p->sumExpectedNs;
    }
    CHECK(answered == sent);
    const qint64 ratioPpm = actual * 1'000'000 / expected;
    WARN("simulated hour: " << answered << " of " << sent << " requests answered; achieved/"
         "arithmetic at 9600 8E1 = " << ratioPpm << " ppm (master side)");
    CHECK(ratioPpm < 1'050'000);
    CHECK(ratioPpm > 990'000);

    std::map<QString, QJsonObject> meters;
    for (const QJsonObject& o : jsonLines(out)) {
        if (o.contains(QStringLiteral("frames"))) {
            INFO(QJsonDocument(o).toJson().toStdString());
            CHECK(o.value(QStringLiteral("answered")).toInteger()
                  == o.value(QStringLiteral("frames")).toInteger());
            CHECK(o.value(QStringLiteral("timing_ppm")).toInteger() < 1'050'000);
        }
        if (o.contains(QStringLiteral("meter")))
            meters[o.value(QStringLiteral("meter")).toString()] = o;
    }
    REQUIRE(meters.size() == 20);
    for (const auto& [name, o] : meters)
        CHECK(o.value(QStringLiteral("time")).toString() >= u"2024-03-01T01:00:00Z");
    // e07: 0.50 yuan at 0.6170 yuan/kWh buys 0.81 kWh, 41 minutes at 1200 W: tripped.
    CHECK(meters[QStringLiteral("e07")].value(QStringLiteral("relay")).toString() == u"open");
    CHECK(meters[QStringLiteral("e07")].value(QStringLiteral("trip_reason")).toString()
          == u"balance");
    CHECK(meters[QStringLiteral("e07")].value(QStringLiteral("energy")).toString() == u"0.81");
    // e03: 300 W, no noise, for a bit over one hour: 0.30 kWh and change.
    CHECK(meters[QStringLiteral("e03")].value(QStringLiteral("energy")).toString() >= u"0.30");
}

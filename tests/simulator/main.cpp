// metersim: a virtual RS-485 bus of simulated meters for MeterDesk (docs/simulator.md).
#include "control.h"
#include "sim_bus.h"
#include "simulator.h"

#include "util/error.h"
#include "util/i18n.h"
#include "util/scaled_clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <unistd.h>

namespace {
void quitOnSignal(int)
{
    QCoreApplication::quit(); // async-signal-unsafe in theory; metersim is a test tool
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("metersim"));
    md::installTranslations();
    using md::sim::Simulator;

    QCommandLineParser cli;
    cli.setApplicationDescription(QCoreApplication::translate(
        "md::sim::main", "A virtual RS-485 bus of simulated meters (DL/T 645, CJ/T 188, "
                         "Modbus RTU) on pseudo terminals."));
    cli.addHelpOption();
    cli.addPositionalArgument(QStringLiteral("scenario"),
                              QCoreApplication::translate("md::sim::main", "Scenario file."));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QCoreApplication::translate(
                                       "md::sim::main", "Time-acceleration factor (overrides "
                                                        "the scenario)."),
                                   QStringLiteral("factor"));
    const QCommandLineOption start(QStringLiteral("start"),
                                   QCoreApplication::translate(
                                       "md::sim::main", "Simulated start time, ISO 8601 "
                                                        "(overrides the scenario)."),
                                   QStringLiteral("time"));
    cli.addOption(speed);
    cli.addOption(start);
    cli.process(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (cli.positionalArguments().size() != 1) {
        err << cli.helpText();
        return 2;
    }

    try {
        md::sim::Scenario scenario = md::sim::Scenario::fromFile(cli.positionalArguments().front());
        if (cli.isSet(speed))
            scenario.speed = std::max(1LL, cli.value(speed).toLongLong());
        if (cli.isSet(start)) {
            scenario.start = QDateTime::fromString(cli.value(start), Qt::ISODate).toUTC();
            if (!scenario.start.isValid())
                throw md::InputError(QStringLiteral("--start"), 0,
                                     QCoreApplication::translate("md::sim::main",
                                                                 "not an ISO 8601 time"));
        }
        const md::ScaledClock clock(scenario.start, scenario.speed);
        Simulator sim(scenario, clock);
        sim.start();
        md::sim::Control control(sim);
        // One JSON line per bus, then "ready": scripts and tests wait for it.
        for (const md::sim::BusConfig& b : sim.scenario().buses)
            out << QJsonDocument(sim.busInfo(b.name)).toJson(QJsonDocument::Compact) << '\n';
        out << R"({"event":"ready","start":")" << scenario.start.toString(Qt::ISODate)
            << R"(","speed":)" << scenario.speed << "}\n";
        out.flush();

        QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
        QByteArray pending;
        QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
            char buf[1024];
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n <= 0) { // stdin closed: keep serving until a signal
                input.setEnabled(false);
                return;
            }
            pending.append(buf, n);
            qsizetype nl;
            while ((nl = pending.indexOf('\n')) >= 0) {
                const QString cmd = QString::fromUtf8(pending.left(nl)).trimmed();
                pending.remove(0, nl + 1);
                bool quit = false;
                for (const QString& l : control.execute(cmd, &quit))
                    out << l << '\n';
                out.flush();
                if (quit)
                    QCoreApplication::quit();
            }
        });
        std::signal(SIGINT, quitOnSignal);
        std::signal(SIGTERM, quitOnSignal);
        const int code = app.exec();
        for (const md::sim::BusConfig& b : sim.scenario().buses)
            err << QJsonDocument(sim.busInfo(b.name)).toJson(QJsonDocument::Compact) << '\n';
        return code;
    } catch (const md::InputError& e) {
        err << e.message() << '\n';
        return 2;
    } catch (const md::Error& e) {
        err << e.message() << '\n';
        return 1;
    }
}

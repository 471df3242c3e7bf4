#include "cli/serve_command.h"

#include "api/service_host.h"
#include "collection/collection_service.h"
#include "config/service_config.h"
#include "log/rotating_log.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/i18n.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

// `meterdeskd serve --config FILE`: opens and migrates the database, creates the first
// administrator on an empty database (its one-time password is printed once, here), starts
// the API and runs until SIGINT or SIGTERM, then closes connections and the database cleanly.

namespace md::cli {

namespace {

Q_LOGGING_CATEGORY(lcService, "md.service")

QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("md::cli", text, disambiguation, n);
}

#ifdef Q_OS_UNIX
// The classic self-pipe: a signal handler may only write a byte; the event loop reads it and
// quits, so the shutdown runs as ordinary code.
int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalFds[0], &byte, 1);
}

void installQuitOnSignals(QObject* parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, parent);
    QObject::connect(notifier, &QSocketNotifier::activated, parent, [] {
        char byte = 0;
        [[maybe_unused]] const ssize_t n = ::read(g_signalFds[1], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction sa = {};
    sa.sa_handler = &onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}
#else
void installQuitOnSignals(QObject*) {}
#endif

} // namespace

QString serveSummary()
{
    return tr("Run the service: the API and the meter buses of the configuration (--config FILE)");
}

int runServe(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString configPath;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--config" && i + 1 < args.size()) {
            configPath = args.at(++i);
        } else if (args.at(i) == u"--help" || args.at(i) == u"-h") {
            out << tr("Usage: meterdeskd serve --config FILE") << '\n';
            return 0;
        } else {
            err << tr("Unknown option: %1").arg(args.at(i)) << '\n';
            return 2;
        }
    }
    if (configPath.isEmpty()) {
        err << tr("Usage: meterdeskd serve --config FILE") << '\n';
        return 2;
    }
    try {
        const ServiceConfig config = ServiceConfig::readFile(configPath);
        // The configured language over the environment's (installed last, it is asked first).
        if (!config.language.isEmpty())
            installTranslations(QLocale(config.language));
        RotatingLog log(config.log);
        if (!log.install())
            return 1;
        SystemClock clock;
        QObject signals_;
        installQuitOnSignals(&signals_);
        api::ServiceHost host(config, clock);
        if (const auto& password = host.firstRunPassword()) {
            out << tr("First run: created the operator \"admin\" with the one-time password %1 "
                      "(it must be changed at the first login and is not shown again)")
                       .arg(*password)
                << '\n';
        }
        out << tr("MeterDesk service listening on %1 port %2 (%3), database %4")
                   .arg(host.address().toString())
                   .arg(host.port())
                   .arg(config.api.tls ? tr("TLS") : tr("plain TCP"), config.database.displayName())
            << '\n';
        if (const auto* collection = host.collection()) {
            out << tr("Reading meters on %n bus(es) every %1 s: %2", nullptr, int(config.collection.buses.size()))
                       .arg(config.collection.cycleSeconds)
                       .arg(collection->busNames().join(QStringLiteral(", ")))
                << '\n';
            if (!collection->unreachableMeters().isEmpty())
                out << tr("%n meter(s) of the registry are on buses this service does not have", nullptr,
                          int(collection->unreachableMeters().size()))
                    << '\n';
        } else {
            out << tr("No [bus] in the configuration: the service reads no meters") << '\n';
        }
        out.flush();
        qCInfo(lcService) << "started; API on" << host.address().toString() << host.port() << "database"
                          << config.database.displayName();
        const int code = QCoreApplication::exec();
        qCInfo(lcService) << "stopping";
        out << tr("MeterDesk service stopped") << '\n';
        return code;
    } catch (const Error& e) {
        err << e.message() << '\n';
        return 1;
    }
}

} // namespace md::cli

// Recharge round trip through the real API: a cashier's request over loopback TCP, the ledger
// transaction committed on SQLite (WAL, synchronous=FULL: on disk when COMMIT returns), and the
// response with its receipt. Prints p50, p90, p99 and max.
//
//   api_bench [--count N] [--dir FOLDER] [--database URL]
//
// --dir puts the SQLite file on the disk to measure (default: a temporary folder); --database
// measures another database (e.g. mysql://...; it must be empty).

#include "api/api_client.h"
#include "api/service_host.h"
#include "config/service_config.h"
#include "money/money.h"
#include "util/clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <future>

using namespace md;

namespace {

class ServiceThread : public QThread
{
public:
    explicit ServiceThread(ServiceConfig config)
        : m_config(std::move(config))
    {
    }
    std::future<std::pair<quint16, QString>> ready() { return m_ready.get_future(); }

protected:
    void run() override
    {
        std::unique_ptr<api::ServiceHost> host;
        try {
            host = std::make_unique<api::ServiceHost>(m_config, m_clock);
            m_ready.set_value({host->port(), host->firstRunPassword().value_or(QString())});
        } catch (...) {
            m_ready.set_exception(std::current_exception());
            return;
        }
        exec();
    }

private:
    ServiceConfig m_config;
    SystemClock m_clock;
    std::promise<std::pair<quint16, QString>> m_ready;
};

QJsonObject must(const QJsonObject& response)
{
    if (!response.contains(u"result")) {
        std::fprintf(stderr, "error: %s\n",
                     qPrintable(response.value(u"error").toObject().value(u"message").toString()));
        std::exit(1);
    }
    return response.value(u"result").toObject();
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    int count = 1000;
    QString dirPath, url;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--count")
            count = args.at(i + 1).toInt();
        else if (args.at(i) == u"--dir")
            dirPath = args.at(i + 1);
        else if (args.at(i) == u"--database")
            url = args.at(i + 1);
    }
    QTemporaryDir temp(dirPath.isEmpty() ? QDir::tempPath() + QStringLiteral("/api_bench-XXXXXX")
                                         : dirPath + QStringLiteral("/api_bench-XXXXXX"));
    ServiceConfig config;
    config.database = url.isEmpty() ? storage::DatabaseConfig::fromUrl(QStringLiteral("sqlite:") +
                                                                       temp.filePath(QStringLiteral("bench.db")))
                                    : storage::DatabaseConfig::fromUrl(url);
    config.api.port = 0;
    ServiceThread thread(config);
    auto ready = thread.ready();
    thread.start();
    const auto [port, adminPassword] = ready.get();

    api::ApiClient admin;
    admin.connectTo(QStringLiteral("127.0.0.1"), port);
    admin.login(QStringLiteral("admin"), adminPassword);
    must(admin.call(QStringLiteral("session.change_password"),
                    {{QStringLiteral("old_password"), adminPassword}, {QStringLiteral("new_password"), QStringLiteral("bench-admin-1")}}));
    const QString temporary = must(admin.call(QStringLiteral("operator.create"),
                                              {{QStringLiteral("name"), QStringLiteral("bench")},
                                               {QStringLiteral("role"), QStringLiteral("cashier")}}))
                                  .value(u"temporary_password").toString();
    api::ApiClient desk;
    desk.connectTo(QStringLiteral("127.0.0.1"), port);
    desk.login(QStringLiteral("bench"), temporary);
    must(desk.call(QStringLiteral("session.change_password"),
                   {{QStringLiteral("old_password"), temporary}, {QStringLiteral("new_password"), QStringLiteral("bench-cashier-1")}}));
    const qint64 account = must(desk.call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("open")},
                                                                          {QStringLiteral("code"), QStringLiteral("B-1")},
                                                                          {QStringLiteral("tenant_name"), QStringLiteral("bench")}}))
                               .value(u"account").toInteger();

    const auto rechargeOnce = [&](int i) {
        QElapsedTimer t;
        t.start();
        must(desk.call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r%1").arg(i)},
                                                            {QStringLiteral("account"), account},
                                                            {QStringLiteral("amount"), Money::fromFen(100 + i % 997).toYuanString()}}));
        return t.nsecsElapsed();
    };
    for (int i = 0; i < 20; ++i) // warm-up: caches, prepared statements, the WAL file
        rechargeOnce(-1 - i);
    std::vector<qint64> samples;
    samples.reserve(size_t(count));
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < count; ++i)
        samples.push_back(rechargeOnce(i));
    const qint64 totalNs = total.nsecsElapsed();
    std::sort(samples.begin(), samples.end());
    const auto pct = [&](double p) { return samples[size_t(std::min<double>(double(samples.size() - 1), p * double(samples.size())))]; };

    QTextStream out(stdout);
    out << "recharge round trip over loopback, " << config.database.displayName() << ", " << count << " recharges\n";
    out << QStringLiteral("  p50 %1 ms  p90 %2 ms  p99 %3 ms  max %4 ms  (%5 recharges/s)\n")
               .arg(ms(pct(0.50)), 0, 'f', 2)
               .arg(ms(pct(0.90)), 0, 'f', 2)
               .arg(ms(pct(0.99)), 0, 'f', 2)
               .arg(ms(samples.back()), 0, 'f', 2)
               .arg(double(count) / (double(totalNs) / 1e9), 0, 'f', 0);
    out << QStringLiteral("  target p99 <= 50 ms: %1\n").arg(ms(pct(0.99)) <= 50.0 ? QStringLiteral("met") : QStringLiteral("NOT met"));
    out.flush();
    desk.disconnect();
    admin.disconnect();
    thread.quit();
    thread.wait();
    return 0;
}

#pragma once

#include "api/api_client.h"
#include "api/api_harness.h" // resultOf, errorCode
#include "collection/meter_registry.h"
#include "storage/database_config.h"
#include "support/test_database.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace md::test {

// The real `metersim` binary on its pseudo terminals, driven through its stdin control
// (docs/simulator.md): the meters the service reads in these tests.
class SimProcess
{
public:
    // Starts metersim on the scenario text and waits for "ready".
    SimProcess(const QByteArray& scenario, int speed);
    ~SimProcess(); // quit

    QString busPath(const QString& bus) const { return m_paths.value(bus); }
    // One control command and its (first) JSON answer line.
    QJsonObject command(const QString& line);
    QJsonObject meter(const QString& name) { return command(QStringLiteral("dump ") + name); }
    QString relay(const QString& name) { return meter(name).value(u"relay").toString(); } // "closed" / "open"

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QMap<QString, QString> m_paths;
    QByteArray m_buffer;
};

// The real `meterdeskd serve` binary on a configuration file.
class ServiceProcess
{
public:
    explicit ServiceProcess(QString configPath) : m_config(std::move(configPath)) {}
    ~ServiceProcess();

    void start();      // waits for the "listening" line (REQUIREs it)
    void kill9();      // SIGKILL: nothing of the service's shutdown runs
    void terminate();  // SIGTERM and wait for the clean exit (REQUIREs exit code 0)
    bool running() const { return m_process.state() == QProcess::Running; }
    quint16 port() const { return m_port; }
    const QString& firstRunPassword() const { return m_firstRunPassword; }
    QString output(); // stdout + stderr so far
    std::unique_ptr<api::ApiClient> connect() const;

private:
    QString m_config;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_firstRunPassword;
    QString m_output;
};

// A database for the service, seeded the way an office would have set it up before the
// collection started: the tariff "flat-e" at 0.5000 yuan/kWh, accounts with their wallets,
// settings and meters. Written with the core's own stores, then closed: from then on only the
// service touches it (the test reads it back to check).
class ServiceRig
{
public:
    explicit ServiceRig(Backend backend);

    const storage::DatabaseConfig& databaseConfig() const { return m_db.config(); }
    std::unique_ptr<storage::Database> open() const { return m_db.open(); }

    struct Account
    {
        QString code;
        QString paid;            // "2.00" yuan
        QString alarm1 = QStringLiteral("0.80");
        QString alarm2 = QStringLiteral("0.40");
        bool forceOn = false;
        QJsonArray windows;      // protected windows [["HH:mm","HH:mm"], ...]
    };
    qint64 addAccount(const Account& a);
    // A meter of the registry on bus "b1": Modbus md-prepaid unit `unit`; no account = 未开户.
    qint64 addMeter(const QString& nameplate, int unit, std::optional<qint64> account, const QJsonObject& options = {});
    // Any meter on bus b1 (other protocols); installed a day ago, no rate bound.
    qint64 addMeter(MeterRecord m);

    // The configuration file: this database, a free port, bus b1 on `device`. The scheduled
    // cycle is daily, at the office's midnight, and writeConfig() returns clear of it (see
    // waitClearOfScheduledCycle): the tests read meters by meter.read_now, when they choose.
    QString writeConfig(const QString& device, const QString& extra = {});

    // The three operators of these tests, logged in: admin (first run), cashier "wang",
    // engineer "li", manager "zhao".
    struct Desk
    {
        std::unique_ptr<api::ApiClient> admin, cashier, engineer, manager;
    };
    Desk firstLogin(ServiceProcess& service);
    static std::unique_ptr<api::ApiClient> login(const ServiceProcess& service, const QString& name);

    // Reads one integer from the database (the service may be running: WAL / InnoDB).
    qint64 scalar(const QString& sql) const;
    // Every row of a query as text, for failure messages.
    QString rows(const QString& sql) const;

private:
    TestDatabase m_db;
    QTemporaryDir m_dir;
};

// metersim scenarios on the rig's bus: "b1" at 19200 baud 8N1 with 2 ms latency (as
// writeConfig() configures the service), the office at +08:00; `meters` are [meter NAME] sections.
QByteArray rigScenario(int seed, const QByteArray& meters);
// The [meter NAME] section of an md-prepaid Modbus meter on b1; `extra` lines are added to it.
QByteArray prepaidMeter(const QString& name, int slave, int loadW, const QByteArray& extra = {});

// Runs the event loop until `done` holds or `ms` pass; returns whether it held.
bool waitFor(const std::function<bool()>& done, int ms, int pollMs = 50);

} // namespace md::test

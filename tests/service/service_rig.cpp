#include "service_rig.h"

#include "collection/account_settings.h"
#include "collection/meter_registry.h"
#include "collection/tariff_store.h"
#include "control/protected_windows.h"
#include "ledger/ledger.h"
#include "schema/migrations.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "support/test_paths.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlRecord>
#include <QThread>
#include <QTimeZone>
#include <QUrl>

namespace md::test {

namespace {

const QByteArray kFlatTariff = QByteArrayLiteral("[tariff]\n"
                                                 "id = flat-e\n"
                                                 "name = flat electricity (test)\n"
                                                 "utility = electricity\n"
                                                 "timezone = Asia/Shanghai\n"
                                                 "\n"
                                                 "[version]\n"
                                                 "effective = 2024-01-01\n"
                                                 "price.flat = 0.5000\n");

QString databaseUrl(const storage::DatabaseConfig& c)
{
    if (c.backend == storage::DatabaseConfig::Backend::Sqlite)
        return QStringLiteral("sqlite:") + c.path;
    const auto enc = [](const QString& s) { return QString::fromLatin1(QUrl::toPercentEncoding(s)); };
    if (!c.socket.isEmpty())
        return QStringLiteral("mysql://%1:%2@localhost/%3?socket=%4").arg(enc(c.user), enc(c.password), c.database, c.socket);
    return QStringLiteral("mysql://%1:%2@%3:%4/%5").arg(enc(c.user), enc(c.password), c.host).arg(c.port).arg(c.database);
}

// The rig reads what the service and metersim print (port, one-time password, ready): they run
// in English whatever the developer's desktop language is.
QProcessEnvironment englishEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
    return env;
}

} // namespace

// ---------------------------------------------------------------------------------------------

SimProcess::SimProcess(const QByteArray& scenario, int speed)
{
    REQUIRE(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("office.scenario"));
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(scenario);
    f.close();
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setProcessEnvironment(englishEnvironment());
    m_process.start(binaryPath(QStringLiteral("tests/simulator/metersim")),
                    {path, QStringLiteral("--speed"), QString::number(speed)});
    REQUIRE(m_process.waitForStarted(10000));
    const QDeadlineTimer deadline(20000);
    for (;;) {
        while (!m_process.canReadLine()) {
            INFO("metersim: " << m_process.readAllStandardError().toStdString());
            REQUIRE(!deadline.hasExpired());
            REQUIRE(m_process.state() == QProcess::Running);
            m_process.waitForReadyRead(100);
        }
        const QJsonObject o = QJsonDocument::fromJson(m_process.readLine()).object();
        if (o.value(u"event").toString() == u"ready")
            break;
        if (o.contains(u"bus") && o.contains(u"path"))
            m_paths.insert(o.value(u"bus").toString(), o.value(u"path").toString());
    }
}

SimProcess::~SimProcess()
{
    if (m_process.state() == QProcess::Running) {
        m_process.write("quit\n");
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QJsonObject SimProcess::command(const QString& line)
{
    m_process.write(line.toUtf8() + '\n');
    const QDeadlineTimer deadline(10000);
    while (!m_process.canReadLine()) {
        REQUIRE(!deadline.hasExpired());
        REQUIRE(m_process.state() == QProcess::Running);
        m_process.waitForReadyRead(100);
    }
    return QJsonDocument::fromJson(m_process.readLine()).object();
}

// ---------------------------------------------------------------------------------------------

ServiceProcess::~ServiceProcess()
{
    if (m_process.state() == QProcess::Running) {
        m_process.terminate();
        if (!m_process.waitForFinished(15000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void ServiceProcess::start()
{
    m_output.clear();
    m_firstRunPassword.clear();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setProcessEnvironment(englishEnvironment());
    m_process.start(binaryPath(QStringLiteral("server/meterdeskd")),
                    {QStringLiteral("serve"), QStringLiteral("--config"), m_config});
    REQUIRE(m_process.waitForStarted(10000));
    // In English, or in Chinese when the configuration says [service] language = zh_CN.
    const QRegularExpression listening(QStringLiteral("(?:listening on \\S+ port |服务正在 \\S+ 的 )(\\d+)"));
    const QDeadlineTimer deadline(30000);
    while (!listening.match(m_output).hasMatch()) {
        INFO("service output so far: " << m_output.toStdString());
        REQUIRE(!deadline.hasExpired());
        REQUIRE(m_process.state() == QProcess::Running);
        m_process.waitForReadyRead(100);
        m_output += QString::fromUtf8(m_process.readAll());
    }
    m_port = static_cast<quint16>(listening.match(m_output).captured(1).toUInt());
    const auto pw = QRegularExpression(QStringLiteral("(?:one-time password |一次性密码为 )([^\\s（(]+)")).match(m_output);
    if (pw.hasMatch())
        m_firstRunPassword = pw.captured(1);
}

void ServiceProcess::kill9()
{
    m_process.kill();
    REQUIRE(m_process.waitForFinished(10000));
    m_output += QString::fromUtf8(m_process.readAll());
}

void ServiceProcess::terminate()
{
    m_process.terminate();
    REQUIRE(m_process.waitForFinished(30000));
    m_output += QString::fromUtf8(m_process.readAll());
    INFO("service output: " << m_output.toStdString());
    REQUIRE(m_process.exitStatus() == QProcess::NormalExit);
    REQUIRE(m_process.exitCode() == 0);
}

QString ServiceProcess::output()
{
    m_output += QString::fromUtf8(m_process.readAll());
    return m_output;
}

std::unique_ptr<api::ApiClient> ServiceProcess::connect() const
{
    auto c = std::make_unique<api::ApiClient>();
    c->connectTo(QStringLiteral("127.0.0.1"), m_port);
    return c;
}

// ---------------------------------------------------------------------------------------------

ServiceRig::ServiceRig(Backend backend)
    : m_db(backend)
{
    auto db = m_db.open();
    storage::Migrator::migrate(*db, meterdeskMigrations());
    TariffStore(*db).put(kFlatTariff, SystemClock().nowUtc().toMSecsSinceEpoch());
}

qint64 ServiceRig::addAccount(const Account& a)
{
    auto db = m_db.open();
    SystemClock clock;
    Ledger ledger(*db, clock);
    const AccountId id = ledger
                             .openAccount({QStringLiteral("open-") + a.code, a.code, QStringLiteral("租户") + a.code,
                                           QStringLiteral("13800000000"), OperatorId{1}})
                             .account;
    ledger.recharge({QStringLiteral("seed-") + a.code, id, Utility::Electricity, Channel::Cash, OperatorId{1},
                     *Money::parseYuan(a.paid), Money(), {}, {}});
    AccountSettings s;
    s.account = id;
    s.utility = Utility::Electricity;
    s.tariffKey = QStringLiteral("flat-e");
    s.thresholds.alarm1 = *Money::parseYuan(a.alarm1);
    s.thresholds.alarm2 = *Money::parseYuan(a.alarm2);
    s.forceOn = a.forceOn;
    s.windows = ProtectedTimes::windowsFromJson(a.windows, QStringLiteral("test"));
    AccountSettingsStore(*db).put(s, clock.nowUtc().toMSecsSinceEpoch());
    return id.v;
}

qint64 ServiceRig::addMeter(const QString& nameplate, int unit, std::optional<qint64> account, const QJsonObject& options)
{
    MeterRecord m;
    m.nameplate = nameplate;
    m.protocol = QStringLiteral("modbus");
    m.map = QStringLiteral("md-prepaid");
    m.address = QString::number(unit);
    m.options = options;
    if (account)
        m.account = AccountId{*account};
    return addMeter(m);
}

qint64 ServiceRig::addMeter(MeterRecord m)
{
    auto db = m_db.open();
    m.bus = QStringLiteral("b1");
    m.maxRate = 0; // metersim runs accelerated: hours of use in seconds
    m.installed = QDateTime::currentDateTimeUtc().addDays(-1);
    return MeterRegistry(*db).create(m).v;
}

namespace {

// The service's scheduled cycle falls on the office clock's boundaries (CycleScheduler): with
// the rig's daily cycle, at midnight in Asia/Shanghai. A cycle the test did not ask for reads
// every meter in the middle of its steps: it bills a reading the test counts on taking itself,
// and trips a meter whose energy it is waiting for. With an hourly cycle that happened to a run
// that crossed 08:00 in Shanghai (tst_service_control.cpp: m1 tripped before the 2.5 kWh the
// test waits for). So when midnight is closer than any of these tests takes, wait for it to
// pass: then the next one is a day away.
void waitClearOfScheduledCycle()
{
    constexpr qint64 kMarginMs = 5 * 60 * 1000;
    const QTimeZone office(QByteArrayLiteral("Asia/Shanghai"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime midnight(now.toTimeZone(office).date().addDays(1), QTime(0, 0), office);
    const qint64 untilMs = now.msecsTo(midnight);
    if (untilMs < kMarginMs) {
        WARN("waiting " << untilMs / 1000 + 2 << " s for the office's midnight (the service's daily cycle) to pass");
        QThread::msleep(static_cast<unsigned long>(untilMs + 2000));
    }
}

} // namespace

QString ServiceRig::writeConfig(const QString& device, const QString& extra)
{
    waitClearOfScheduledCycle();
    const QString path = m_dir.filePath(QStringLiteral("meterdesk.conf"));
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    const QString text = QStringLiteral("[database]\nurl = %1\n"
                                        "[api]\nlisten = 127.0.0.1\nport = 0\n"
                                        "[collection]\ncycle_minutes = 1440\ningest_batch_ms = 50\ncontrol_check_seconds = 1\n"
                                        "[bus b1]\ndevice = %2\nbaud = 19200\nparity = none\n"
                                        "request_timeout_ms = 300\nretries = 1\nlost_after_misses = 2\n"
                                        "probe_after_misses = 1\ncommand_backoff_ms = 100\n%3")
                             .arg(databaseUrl(m_db.config()), device, extra);
    f.write(text.toUtf8());
    return path;
}

ServiceRig::Desk ServiceRig::firstLogin(ServiceProcess& service)
{
    Desk d;
    d.admin = service.connect();
    const QString once = service.firstRunPassword();
    REQUIRE(!once.isEmpty());
    d.admin->login(QStringLiteral("admin"), once);
    resultOf(d.admin->call(QStringLiteral("session.change_password"),
                           {{QStringLiteral("old_password"), once}, {QStringLiteral("new_password"), QStringLiteral("admin-password-1")}}));
    auto add = [&](const QString& name, const QString& role) {
        const QString temp = resultOf(d.admin->call(QStringLiteral("operator.create"),
                                                    {{QStringLiteral("name"), name}, {QStringLiteral("role"), role}}))
                                 .value(u"temporary_password")
                                 .toString();
        auto c = service.connect();
        c->login(name, temp);
        resultOf(c->call(QStringLiteral("session.change_password"),
                         {{QStringLiteral("old_password"), temp}, {QStringLiteral("new_password"), name + QStringLiteral("-password-1")}}));
        return c;
    };
    d.cashier = add(QStringLiteral("wang"), QStringLiteral("cashier"));
    d.engineer = add(QStringLiteral("li"), QStringLiteral("engineer"));
    d.manager = add(QStringLiteral("zhao"), QStringLiteral("manager"));
    return d;
}

std::unique_ptr<api::ApiClient> ServiceRig::login(const ServiceProcess& service, const QString& name)
{
    auto c = service.connect();
    c->login(name, name + QStringLiteral("-password-1"));
    return c;
}

qint64 ServiceRig::scalar(const QString& sql) const
{
    auto db = m_db.open();
    storage::SqlQuery q(*db, sql);
    return q.scalarInt();
}

QString ServiceRig::rows(const QString& sql) const
{
    auto db = m_db.open();
    storage::SqlQuery q(*db, sql);
    q.exec();
    QString out;
    while (q.next()) {
        QStringList cells;
        for (int i = 0; i < q.raw().record().count(); ++i)
            cells << q.value(i).toString();
        out += cells.join(QStringLiteral(" | ")) + u'\n';
    }
    return out;
}

QByteArray rigScenario(int seed, const QByteArray& meters)
{
    return QStringLiteral("[scenario]\nseed = %1\nutc_offset = +08:00\n\n"
                          "[bus b1]\nbaud = 19200\nparity = none\nlatency_ms = 2\n\n")
               .arg(seed)
               .toUtf8()
           + meters;
}

QByteArray prepaidMeter(const QString& name, int slave, int loadW, const QByteArray& extra)
{
    return QStringLiteral("[meter %1]\nbus = b1\nprotocol = modbus-rtu\nmap = md-prepaid\nslave = %2\nload = %3\n")
               .arg(name)
               .arg(slave)
               .arg(loadW)
               .toUtf8()
           + extra + "\n";
}

bool waitFor(const std::function<bool()>& done, int ms, int pollMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, pollMs);
        QThread::msleep(static_cast<unsigned long>(pollMs));
    }
    return true;
}

} // namespace md::test

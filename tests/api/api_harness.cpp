#include "api_harness.h"

#include "api/service_host.h"
#include "config/service_config.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <sodium.h>

#include <future>

namespace md::test {

class TestServer::Thread : public QThread
{
public:
    Thread(ServiceConfig config, const Clock& clock, PasswordHasher hasher)
        : m_config(std::move(config))
        , m_clock(clock)
        , m_hasher(hasher)
    {
    }
    std::future<std::pair<quint16, QString>> ready() { return m_ready.get_future(); }

protected:
    void run() override
    {
        std::unique_ptr<api::ServiceHost> host;
        try {
            host = std::make_unique<api::ServiceHost>(m_config, m_clock, m_hasher);
            m_ready.set_value({host->port(), host->firstRunPassword().value_or(QString())});
        } catch (...) {
            m_ready.set_exception(std::current_exception());
            return;
        }
        exec();
        host.reset(); // in this thread: the database connection belongs to it
    }

private:
    ServiceConfig m_config;
    const Clock& m_clock;
    PasswordHasher m_hasher;
    std::promise<std::pair<quint16, QString>> m_ready;
};

namespace {
const SystemClock& systemClock()
{
    static const SystemClock c;
    return c;
}
} // namespace


TestServer::TestServer(Options o)
    : m_db(std::make_unique<TestDatabase>(o.backend))
    , m_tls(o.tls)
{
    ServiceConfig config;
    config.database = m_db->config();
    config.api.address = QHostAddress(QHostAddress::LocalHost);
    config.api.port = 0;
    config.api.maxLineBytes = o.maxLineBytes;
    config.sessions = o.policy;
    config.training = o.training;
    if (o.tls) {
        m_tlsDir = std::make_unique<QTemporaryDir>();
        REQUIRE(makeSelfSignedCertificate(m_tlsDir->path()));
        QFile conf(m_tlsDir->filePath(QStringLiteral("tls.conf")));
        REQUIRE(conf.open(QIODevice::WriteOnly));
        conf.write("[database]\nurl = sqlite:unused.db\n[api]\ntls_certificate = cert.pem\ntls_key = key.pem\n");
        conf.close();
        const ServiceConfig tlsConfig = ServiceConfig::readFile(conf.fileName());
        config.api.tls = true;
        config.api.certificateChain = tlsConfig.api.certificateChain;
        config.api.privateKey = tlsConfig.api.privateKey;
        m_cert = tlsConfig.api.certificateChain;
    }
    const PasswordHasher hasher = o.fastHashing
                                      ? PasswordHasher({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN})
                                      : PasswordHasher();
    m_thread = std::make_unique<Thread>(config, o.clock ? *o.clock : systemClock(), hasher);
    auto ready = m_thread->ready();
    m_thread->start();
    const auto [port, password] = ready.get(); // rethrows a failed start
    m_port = port;
    // First run: the administrator's one-time password must be changed before anything else.
    auto c = connect();
    c->login(QStringLiteral("admin"), password);
    resultOf(c->call(QStringLiteral("session.change_password"),
                     {{QStringLiteral("old_password"), password},
                      {QStringLiteral("new_password"), QLatin1String(kAdminPassword)}}));
}

TestServer::~TestServer()
{
    m_thread->quit();
    m_thread->wait();
}

quint16 TestServer::port() const
{
    return m_port;
}

const storage::DatabaseConfig& TestServer::databaseConfig() const
{
    return m_db->config();
}

QList<QSslCertificate> TestServer::certificate() const
{
    return m_cert;
}

std::unique_ptr<api::ApiClient> TestServer::connect() const
{
    auto c = std::make_unique<api::ApiClient>();
    api::ApiTlsOptions tls;
    if (m_tls) {
        tls.enabled = true;
        tls.caCertificates = m_cert;
    }
    c->connectTo(QStringLiteral("127.0.0.1"), m_port, tls);
    return c;
}

std::unique_ptr<api::ApiClient> TestServer::admin() const
{
    auto c = connect();
    c->login(QStringLiteral("admin"), QLatin1String(kAdminPassword));
    return c;
}

std::unique_ptr<api::ApiClient> TestServer::addOperator(const QString& name, const QString& role)
{
    const QJsonObject made = resultOf(admin()->call(QStringLiteral("operator.create"),
                                                    {{QStringLiteral("name"), name}, {QStringLiteral("role"), role}}));
    auto c = connect();
    c->login(name, made.value(u"temporary_password").toString());
    resultOf(c->call(QStringLiteral("session.change_password"),
                     {{QStringLiteral("old_password"), made.value(u"temporary_password").toString()},
                      {QStringLiteral("new_password"), passwordOf(name)}}));
    return c;
}

std::unique_ptr<api::ApiClient> TestServer::loginAs(const QString& name) const
{
    auto c = connect();
    c->login(name, passwordOf(name));
    return c;
}

QJsonObject resultOf(const QJsonObject& response)
{
    INFO("response: " << QJsonDocument(response).toJson(QJsonDocument::Compact).toStdString());
    REQUIRE(response.contains(u"result"));
    return response.value(u"result").toObject();
}

int errorCode(const QJsonObject& response)
{
    return response.contains(u"error") ? int(response.value(u"error").toObject().value(u"code").toInteger()) : 0;
}

QString errorMessage(const QJsonObject& response)
{
    return response.value(u"error").toObject().value(u"message").toString();
}

bool makeSelfSignedCertificate(const QString& dir)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        return false;
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                      QStringLiteral("ec"), QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                      QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("key.pem"),
                      QStringLiteral("-out"), QStringLiteral("cert.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                      QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                      QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1")});
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace md::test

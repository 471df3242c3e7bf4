// The built meterdeskd binary: `serve` starts on a configuration file, survives a hard kill
// between two recharges without losing or skipping a receipt number, stops cleanly on SIGTERM;
// `call` logs in and calls a method for scripts.

#include "api_harness.h"

#include "api/api_client.h"
#include "cli/command.h"
#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace md;
using namespace md::test;

namespace {

QString binary()
{
    return binaryPath(QStringLiteral("server/meterdeskd"));
}

struct Started
{
    quint16 port = 0;
    QString firstRunPassword;
};

// Starts `meterdeskd serve` and waits (with a deadline) for its "listening" line.
Started startService(QProcess& p, const QString& config)
{
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(binary(), {QStringLiteral("serve"), QStringLiteral("--config"), config});
    REQUIRE(p.waitForStarted(10000));
    QString out;
    const QRegularExpression listening(QStringLiteral("listening on \\S+ port (\\d+)"));
    const QDeadlineTimer deadline(20000);
    while (!listening.match(out).hasMatch()) {
        INFO("service output so far: " << out.toStdString() << p.readAllStandardError().toStdString());
        REQUIRE(!deadline.hasExpired());
        REQUIRE(p.state() == QProcess::Running);
        p.waitForReadyRead(int(deadline.remainingTime()));
        out += QString::fromUtf8(p.readAllStandardOutput());
    }
    Started s;
    s.port = static_cast<quint16>(listening.match(out).captured(1).toUInt());
    const auto pw = QRegularExpression(QStringLiteral("one-time password (\\S+)")).match(out);
    if (pw.hasMatch())
        s.firstRunPassword = pw.captured(1);
    return s;
}

std::unique_ptr<api::ApiClient> client(quint16 port)
{
    auto c = std::make_unique<api::ApiClient>();
    c->connectTo(QStringLiteral("127.0.0.1"), port);
    return c;
}

QJsonObject recharge(api::ApiClient& c, const QString& key, qint64 account, const QString& amount)
{
    return resultOf(c.call(QStringLiteral("account.recharge"),
                           {{QStringLiteral("key"), key}, {QStringLiteral("account"), account}, {QStringLiteral("amount"), amount}}));
}

} // namespace

TEST_CASE("The service killed between two recharges neither loses nor skips a receipt number", "[api][process]")
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("meterdesk.conf"));
    {
        QFile f(config);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("[database]\nurl = sqlite:meterdesk.db\n[api]\nlisten = 127.0.0.1\nport = 0\n");
    }
    qint64 account = 0;
    {
        QProcess service;
        const Started s = startService(service, config);
        REQUIRE(!s.firstRunPassword.isEmpty()); // printed once, on the first run
        auto admin = client(s.port);
        admin->login(QStringLiteral("admin"), s.firstRunPassword);
        resultOf(admin->call(QStringLiteral("session.change_password"),
                             {{QStringLiteral("old_password"), s.firstRunPassword},
                              {QStringLiteral("new_password"), QStringLiteral("admin-password-1")}}));
        const QString temp = resultOf(admin->call(QStringLiteral("operator.create"),
                                                  {{QStringLiteral("name"), QStringLiteral("wang")},
                                                   {QStringLiteral("role"), QStringLiteral("cashier")}}))
                                 .value(u"temporary_password").toString();
        auto wang = client(s.port);
        wang->login(QStringLiteral("wang"), temp);
        resultOf(wang->call(QStringLiteral("session.change_password"),
                            {{QStringLiteral("old_password"), temp}, {QStringLiteral("new_password"), QStringLiteral("wang-password-1")}}));
        account = resultOf(wang->call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("o1")},
                                                                      {QStringLiteral("code"), QStringLiteral("9-901")},
                                                                      {QStringLiteral("tenant_name"), QStringLiteral("赵六")}}))
                      .value(u"account").toInteger();
        CHECK(recharge(*wang, QStringLiteral("k1"), account, QStringLiteral("10.00")).value(u"receipt").toInteger() == 1);
        service.kill(); // SIGKILL: no shutdown code runs
        REQUIRE(service.waitForFinished(10000));
        CHECK(service.exitStatus() == QProcess::CrashExit);
    }
    {
        QProcess service;
        const Started s = startService(service, config);
        CHECK(s.firstRunPassword.isEmpty()); // no second administrator, no password printed
        auto wang = client(s.port);
        wang->login(QStringLiteral("wang"), QStringLiteral("wang-password-1"));
        // The desk retries k1 (it never saw an answer, say): the stored result, receipt 1.
        const QJsonObject retried = recharge(*wang, QStringLiteral("k1"), account, QStringLiteral("10.00"));
        CHECK(retried.value(u"replayed").toBool());
        CHECK(retried.value(u"receipt").toInteger() == 1);
        const QJsonObject next = recharge(*wang, QStringLiteral("k2"), account, QStringLiteral("5.50"));
        CHECK(next.value(u"receipt").toInteger() == 2);
        CHECK(next.value(u"balance_after").toString() == u"15.50"); // 10.00 + 5.50

        // `meterdeskd call` for scripts: the password from the environment, JSON out.
        QProcess call;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MD_API_PASSWORD"), QStringLiteral("wang-password-1"));
        call.setProcessEnvironment(env);
        call.start(binary(), {QStringLiteral("call"), QStringLiteral("--port"), QString::number(s.port), QStringLiteral("--user"),
                              QStringLiteral("wang"), QStringLiteral("account.get"), QStringLiteral("{\"code\":\"9-901\"}")});
        REQUIRE(call.waitForFinished(20000));
        const QByteArray out = call.readAllStandardOutput();
        INFO(out.toStdString() << call.readAllStandardError().toStdString());
        CHECK(call.exitCode() == 0);
        const QJsonObject got = QJsonDocument::fromJson(out).object();
        CHECK(got.value(u"wallets").toObject().value(u"electricity").toString() == u"15.50");
        // An error answer: exit code 1 and the code on stderr.
        call.start(binary(), {QStringLiteral("call"), QStringLiteral("--port"), QString::number(s.port), QStringLiteral("--user"),
                              QStringLiteral("wang"), QStringLiteral("operator.list")});
        REQUIRE(call.waitForFinished(20000));
        CHECK(call.exitCode() == 1);
        CHECK(call.readAllStandardError().contains("error 1006"));

        service.terminate(); // SIGTERM: a clean stop
        REQUIRE(service.waitForFinished(10000));
        CHECK(service.exitStatus() == QProcess::NormalExit);
        CHECK(service.exitCode() == 0);
        CHECK(service.readAllStandardOutput().contains("stopped"));
    }
    QString out, err;
    QTextStream o(&out), e(&err);
    CHECK(cli::dispatch({QStringLiteral("meterdeskd"), QStringLiteral("audit-verify"), QStringLiteral("--config"), config}, o, e) == 0);
}

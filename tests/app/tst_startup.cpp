// The desk's command line: --login with --password-file logs in without the login window (the
// demo's cashier), a password file others could read is ignored, and the options are checked.

#include "meter_desk.h"
#include "reply_wait.h"

#include "app_root.h"
#include "login_dialog.h"
#include "main_window.h"
#include "startup_options.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>

#include <unistd.h>

using namespace md;
using namespace md::test;

namespace {

QString writeFile(const QTemporaryDir& dir, const char* name, const QByteArray& text, QFile::Permissions mode)
{
    const QString path = dir.filePath(QLatin1String(name));
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    REQUIRE(QFile::setPermissions(path, mode));
    return path;
}

const QFile::Permissions k0600 = QFile::ReadOwner | QFile::WriteOwner;

} // namespace

TEST_CASE("startup options: --login with --password-file, refused combinations", "[app][startup]")
{
    QString problem;
    const auto o = app::parseStartupOptions({QStringLiteral("meterdesk"), QStringLiteral("--login"), QStringLiteral("wang"),
                                             QStringLiteral("--password-file"), QStringLiteral("/tmp/x"),
                                             QStringLiteral("--service"), QStringLiteral("127.0.0.1:7421")},
                                            &problem);
    REQUIRE(o);
    CHECK(o->login == u"wang");
    CHECK(o->passwordFile == u"/tmp/x");
    CHECK(o->service == u"127.0.0.1:7421");
    CHECK(app::parseStartupOptions({QStringLiteral("meterdesk")}, &problem).has_value());
    CHECK_FALSE(app::parseStartupOptions({QStringLiteral("meterdesk"), QStringLiteral("--password-file"), QStringLiteral("/tmp/x")}, &problem));
    CHECK(problem.contains(QStringLiteral("--login")));
    CHECK_FALSE(app::parseStartupOptions({QStringLiteral("meterdesk"), QStringLiteral("--password"), QStringLiteral("secret")}, &problem));
    CHECK_FALSE(app::parseStartupOptions({QStringLiteral("meterdesk"), QStringLiteral("secret")}, &problem));
}

TEST_CASE("a password file is read only when it is the user's own, mode 0600, a regular file", "[app][startup]")
{
    QTemporaryDir dir;
    QString problem;
    const QString good = writeFile(dir, "good", "demo-cashier\n", k0600);
    CHECK(app::readPasswordFile(good, &problem) == std::optional<QString>(QStringLiteral("demo-cashier")));
    const QString readOnly = writeFile(dir, "ro", "demo-cashier", QFile::ReadOwner);
    CHECK(app::readPasswordFile(readOnly, &problem) == std::optional<QString>(QStringLiteral("demo-cashier")));

    const QString shared = writeFile(dir, "shared", "demo-cashier\n", k0600 | QFile::ReadGroup | QFile::ReadOther);
    CHECK_FALSE(app::readPasswordFile(shared, &problem));
    CHECK(problem.contains(QStringLiteral("0600")));
    const QString groupWrite = writeFile(dir, "gw", "demo-cashier\n", k0600 | QFile::WriteGroup);
    CHECK_FALSE(app::readPasswordFile(groupWrite, &problem));

    const QString link = dir.filePath(QStringLiteral("link"));
    REQUIRE(QFile::link(good, link));
    CHECK_FALSE(app::readPasswordFile(link, &problem));
    CHECK(problem.contains(QStringLiteral("symbolic link")));
    CHECK_FALSE(app::readPasswordFile(dir.filePath(QStringLiteral("missing")), &problem));
    CHECK_FALSE(app::readPasswordFile(writeFile(dir, "empty", "\n", k0600), &problem));

    if (::getuid() == 0) { // root can hand a file to another user
        const QString theirs = writeFile(dir, "theirs", "demo-cashier\n", k0600);
        REQUIRE(::chown(QFile::encodeName(theirs).constData(), 65534, 65534) == 0);
        CHECK_FALSE(app::readPasswordFile(theirs, &problem));
        CHECK(problem.contains(QStringLiteral("another user")));
    }
}

TEST_CASE("meterdesk --login NAME --password-file FILE opens the desk logged in, no login window", "[app][startup]")
{
    MeterDesk desk;
    QTemporaryDir dir;
    app::StartupOptions o;
    o.login = QStringLiteral("wang");
    o.passwordFile = writeFile(dir, "pw", TestServer::passwordOf(QStringLiteral("wang")).toUtf8() + '\n', k0600);
    o.service = QStringLiteral("127.0.0.1:%1").arg(desk.server.port());
    app::AppRoot root;
    bool loginShown = false;
    // A login window that appeared would block start(): close it and remember.
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, [&] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* login = qobject_cast<app::LoginDialog*>(w); login && login->isVisible()) {
                loginShown = true;
                login->reject();
            }
    });
    watch.start(50);
    REQUIRE(root.start(o));
    CHECK_FALSE(loginShown);
    REQUIRE(root.window());
    CHECK(root.window()->isVisible());
    CHECK(root.client().operatorInfo().value(u"name").toString() == u"wang");
    CHECK(root.client().operatorInfo().value(u"role").toString() == u"cashier");
}

TEST_CASE("a password file others may read is ignored: the login window shows why", "[app][startup]")
{
    MeterDesk desk;
    QTemporaryDir dir;
    app::StartupOptions o;
    o.login = QStringLiteral("wang");
    o.passwordFile = writeFile(dir, "pw", TestServer::passwordOf(QStringLiteral("wang")).toUtf8(), k0600 | QFile::ReadOther);
    o.service = QStringLiteral("127.0.0.1:%1").arg(desk.server.port());
    app::AppRoot root;
    QString shown;
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, [&] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* login = qobject_cast<app::LoginDialog*>(w); login && login->isVisible()) {
                shown = login->message();
                login->reject();
            }
    });
    watch.start(50);
    CHECK_FALSE(root.start(o));
    CHECK(shown.contains(QStringLiteral("0600")));
    CHECK(desk.client.state() == api::ServiceClient::State::Ready); // (the harness's own desk, untouched)
    CHECK(root.client().state() != api::ServiceClient::State::Ready);
}

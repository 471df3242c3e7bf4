#include "startup_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <cstdio>

#ifdef Q_OS_LINUX
#include <ctime>
#include <unistd.h>
#endif

namespace md::app {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::app::StartupOptions)
};

class ExposeProbe : public QObject
{
public:
    explicit ExposeProbe(QObject* parent)
        : QObject(parent)
    {
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        auto* window = qobject_cast<QWindow*>(watched);
        if (!m_done && event->type() == QEvent::Expose && window && window->isExposed()) {
            m_done = true;
            std::printf("startup-ms %lld\n", static_cast<long long>(msSinceProcessStart()));
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
        }
        return false;
    }

private:
    bool m_done = false;
};

} // namespace

std::optional<StartupOptions> parseStartupOptions(const QStringList& arguments, QString* problem)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr("MeterDesk front desk"));
    parser.addHelpOption();
    const QCommandLineOption login(QStringLiteral("login"), Tr::tr("Log in as NAME at once."), Tr::tr("NAME"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"),
                                          Tr::tr("Read the password from FILE (mode 0600, yours; otherwise it is ignored)."),
                                          Tr::tr("FILE"));
    const QCommandLineOption service(QStringLiteral("service"), Tr::tr("The service's address."), Tr::tr("HOST:PORT"));
    parser.addOptions({login, passwordFile, service});
    if (!parser.parse(arguments)) {
        if (problem)
            *problem = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        if (problem)
            *problem = parser.helpText();
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        if (problem)
            *problem = Tr::tr("Unexpected argument: %1").arg(parser.positionalArguments().constFirst());
        return std::nullopt;
    }
    StartupOptions o;
    o.login = parser.value(login).trimmed();
    o.passwordFile = parser.value(passwordFile);
    o.service = parser.value(service).trimmed();
    if (!o.passwordFile.isEmpty() && o.login.isEmpty()) {
        if (problem)
            *problem = Tr::tr("--password-file needs --login NAME.");
        return std::nullopt;
    }
    return o;
}

std::optional<QString> readPasswordFile(const QString& path, QString* problem)
{
    auto refuse = [problem](const QString& why) -> std::optional<QString> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    const QFileInfo info(path);
    if (info.isSymLink())
        return refuse(Tr::tr("The password file %1 is a symbolic link: ignored.").arg(path));
    if (!info.exists() || !info.isFile())
        return refuse(Tr::tr("There is no password file %1.").arg(path));
#ifdef Q_OS_UNIX
    if (info.ownerId() != ::getuid())
        return refuse(Tr::tr("The password file %1 belongs to another user: ignored.").arg(path));
    const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                                      | QFile::WriteOther | QFile::ExeOther;
    if (info.permissions() & others)
        return refuse(Tr::tr("Others may read the password file %1 (it must be mode 0600): ignored.").arg(path));
#endif
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return refuse(Tr::tr("Cannot read the password file %1: %2").arg(path, f.errorString()));
    const QByteArray first = f.readLine(4096);
    QString password = QString::fromUtf8(first);
    while (password.endsWith(u'\n') || password.endsWith(u'\r'))
        password.chop(1);
    if (password.isEmpty())
        return refuse(Tr::tr("The password file %1 is empty.").arg(path));
    return password;
}

qint64 msSinceProcessStart()
{
#ifdef Q_OS_LINUX
    // Field 22 of /proc/self/stat: the start time in clock ticks after boot (CLOCK_BOOTTIME).
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const qsizetype paren = line.lastIndexOf(')'); // the command name may hold spaces
        const QList<QByteArray> fields = line.mid(paren + 2).split(' ');
        bool ok = false;
        const qint64 ticks = fields.size() > 19 ? fields.at(19).toLongLong(&ok) : 0; // field 22
        timespec now{};
        if (ok && ::clock_gettime(CLOCK_BOOTTIME, &now) == 0) {
            const qint64 hz = ::sysconf(_SC_CLK_TCK);
            const qint64 nowMs = qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
            return nowMs - ticks * 1000 / (hz > 0 ? hz : 100);
        }
    }
#endif
    static QElapsedTimer since;
    if (!since.isValid())
        since.start();
    return since.elapsed();
}

void installStartupProbe(QWidget& w)
{
    if (!qEnvironmentVariableIsSet("MD_STARTUP_PROBE"))
        return;
    w.winId(); // creates the QWindow to watch
    if (QWindow* window = w.windowHandle())
        window->installEventFilter(new ExposeProbe(window));
}

} // namespace md::app

#include "socat_pair.h"

#include <QEventLoop>
#include <QTimer>

namespace md::test {

bool waitForOutput(QProcess& process, const QByteArray& needle, int ms,
                   QProcess::ProcessChannel channel)
{
    QByteArray seen;
    QEventLoop loop;
    auto check = [&] {
        process.setReadChannel(channel);
        seen += process.readAll();
        if (seen.contains(needle))
            loop.exit(0);
    };
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &loop, check);
    QObject::connect(&process, &QProcess::readyReadStandardError, &loop, check);
    QObject::connect(&process, &QProcess::finished, &loop, [&] { loop.exit(1); });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    deadline.start(ms);
    check();
    if (seen.contains(needle))
        return true;
    return loop.exec() == 0;
}

bool waitForExit(QProcess& process, int ms)
{
    if (process.state() == QProcess::NotRunning)
        return true;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, [&] { loop.exit(0); });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    deadline.start(ms);
    return loop.exec() == 0;
}

SocatPair::SocatPair()
{
    m_socat.start(QStringLiteral(MD_SOCAT),
                  {QStringLiteral("-d"), QStringLiteral("-d"),
                   QStringLiteral("pty,raw,echo=0,link=") + a(),
                   QStringLiteral("pty,raw,echo=0,link=") + b()});
    m_ready = waitForOutput(m_socat, "starting data transfer loop", 5000,
                            QProcess::StandardError);
}

SocatPair::~SocatPair()
{
    m_socat.terminate();
    if (!m_socat.waitForFinished(2000))
        m_socat.kill();
    m_socat.waitForFinished(2000);
}

} // namespace md::test

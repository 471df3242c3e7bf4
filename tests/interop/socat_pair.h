#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace md::test {

// A socat pseudo-terminal pair (ends a() and b()), ready when constructed (isReady()), gone
// when destroyed.
class SocatPair
{
public:
    SocatPair();
    ~SocatPair();
    bool isReady() const { return m_ready; }
    QString a() const { return m_dir.filePath(QStringLiteral("a")); }
    QString b() const { return m_dir.filePath(QStringLiteral("b")); }

private:
    QTemporaryDir m_dir;
    QProcess m_socat;
    bool m_ready = false;
};

// Runs the event loop until `process` has written `needle` on the channel, or `ms` pass.
bool waitForOutput(QProcess& process, const QByteArray& needle, int ms,
                   QProcess::ProcessChannel channel = QProcess::StandardOutput);
// Runs the event loop (so in-process simulators keep answering) until `process` ends.
bool waitForExit(QProcess& process, int ms);

} // namespace md::test

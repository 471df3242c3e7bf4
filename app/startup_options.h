#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace md::app {

// The desk's command line. A person starts it bare and logs in; the demo (installer/demo.sh)
// starts it logged in: `meterdesk --login wang --password-file FILE` — the password is never
// on the command line, where ps would show it to every user of the machine.
struct StartupOptions
{
    QString login;        // --login NAME
    QString passwordFile; // --password-file FILE (read only when safe, see readPasswordFile)
    QString service;      // --service HOST:PORT (default: the last one used)
};

// Parses the arguments (argv[0] first); the problem, ready to show, when they are wrong.
std::optional<StartupOptions> parseStartupOptions(const QStringList& arguments, QString* problem);

// The password in FILE (its first line), or nothing with the reason: a file that others may
// read or write (mode other than 0600/0400), that another user owns, that is a symbolic link or
// not a regular file is ignored, so that a password lying around is not trusted.
std::optional<QString> readPasswordFile(const QString& path, QString* problem);

// Milliseconds since this process started (the kernel's start time on Linux; since the first
// call elsewhere).
qint64 msSinceProcessStart();

// For the cold-start benchmark (tests/app/desk_cold_start.cpp): with MD_STARTUP_PROBE set,
// when `w` is first exposed print "startup-ms N" (N = msSinceProcessStart()) and quit.
void installStartupProbe(QWidget& w);

} // namespace md::app

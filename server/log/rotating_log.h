#pragma once

#include <QFile>
#include <QMutex>
#include <QString>
#include <QtGlobal>

namespace md {

// Where the service's log goes ([log] in the configuration).
struct LogConfig
{
    QString file;                  // empty: standard error only (foreground, systemd's journal)
    qint64 maxBytes = 10 * 1024 * 1024; // a file this big is rotated: FILE → FILE.1 → ... → FILE.<keep>
    int keep = 5;
    QString rules;                 // Qt logging rules, ';'-separated: "md.collection.debug=true"
    bool alsoStderr = true;        // foreground: the lines go to the terminal too
};

// A size-rotated log file for every Qt message of the process, from any thread: one line per
// message, "2026-11-29T15:49:44.123Z warning md.collection: meter 4 lost". Messages are
// written and flushed at once, so a kill -9 loses none that was logged.
class RotatingLog
{
public:
    explicit RotatingLog(LogConfig config);
    ~RotatingLog(); // uninstalls itself

    // Routes qDebug/qInfo/qWarning/qCritical (and categories) here; returns false (and logs to
    // standard error why) when the file cannot be opened.
    bool install();
    void write(QtMsgType type, const char* category, const QString& message);
    QString path() const { return m_config.file; }

private:
    void rotate();
    static void handler(QtMsgType type, const QMessageLogContext& context, const QString& message);

    LogConfig m_config;
    QMutex m_mutex;
    QFile m_file;
    QtMessageHandler m_previous = nullptr;
    static RotatingLog* s_instance;
};

} // namespace md

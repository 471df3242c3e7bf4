#include "log/rotating_log.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

#include <cstdio>

namespace md {

RotatingLog* RotatingLog::s_instance = nullptr;

namespace {

const char* typeName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "?";
}

} // namespace

RotatingLog::RotatingLog(LogConfig config)
    : m_config(std::move(config))
{
}

RotatingLog::~RotatingLog()
{
    if (s_instance == this) {
        qInstallMessageHandler(m_previous);
        s_instance = nullptr;
    }
}

bool RotatingLog::install()
{
    if (!m_config.rules.isEmpty())
        QLoggingCategory::setFilterRules(QString(m_config.rules).replace(u';', u'\n'));
    if (!m_config.file.isEmpty()) {
        QDir().mkpath(QFileInfo(m_config.file).absolutePath());
        m_file.setFileName(m_config.file);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(m_config.file), qPrintable(m_file.errorString()));
            return false;
        }
    }
    s_instance = this;
    m_previous = qInstallMessageHandler(&RotatingLog::handler);
    return true;
}

void RotatingLog::handler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (RotatingLog* log = s_instance)
        log->write(type, context.category, message);
}

void RotatingLog::write(QtMsgType type, const char* category, const QString& message)
{
    const QByteArray line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' ' + typeName(type) +
                            ' ' + QByteArray(category ? category : "default") + ": " + message.toUtf8() + '\n';
    QMutexLocker lock(&m_mutex);
    if (m_config.alsoStderr) {
        std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
        std::fflush(stderr);
    }
    if (!m_file.isOpen())
        return;
    if (m_file.size() + line.size() > m_config.maxBytes && m_file.size() > 0)
        rotate();
    m_file.write(line);
    m_file.flush();
}

void RotatingLog::rotate()
{
    m_file.close();
    const QString base = m_config.file;
    QFile::remove(base + QStringLiteral(".%1").arg(m_config.keep));
    for (int i = m_config.keep - 1; i >= 1; --i)
        QFile::rename(base + QStringLiteral(".%1").arg(i), base + QStringLiteral(".%1").arg(i + 1));
    if (m_config.keep > 0)
        QFile::rename(base, base + QStringLiteral(".1"));
    else
        QFile::remove(base);
    m_file.setFileName(base);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        std::fprintf(stderr, "%s: %s\n", qPrintable(base), qPrintable(m_file.errorString()));
}

} // namespace md

#include "util/error.h"

namespace md {

Error::Error(QString message)
    : m_message(std::move(message))
    , m_utf8(m_message.toUtf8())
{
}

static QString describe(const QString& source, int line, const QString& problem)
{
    if (line > 0)
        return QStringLiteral("%1:%2: %3").arg(source).arg(line).arg(problem);
    return QStringLiteral("%1: %2").arg(source, problem);
}

InputError::InputError(QString source, int line, QString problem)
    : Error(describe(source, line, problem))
    , m_source(std::move(source))
    , m_line(line)
    , m_problem(std::move(problem))
{
}

} // namespace md

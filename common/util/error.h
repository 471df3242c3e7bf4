#pragma once

#include <QCoreApplication>
#include <QString>

#include <exception>

namespace md {

// Base of every error the core reports. The message is already translated (the thrower uses
// tr()), so a front end can show it as it is.
class Error : public std::exception
{
public:
    explicit Error(QString message);
    const QString& message() const noexcept { return m_message; }
    const char* what() const noexcept override { return m_utf8.constData(); }

private:
    QString m_message;
    QByteArray m_utf8;
};

// An arithmetic result that does not fit: a money sum past int64 fen, a price times a quantity
// beyond any real bill. Never silently wrapped.
class OverflowError : public Error
{
public:
    using Error::Error;
};

// Bad outside input: names the source (a file path, "API", a CSV name), the 1-based line
// (0 when not line-based) and the problem.
class InputError : public Error
{
public:
    InputError(QString source, int line, QString problem);
    const QString& source() const noexcept { return m_source; }
    int line() const noexcept { return m_line; }
    const QString& problem() const noexcept { return m_problem; }

private:
    QString m_source;
    int m_line;
    QString m_problem;
};

} // namespace md

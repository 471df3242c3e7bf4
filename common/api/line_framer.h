#pragma once

#include <QByteArray>

#include <optional>

namespace md::api {

// Splits a byte stream into lines ("\n", an optional "\r" before it is dropped), taking bytes
// in pieces of any size. A line longer than the limit is reported once, as soon as the limit
// is passed, and the rest of it is thrown away up to its "\n": the buffer never holds more
// than the limit, and the connection can go on with the next line.
class LineFramer
{
public:
    explicit LineFramer(qint64 maxLineBytes)
        : m_max(maxLineBytes)
    {
    }

    struct Line
    {
        QByteArray text;
        bool tooLong = false; // text is empty then
    };

    void feed(const QByteArray& bytes) { m_pending += bytes; }
    std::optional<Line> next();

private:
    qint64 m_max;
    QByteArray m_pending;  // unread input (bounded by what one read returns plus m_max)
    QByteArray m_line;     // the current line so far
    bool m_discarding = false;
};

} // namespace md::api

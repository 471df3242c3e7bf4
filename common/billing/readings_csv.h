#pragma once

#include "billing/reading.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTimeZone>

namespace md {

// A reading set as read from a file, with the line it starts on (for errors found later,
// such as a counter that goes backwards).
struct NumberedReadingSet
{
    ReadingSet set;
    int line = 0;
};

// Reads a meter's reading history: `timestamp,register,value` per line, an optional header
// line, `#` comments and blank lines. Timestamps are ISO 8601 with an offset or `Z`; without
// one they are in `zone`. Registers: total, sharp, peak, flat, valley or 总/尖/峰/平/谷. Values
// are cumulative, >= 0, at most 3 decimals. Rows with the same timestamp form one reading set;
// timestamps must not go back. The whole file is checked before anything is returned: the
// first problem throws InputError(source, line, problem).
QList<NumberedReadingSet> parseReadingsCsv(const QByteArray& data, const QString& source, Unit unit,
                                           const QTimeZone& zone);

QList<NumberedReadingSet> loadReadingsCsv(const QString& path, Unit unit, const QTimeZone& zone);

} // namespace md

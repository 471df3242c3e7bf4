#pragma once

#include <QList>
#include <QString>

namespace md {

// The INI-like text of a tariff file, split into sections of key = value entries that keep
// their line numbers, so that every later complaint can say where. Only the syntax is checked
// here (section headers, `key = value`, comments); what the keys mean is the reader's job.
struct IniEntry
{
    QString key;
    QString value;
    int line = 0;
};

struct IniSection
{
    QString name;
    int line = 0;
    QList<IniEntry> entries; // in file order; duplicates are kept for the reader to judge
};

// `#` and `;` start a comment anywhere on a line (so values cannot contain them); blank lines
// are skipped; a UTF-8 byte order mark and CR line ends are accepted. Throws InputError
// naming `source` and the line for a line that is neither a header nor `key = value`, for
// text before the first section and for text that is not valid UTF-8.
QList<IniSection> parseIni(const QByteArray& data, const QString& source);

} // namespace md

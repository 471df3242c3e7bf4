#include "billing/readings_csv.h"

#include "util/error.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QStringDecoder>

namespace md {

namespace {
// The translation context of this file's messages (lupdate files Tr::tr calls under it).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::ReadingsCsv)
};

QDateTime parseTimestamp(const QString& text, const QTimeZone& zone)
{
    // Qt's ISO parser is lenient about some shapes; accept only date, 'T' or space, time
    // (seconds and fraction optional) and an optional Z or ±hh:mm.
    static const QRegularExpression re(QStringLiteral(
        R"(^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:\d{2})?$)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return {};
    const QDate date = QDate::fromString(m.captured(1), Qt::ISODate);
    const QTime time = QTime::fromString(m.captured(2), Qt::ISODateWithMs);
    if (!date.isValid() || !time.isValid())
        return {};
    const QString offset = m.captured(3);
    if (offset.isEmpty())
        return QDateTime(date, time, zone).toUTC();
    if (offset == u"Z")
        return QDateTime(date, time, QTimeZone::utc());
    const int sign = offset.front() == u'-' ? -1 : 1;
    const int hours = offset.mid(1, 2).toInt(), minutes = offset.mid(4, 2).toInt();
    if (hours > 14 || minutes > 59)
        return {};
    return QDateTime(date, time, QTimeZone(sign * (hours * 3600 + minutes * 60))).toUTC();
}
} // namespace

QList<NumberedReadingSet> parseReadingsCsv(const QByteArray& data, const QString& source, Unit unit,
                                           const QTimeZone& zone)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(data);
    if (decoder.hasError())
        throw InputError(source, 0, Tr::tr("The file is not valid UTF-8 text"));

    QList<NumberedReadingSet> sets;
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    bool firstContentLine = true;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = int(i) + 1;
        QStringView line = lines.at(i);
        if (i == 0 && line.startsWith(QChar(0xFEFF)))
            line = line.mid(1);
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QList<QStringView> fields = line.split(u',');
        const bool header = firstContentLine && fields.size() == 3
                         && fields.at(0).trimmed().compare(u"timestamp", Qt::CaseInsensitive) == 0;
        firstContentLine = false;
        if (header)
            continue;
        if (fields.size() != 3)
            throw InputError(source, lineNo,
                             Tr::tr("Expected 3 fields \"timestamp,register,value\", found %1").arg(fields.size()));
        const QString stamp = fields.at(0).trimmed().toString();
        const QDateTime at = parseTimestamp(stamp, zone);
        if (!at.isValid())
            throw InputError(source, lineNo, Tr::tr("\"%1\" is not an ISO 8601 timestamp").arg(stamp));
        const auto reg = parseRegister(fields.at(1).trimmed());
        if (!reg)
            throw InputError(source, lineNo,
                             Tr::tr("Unknown register \"%1\" (expected total, sharp, peak, flat or valley)")
                                 .arg(fields.at(1).trimmed().toString()));
        const auto value = Quantity::parse(fields.at(2).trimmed(), unit);
        if (!value || value->isNegative())
            throw InputError(source, lineNo,
                             Tr::tr("\"%1\" is not a meter reading (a number >= 0 with at most 3 decimals)")
                                 .arg(fields.at(2).trimmed().toString()));

        if (!sets.isEmpty() && sets.back().set.utc == at) {
            if (sets.back().set.has(*reg))
                throw InputError(source, lineNo,
                                 Tr::tr("The %1 register appears twice at %2").arg(registerKey(*reg), stamp));
            sets.back().set.values.insert(*reg, *value);
            continue;
        }
        if (!sets.isEmpty() && at < sets.back().set.utc)
            throw InputError(source, lineNo, Tr::tr("The timestamp %1 is earlier than the line before").arg(stamp));
        NumberedReadingSet n;
        n.set.add(Reading{at, *reg, *value});
        n.line = lineNo;
        sets.append(n);
    }
    return sets;
}

QList<NumberedReadingSet> loadReadingsCsv(const QString& path, Unit unit, const QTimeZone& zone)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path, 0, Tr::tr("Cannot read the file: %1").arg(file.errorString()));
    return parseReadingsCsv(file.readAll(), path, unit, zone);
}

} // namespace md

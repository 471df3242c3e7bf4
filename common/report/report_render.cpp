#include "report/report_render.h"

#include <QJsonArray>

namespace md::report {

namespace {

QString milliText(qint64 milli)
{
    const bool negative = milli < 0;
    // Magnitude as unsigned: -INT64_MIN does not fit in qint64.
    const quint64 m = negative ? quint64(0) - quint64(milli) : quint64(milli);
    return QStringLiteral("%1%2.%3")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(m / 1000)
        .arg(m % 1000, 3, 10, QLatin1Char('0'));
}

QJsonValue jsonCell(const Cell& cell, ColumnType type)
{
    if (cell.isEmpty())
        return QJsonValue(QJsonValue::Null);
    if (type == ColumnType::Integer)
        return QJsonValue(cell.number());
    return formatCell(cell, type);
}

QJsonObject jsonRow(const QList<Column>& columns, const Row& row)
{
    QJsonObject o;
    for (qsizetype i = 0; i < columns.size(); ++i)
        o.insert(columns.at(i).key, jsonCell(row.at(i), columns.at(i).type));
    return o;
}

QString csvField(const Cell& cell, ColumnType type)
{
    QString s = formatCell(cell, type);
    if (type == ColumnType::Text && !s.isEmpty()) {
        const QChar first = s.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@')
            s.prepend(u'\'');
    }
    if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n') || s.contains(u'\r')) {
        s.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        s = u'"' + s + u'"';
    }
    return s;
}

QString csvLine(const QStringList& fields)
{
    return fields.join(u',') + u'\n';
}

} // namespace

QString formatCell(const Cell& cell, ColumnType type)
{
    if (cell.isEmpty())
        return QString();
    if (const auto* s = std::get_if<QString>(&cell.value))
        return *s;
    if (const auto* d = std::get_if<QDate>(&cell.value))
        return d->toString(Qt::ISODate);
    const qint64 v = cell.number();
    switch (type) {
    case ColumnType::Money:
        return Money::fromFen(v).toYuanString();
    case ColumnType::Quantity:
        return milliText(v);
    case ColumnType::Text:
    case ColumnType::Integer:
    case ColumnType::Date:
        break;
    }
    return QString::number(v);
}

QJsonObject toJson(const ReportTable& table)
{
    QJsonArray columns;
    for (const Column& c : table.columns())
        columns.append(QJsonObject{{QStringLiteral("key"), c.key},
                                   {QStringLiteral("header"), c.header},
                                   {QStringLiteral("type"), columnTypeKey(c.type)}});
    QJsonArray rows;
    for (const Row& r : table.rows())
        rows.append(jsonRow(table.columns(), r));
    QJsonObject summary;
    for (qsizetype i = 0; i < table.summaryColumns().size(); ++i) {
        const Column& c = table.summaryColumns().at(i);
        summary.insert(c.key, jsonCell(table.summary().at(i), c.type));
    }
    return {{QStringLiteral("report"), table.key()},
            {QStringLiteral("title"), table.title()},
            {QStringLiteral("columns"), columns},
            {QStringLiteral("rows"), rows},
            {QStringLiteral("totals"), table.totals() ? QJsonValue(jsonRow(table.columns(), *table.totals()))
                                                      : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("summary"), summary}};
}

QByteArray toCsv(const ReportTable& table, const CsvOptions& options)
{
    QString out;
    QStringList header;
    for (const Column& c : table.columns())
        header.append(csvField(Cell::text(options.keysAsHeader ? c.key : c.header), ColumnType::Text));
    out += csvLine(header);
    const auto addRow = [&](const Row& r) {
        QStringList fields;
        for (qsizetype i = 0; i < table.columns().size(); ++i)
            fields.append(csvField(r.at(i), table.columns().at(i).type));
        out += csvLine(fields);
    };
    for (const Row& r : table.rows())
        addRow(r);
    if (table.totals())
        addRow(*table.totals());
    if (!table.summaryColumns().isEmpty()) {
        out += u'\n';
        for (qsizetype i = 0; i < table.summaryColumns().size(); ++i) {
            const Column& c = table.summaryColumns().at(i);
            out += csvLine({csvField(Cell::text(options.keysAsHeader ? c.key : c.header), ColumnType::Text),
                            csvField(table.summary().at(i), c.type)});
        }
    }
    QByteArray bytes = out.toUtf8();
    if (options.byteOrderMark)
        bytes.prepend("\xEF\xBB\xBF");
    return bytes;
}

} // namespace md::report

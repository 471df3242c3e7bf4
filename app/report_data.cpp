#include "report_data.h"

#include "report/report_render.h"

#include <QJsonArray>

namespace md::app {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::app::ReportData)
};

std::optional<report::ColumnType> typeOf(const QString& key)
{
    using report::ColumnType;
    for (ColumnType t : {ColumnType::Text, ColumnType::Integer, ColumnType::Money, ColumnType::Quantity, ColumnType::Date})
        if (report::columnTypeKey(t) == key)
            return t;
    return std::nullopt;
}

// "1234.567", "-0.5" → thousandths; at most three decimals.
std::optional<qint64> parseMilli(const QString& s)
{
    const bool negative = s.startsWith(u'-');
    const QStringView body = QStringView(s).mid(negative ? 1 : 0);
    const qsizetype dot = body.indexOf(u'.');
    const QStringView whole = dot < 0 ? body : body.left(dot);
    const QStringView frac = dot < 0 ? QStringView() : body.mid(dot + 1);
    if (whole.isEmpty() || frac.size() > 3)
        return std::nullopt;
    bool ok = true;
    const qint64 w = whole.toLongLong(&ok);
    if (!ok || w < 0)
        return std::nullopt;
    qint64 f = 0;
    if (!frac.isEmpty()) {
        f = frac.toLongLong(&ok);
        if (!ok || f < 0)
            return std::nullopt;
        for (qsizetype i = frac.size(); i < 3; ++i)
            f *= 10;
    }
    const qint64 v = w * 1000 + f;
    return negative ? -v : v;
}

std::optional<report::Cell> cellOf(const QJsonValue& v, report::ColumnType type)
{
    using report::Cell;
    using report::ColumnType;
    if (v.isNull() || v.isUndefined())
        return Cell();
    switch (type) {
    case ColumnType::Text:
        if (v.isDouble())
            return Cell::text(QString::number(v.toInteger()));
        return v.isString() ? std::optional(Cell::text(v.toString())) : std::nullopt;
    case ColumnType::Integer:
        return v.isDouble() ? std::optional(Cell::integer(v.toInteger())) : std::nullopt;
    case ColumnType::Money:
        if (const auto m = Money::parseYuan(v.toString()); v.isString() && m)
            return Cell::money(*m);
        return std::nullopt;
    case ColumnType::Quantity:
        if (const auto q = parseMilli(v.toString()); v.isString() && q)
            return Cell::quantityMilli(*q);
        return std::nullopt;
    case ColumnType::Date: {
        const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
        return d.isValid() ? std::optional(Cell::date(d)) : std::nullopt;
    }
    }
    return std::nullopt;
}
} // namespace

int ReportData::columnIndex(const QString& k) const
{
    for (int i = 0; i < columns.size(); ++i)
        if (columns.at(i).key == k)
            return i;
    return -1;
}

const report::Cell& ReportData::cell(int row, const QString& k) const
{
    static const report::Cell kEmpty;
    const int c = columnIndex(k);
    if (c < 0 || row < 0 || row >= rows.size())
        return kEmpty;
    return rows.at(row).at(c);
}

QString ReportData::text(const report::Cell& c, int column) const
{
    return report::formatCell(c, columns.at(column).type);
}

double ReportData::number(const report::Cell& c, report::ColumnType type)
{
    const double v = double(c.number());
    switch (type) {
    case report::ColumnType::Money:
        return v / 100.0;
    case report::ColumnType::Quantity:
        return v / 1000.0;
    default:
        return v;
    }
}

QString parseReport(const QJsonObject& json, ReportData* out)
{
    ReportData d;
    d.key = json.value(u"report").toString();
    d.title = json.value(u"title").toString();
    for (const QJsonValue& v : json.value(u"columns").toArray()) {
        const QJsonObject o = v.toObject();
        const auto type = typeOf(o.value(u"type").toString());
        if (!type)
            return Tr::tr("The report has a column of an unknown type \"%1\".").arg(o.value(u"type").toString());
        report::Column c;
        c.key = o.value(u"key").toString();
        c.header = o.value(u"header").toString();
        c.type = *type;
        d.columns.append(c);
    }
    if (d.columns.isEmpty())
        return Tr::tr("The report has no columns.");
    const auto readRow = [&](const QJsonObject& o, report::Row* row) -> QString {
        row->clear();
        for (const report::Column& c : std::as_const(d.columns)) {
            const auto cell = cellOf(o.value(c.key), c.type);
            if (!cell)
                return Tr::tr("The report's value \"%1\" in column \"%2\" cannot be read.")
                    .arg(o.value(c.key).toVariant().toString(), c.header);
            row->append(*cell);
        }
        return {};
    };
    for (const QJsonValue& v : json.value(u"rows").toArray()) {
        report::Row row;
        if (QString problem = readRow(v.toObject(), &row); !problem.isEmpty())
            return problem;
        d.rows.append(row);
    }
    if (json.value(u"totals").isObject()) {
        report::Row row;
        if (QString problem = readRow(json.value(u"totals").toObject(), &row); !problem.isEmpty())
            return problem;
        d.totals = row;
    }
    const QJsonObject summary = json.value(u"summary").toObject();
    for (auto it = summary.begin(); it != summary.end(); ++it) {
        report::Column c;
        c.key = it.key();
        c.header = it.key();
        c.type = it.value().isDouble() ? report::ColumnType::Integer : report::ColumnType::Text;
        const auto cell = cellOf(it.value(), c.type);
        d.summaryColumns.append(c);
        d.summary.append(cell.value_or(report::Cell()));
    }
    *out = std::move(d);
    return {};
}

} // namespace md::app

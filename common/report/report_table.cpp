#include "report/report_table.h"

#include "util/error.h"

namespace md::report {

QString columnTypeKey(ColumnType t)
{
    switch (t) {
    case ColumnType::Text:
        return QStringLiteral("text");
    case ColumnType::Integer:
        return QStringLiteral("integer");
    case ColumnType::Money:
        return QStringLiteral("money");
    case ColumnType::Quantity:
        return QStringLiteral("quantity");
    case ColumnType::Date:
        return QStringLiteral("date");
    }
    Q_UNREACHABLE();
}

ReportTable::ReportTable(QString key, QString title)
    : m_key(std::move(key))
    , m_title(std::move(title))
{
}

void ReportTable::addColumn(const QString& key, const QString& header, ColumnType type, bool summed)
{
    if (!m_rows.isEmpty())
        throw Error(tr("Internal error: column %1 added to report %2 after its rows").arg(key, m_key));
    m_columns.append(Column{key, header, type, summed});
}

int ReportTable::columnIndex(const QString& key) const
{
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).key == key)
            return int(i);
    }
    throw Error(tr("Internal error: report %1 has no column %2").arg(m_key, key));
}

int ReportTable::appendRow()
{
    m_rows.append(Row(m_columns.size()));
    return int(m_rows.size() - 1);
}

void ReportTable::check(const Column& c, const Cell& v) const
{
    bool ok = true;
    if (!v.isEmpty()) {
        switch (c.type) {
        case ColumnType::Text:
            ok = std::holds_alternative<QString>(v.value);
            break;
        case ColumnType::Integer:
        case ColumnType::Money:
        case ColumnType::Quantity:
            ok = std::holds_alternative<qint64>(v.value);
            break;
        case ColumnType::Date:
            ok = std::holds_alternative<QDate>(v.value);
            break;
        }
    }
    if (!ok)
        throw Error(tr("Internal error: a value of the wrong type for column %1 of report %2").arg(c.key, m_key));
}

void ReportTable::set(int row, const QString& key, const Cell& value)
{
    set(row, columnIndex(key), value);
}

void ReportTable::set(int row, int column, const Cell& value)
{
    check(m_columns.at(column), value);
    m_rows[row][column] = value;
}

const Cell& ReportTable::cell(int row, const QString& key) const
{
    return m_rows.at(row).at(columnIndex(key));
}

void ReportTable::computeTotals(const QString& label)
{
    Row totals(m_columns.size());
    bool labelled = false;
    for (qsizetype c = 0; c < m_columns.size(); ++c) {
        const Column& col = m_columns.at(c);
        if (col.summed) {
            Money sum; // checked arithmetic: a sum past int64 throws instead of wrapping
            for (const Row& r : std::as_const(m_rows))
                sum += Money::fromFen(r.at(c).number());
            totals[c] = Cell::integer(sum.fen());
        } else if (!labelled && col.type == ColumnType::Text) {
            totals[c] = Cell::text(label);
            labelled = true;
        }
    }
    m_totals = totals;
}

Money ReportTable::totalMoney(const QString& key) const
{
    if (!m_totals)
        return Money();
    return Money::fromFen(m_totals->at(columnIndex(key)).number());
}

void ReportTable::addSummary(const QString& key, const QString& header, ColumnType type, const Cell& value)
{
    const Column c{key, header, type, false};
    check(c, value);
    m_summaryColumns.append(c);
    m_summary.append(value);
}

const Cell& ReportTable::summaryValue(const QString& key) const
{
    for (qsizetype i = 0; i < m_summaryColumns.size(); ++i) {
        if (m_summaryColumns.at(i).key == key)
            return m_summary.at(i);
    }
    throw Error(tr("Internal error: report %1 has no summary value %2").arg(m_key, key));
}

} // namespace md::report

#include "report_table_model.h"

#include <QFont>

namespace md::app {

ReportTableModel::ReportTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ReportTableModel::setReport(ReportData data)
{
    beginResetModel();
    m_data = std::move(data);
    endResetModel();
}

void ReportTableModel::clear()
{
    setReport({});
}

int ReportTableModel::totalsRow() const
{
    return m_data.totals ? int(m_data.rows.size()) : -1;
}

int ReportTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_data.rows.size()) + (m_data.totals ? 1 : 0);
}

int ReportTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_data.columns.size());
}

const report::Row& ReportTableModel::rowAt(int row) const
{
    return row < m_data.rows.size() ? m_data.rows.at(row) : *m_data.totals;
}

QVariant ReportTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const report::Column& column = m_data.columns.at(index.column());
    const report::Cell& cell = rowAt(index.row()).at(index.column());
    const bool totals = index.row() == totalsRow();
    switch (role) {
    case Qt::DisplayRole:
        return m_data.text(cell, index.column());
    case Qt::TextAlignmentRole:
        if (column.type == report::ColumnType::Text || column.type == report::ColumnType::Date)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (totals) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case SortRole:
        if (cell.isEmpty())
            return {};
        if (const auto* d = std::get_if<QDate>(&cell.value))
            return *d;
        if (const auto* s = std::get_if<QString>(&cell.value))
            return *s;
        return cell.number();
    case IsTotalsRole:
        return totals;
    case ColumnKeyRole:
        return column.key;
    default:
        return {};
    }
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 || section >= m_data.columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return m_data.columns.at(section).header;
}

} // namespace md::app

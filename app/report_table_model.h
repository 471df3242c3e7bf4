#pragma once

#include "report_data.h"

#include <QAbstractTableModel>

namespace md::app {

// One model for every report: the service's columns with their translated headers, the rows,
// then the totals row (bold) when the report has one. Money and quantities are right-aligned
// with their fixed decimals; SortRole gives the exact number (fen, thousandths) or the text.
class ReportTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role { SortRole = Qt::UserRole, IsTotalsRole, ColumnKeyRole };

    explicit ReportTableModel(QObject* parent = nullptr);

    void setReport(ReportData data);
    void clear();
    const ReportData& report() const { return m_data; }
    // The totals row's index, -1 when there is none.
    int totalsRow() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const report::Row& rowAt(int row) const;

    ReportData m_data;
};

} // namespace md::app

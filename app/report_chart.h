#pragma once

#include "report_data.h"

#include <QChartView>

namespace md::app {

// A report as a chart (Qt Charts): one category per row (the first text or date column: the
// period, the channel, the account), one series per money column that is not all zero (at most
// eight), as lines or bars. The totals row is not plotted.
class ReportChart : public QChartView
{
    Q_OBJECT

public:
    enum class Kind { Line, Bar };

    explicit ReportChart(QWidget* parent = nullptr);
    void setReport(const ReportData& report);
    void setKind(Kind kind);
    Kind kind() const { return m_kind; }
    // What is plotted, for tests: the series' names and the categories.
    QStringList seriesNames() const;
    QStringList categories() const { return m_categories; }

private:
    void rebuild();

    ReportData m_report;
    Kind m_kind = Kind::Bar;
    QStringList m_categories;
};

} // namespace md::app

#include "report_chart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace md::app {

ReportChart::ReportChart(QWidget* parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    rebuild();
}

void ReportChart::setReport(const ReportData& report)
{
    m_report = report;
    rebuild();
}

void ReportChart::setKind(Kind kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    rebuild();
}

QStringList ReportChart::seriesNames() const
{
    QStringList names;
    for (QAbstractSeries* s : chart()->series()) {
        if (auto* bars = qobject_cast<QBarSeries*>(s)) {
            for (QBarSet* set : bars->barSets())
                names.append(set->label());
        } else {
            names.append(s->name());
        }
    }
    return names;
}

void ReportChart::rebuild()
{
    auto* chart = new QChart;
    chart->setTitle(m_report.title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_categories.clear();

    int labelColumn = -1;
    QList<int> valueColumns;
    for (int c = 0; c < m_report.columns.size(); ++c) {
        const report::ColumnType t = m_report.columns.at(c).type;
        if (labelColumn < 0 && (t == report::ColumnType::Text || t == report::ColumnType::Date))
            labelColumn = c;
        if (t == report::ColumnType::Money && valueColumns.size() < 8) {
            const bool nonZero = std::any_of(m_report.rows.cbegin(), m_report.rows.cend(),
                                             [c](const report::Row& r) { return r.at(c).number() != 0; });
            if (nonZero)
                valueColumns.append(c);
        }
    }
    for (int r = 0; r < m_report.rows.size(); ++r) {
        const QString label = labelColumn >= 0 ? m_report.text(m_report.rows.at(r).at(labelColumn), labelColumn) : QString();
        m_categories.append(label.isEmpty() ? QString::number(r + 1) : label);
    }

    if (!valueColumns.isEmpty() && !m_categories.isEmpty()) {
        auto* xAxis = new QBarCategoryAxis;
        xAxis->append(m_categories);
        auto* yAxis = new QValueAxis;
        yAxis->setLabelFormat(QStringLiteral("%.2f"));
        yAxis->setTruncateLabels(false); // "…" instead of 400.00 on a short chart says nothing
        xAxis->setTruncateLabels(false);
        chart->addAxis(xAxis, Qt::AlignBottom);
        chart->addAxis(yAxis, Qt::AlignLeft);
        double low = 0;
        double high = 0;
        const auto value = [&](int r, int c) {
            const double v = ReportData::number(m_report.rows.at(r).at(c), report::ColumnType::Money);
            low = std::min(low, v);
            high = std::max(high, v);
            return v;
        };
        if (m_kind == Kind::Bar) {
            auto* series = new QBarSeries;
            for (int c : std::as_const(valueColumns)) {
                auto* set = new QBarSet(m_report.columns.at(c).header);
                for (int r = 0; r < m_report.rows.size(); ++r)
                    set->append(value(r, c));
                series->append(set);
            }
            chart->addSeries(series);
            series->attachAxis(xAxis);
            series->attachAxis(yAxis);
        } else {
            for (int c : std::as_const(valueColumns)) {
                auto* series = new QLineSeries;
                series->setName(m_report.columns.at(c).header);
                series->setPointsVisible(m_report.rows.size() < 40);
                for (int r = 0; r < m_report.rows.size(); ++r)
                    series->append(r, value(r, c));
                chart->addSeries(series);
                series->attachAxis(xAxis);
                series->attachAxis(yAxis);
            }
        }
        yAxis->setRange(low, high > low ? high * 1.05 : low + 1);
        yAxis->applyNiceNumbers();
        if (m_categories.size() > 16)
            xAxis->setLabelsAngle(-90);
    }
    QChart* old = this->chart();
    setChart(chart);
    delete old;
}

} // namespace md::app

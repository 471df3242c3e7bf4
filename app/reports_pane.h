#pragma once

#include "report_chart.h"
#include "report_request.h"
#include "report_table_model.h"

#include <QDateTime>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class ReportXlsxExport;
struct ReportPrintHeading;
class ApportionDialog;
class ApportionGroupsDialog;

// The reports tab (报表): choose a report and its period (presets today, this month, last
// month, this year), grouping and by-cashier where the report has them; the result as a table
// (totals row) and a chart (line or bar); export to .xlsx, print or save as PDF. The service
// computes; this pane asks (asynchronously, with a busy bar) and renders. A cashier is offered
// only the shift report.
class ReportsPane : public QWidget
{
    Q_OBJECT

public:
    ReportsPane(api::ServiceClient& client, QString officeName, QWidget* parent = nullptr);

    // The controls as a request, and back.
    ReportRequest request() const;
    void setRequest(const ReportRequest& request);
    void applyPreset(PeriodPreset preset);
    QStringList offeredReports() const;

    void run();
    void exportTo(const QString& path);
    // Returns the problem, empty when saved.
    QString saveAsPdf(const QString& path);
    ReportPrintHeading heading() const;

    ReportTableModel& model() { return *m_model; }
    ReportChart* chart() const { return m_chart; }
    QTableView* table() const { return m_table; }
    ReportRunner& runner() { return *m_runner; }
    QString statusText() const;
    // Public-area apportionment (公摊), managers only: the button and the dialog it opens.
    QPushButton* apportionButton() const { return m_apportionButton; }
    ApportionDialog* openApportionment();
    // The apportionment groups: managers edit, auditors read (apportion.group.list's roles).
    QPushButton* apportionGroupsButton() const { return m_groupsButton; }
    ApportionGroupsDialog* openApportionGroups();

signals:
    void reportShown();
    void reportFailed(const QString& message);
    void exported(const QString& path, const QString& problem);
    void message(const QString& text);

private:
    void updateControls();
    void showReport(const ReportData& report);
    void chooseExport();
    void choosePdf();

    api::ServiceClient& m_client;
    QString m_officeName;
    ReportRunner* m_runner;
    ReportTableModel* m_model;
    ReportXlsxExport* m_export;
    QComboBox* m_report;
    QComboBox* m_preset;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QComboBox* m_granularity;
    QCheckBox* m_byCashier;
    QComboBox* m_level;
    QPushButton* m_run;
    QProgressBar* m_busy;
    QLabel* m_status;
    QTableView* m_table;
    ReportChart* m_chart;
    QComboBox* m_chartKind;
    QPushButton* m_exportButton;
    QPushButton* m_printButton;
    QPushButton* m_pdfButton;
    QPushButton* m_apportionButton;
    QPushButton* m_groupsButton;
    QString m_shownPeriod; // of the report shown, for its heading
    QDateTime m_generated;
};

} // namespace md::app

#include "reports_pane.h"

#include "admin_access.h"
#include "apportion_dialog.h"
#include "apportion_groups.h"
#include "approval_dialogs.h"
#include "report_print.h"
#include "report_xlsx.h"

#include "api/service_client.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDateEdit>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace md::app {

ReportsPane::ReportsPane(api::ServiceClient& client, QString officeName, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_officeName(std::move(officeName))
    , m_runner(new ReportRunner(client, this))
    , m_model(new ReportTableModel(this))
    , m_export(new ReportXlsxExport(this))
{
    m_report = new QComboBox(this);
    m_report->setObjectName(QStringLiteral("reportChoice"));
    for (const QString& method : reportMethodsFor(m_client.operatorInfo().value(u"role").toString()))
        m_report->addItem(reportName(method), method);

    m_preset = new QComboBox(this);
    m_preset->addItem(tr("Today"), int(PeriodPreset::Today));
    m_preset->addItem(tr("This month"), int(PeriodPreset::ThisMonth));
    m_preset->addItem(tr("Last month"), int(PeriodPreset::LastMonth));
    m_preset->addItem(tr("This year"), int(PeriodPreset::ThisYear));
    m_preset->addItem(tr("Custom"), -1);
    m_from = new QDateEdit(this);
    m_to = new QDateEdit(this);
    for (QDateEdit* e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        connect(e, &QDateEdit::userDateChanged, this, [this] { m_preset->setCurrentIndex(m_preset->count() - 1); });
    }
    m_granularity = new QComboBox(this);
    m_granularity->addItem(tr("By day"), QStringLiteral("day"));
    m_granularity->addItem(tr("By month"), QStringLiteral("month"));
    m_granularity->addItem(tr("By year"), QStringLiteral("year"));
    m_byCashier = new QCheckBox(tr("By cashier"), this);
    m_level = new QComboBox(this);
    m_level->addItem(tr("Alarm 1 and worse"), QStringLiteral("alarm1"));
    m_level->addItem(tr("Alarm 2 and worse"), QStringLiteral("alarm2"));
    m_level->addItem(tr("In arrears only"), QStringLiteral("arrears"));
    m_run = new QPushButton(tr("Run report (F5)"), this);
    m_run->setDefault(true);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // busy: the service does not tell how far it is
    m_busy->setMaximumWidth(160);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("reportStatus"));

    connect(m_preset, &QComboBox::activated, this, [this] {
        if (const int p = m_preset->currentData().toInt(); p >= 0)
            applyPreset(PeriodPreset(p));
    });
    connect(m_report, &QComboBox::currentIndexChanged, this, &ReportsPane::updateControls);
    connect(m_run, &QPushButton::clicked, this, &ReportsPane::run);
    auto* f5 = new QShortcut(QKeySequence(Qt::Key_F5), this, this, &ReportsPane::run);
    f5->setContext(Qt::WidgetWithChildrenShortcut);

    auto* choose = new QHBoxLayout;
    choose->addWidget(new QLabel(tr("Report:"), this));
    choose->addWidget(m_report);
    choose->addSpacing(12);
    choose->addWidget(new QLabel(tr("Period:"), this));
    choose->addWidget(m_preset);
    choose->addWidget(m_from);
    choose->addWidget(new QLabel(QStringLiteral("—"), this));
    choose->addWidget(m_to);
    choose->addWidget(m_granularity);
    choose->addWidget(m_byCashier);
    choose->addWidget(m_level);
    choose->addStretch(1);
    choose->addWidget(m_busy);
    choose->addWidget(m_run);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("reportTable"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    m_chart = new ReportChart(this);
    m_chartKind = new QComboBox(this);
    m_chartKind->setObjectName(QStringLiteral("chartKind"));
    m_chartKind->addItem(tr("Bar chart"), int(ReportChart::Kind::Bar));
    m_chartKind->addItem(tr("Line chart"), int(ReportChart::Kind::Line));
    connect(m_chartKind, &QComboBox::currentIndexChanged, this,
            [this] { m_chart->setKind(ReportChart::Kind(m_chartKind->currentData().toInt())); });

    m_exportButton = new QPushButton(tr("Export to Excel…"), this);
    m_printButton = new QPushButton(tr("Print…"), this);
    m_pdfButton = new QPushButton(tr("Save as PDF…"), this);
    connect(m_exportButton, &QPushButton::clicked, this, &ReportsPane::chooseExport);
    connect(m_pdfButton, &QPushButton::clicked, this, &ReportsPane::choosePdf);
    connect(m_printButton, &QPushButton::clicked, this, [this] {
        if (const QString problem = ReportPrinter::print(m_model->report(), heading(), this); !problem.isEmpty())
            QMessageBox::warning(this, tr("Print report"), problem);
    });
    // A manager shares a common meter's cost among its group's accounts from here; another
    // manager approves it in the approvals view.
    m_apportionButton = new QPushButton(tr("Public-area apportionment…"), this);
    m_apportionButton->setObjectName(QStringLiteral("apportionButton"));
    m_apportionButton->setVisible(operatorRole(m_client) == u"manager");
    connect(m_apportionButton, &QPushButton::clicked, this, [this] { openApportionment(); });
    // The groups it shares by: a manager edits them, an auditor reads them (the service's table).
    m_groupsButton = new QPushButton(tr("Apportionment groups…"), this);
    m_groupsButton->setObjectName(QStringLiteral("apportionGroupsButton"));
    m_groupsButton->setVisible(roleMayCall(operatorRole(m_client), QStringLiteral("apportion.group.list")));
    connect(m_groupsButton, &QPushButton::clicked, this, [this] { openApportionGroups(); });
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(m_groupsButton);
    actions->addWidget(m_apportionButton);
    actions->addWidget(new QLabel(tr("Chart:"), this));
    actions->addWidget(m_chartKind);
    actions->addWidget(m_exportButton);
    actions->addWidget(m_printButton);
    actions->addWidget(m_pdfButton);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(choose);
    layout->addWidget(split, 1);
    layout->addLayout(actions);

    connect(m_runner, &ReportRunner::started, this, [this] {
        m_busy->show();
        m_status->setText(tr("Asking the service for the report…"));
        updateControls();
    });
    connect(m_runner, &ReportRunner::finished, this, &ReportsPane::showReport);
    connect(m_runner, &ReportRunner::failed, this, [this](const QString& why) {
        m_busy->hide();
        m_status->setText(tr("The report could not be made: %1").arg(why));
        updateControls();
        emit reportFailed(why);
    });
    connect(m_export, &ReportXlsxExport::finished, this, [this](const QString& path, const QString& problem) {
        m_exportButton->setEnabled(!m_model->report().isEmpty());
        const QString text = problem.isEmpty() ? tr("Exported to %1").arg(QDir::toNativeSeparators(path)) : problem;
        m_status->setText(text);
        emit message(text);
        emit exported(path, problem);
    });

    applyPreset(PeriodPreset::ThisMonth);
    updateControls();
}

ReportRequest ReportsPane::request() const
{
    ReportRequest r;
    r.method = m_report->currentData().toString();
    r.from = m_from->date();
    r.to = m_to->date();
    r.granularity = m_granularity->currentData().toString();
    r.byCashier = m_byCashier->isChecked();
    r.atLeast = m_level->currentData().toString();
    return r;
}

void ReportsPane::setRequest(const ReportRequest& r)
{
    if (const int i = m_report->findData(r.method); i >= 0)
        m_report->setCurrentIndex(i);
    m_from->setDate(r.from);
    m_to->setDate(r.to);
    m_preset->setCurrentIndex(m_preset->count() - 1);
    if (const int i = m_granularity->findData(r.granularity); i >= 0)
        m_granularity->setCurrentIndex(i);
    m_byCashier->setChecked(r.byCashier);
    if (const int i = m_level->findData(r.atLeast); i >= 0)
        m_level->setCurrentIndex(i);
    updateControls();
}

void ReportsPane::applyPreset(PeriodPreset preset)
{
    const Period p = presetPeriod(preset, QDate::currentDate());
    m_from->setDate(p.from);
    m_to->setDate(p.to);
    m_preset->setCurrentIndex(m_preset->findData(int(preset)));
}

QStringList ReportsPane::offeredReports() const
{
    QStringList out;
    for (int i = 0; i < m_report->count(); ++i)
        out.append(m_report->itemData(i).toString());
    return out;
}

QString ReportsPane::statusText() const
{
    return m_status->text();
}

void ReportsPane::updateControls()
{
    const QString method = m_report->currentData().toString();
    const bool period = method != u"report.arrears";
    for (QWidget* w : std::initializer_list<QWidget*>{m_preset, m_from, m_to})
        w->setVisible(period);
    m_granularity->setVisible(method == u"report.sales");
    m_byCashier->setVisible(method == u"report.sales");
    m_level->setVisible(method == u"report.arrears");
    m_run->setEnabled(!method.isEmpty());
    const bool shown = !m_model->report().isEmpty();
    m_exportButton->setEnabled(shown);
    m_printButton->setEnabled(shown);
    m_pdfButton->setEnabled(shown);
}

void ReportsPane::run()
{
    const ReportRequest r = request();
    if (r.method.isEmpty())
        return;
    if (r.hasPeriod() && r.to < r.from) {
        m_status->setText(tr("The period ends before it begins."));
        return;
    }
    m_runner->run(r);
}

void ReportsPane::showReport(const ReportData& report)
{
    m_busy->hide();
    m_shownPeriod = m_runner->request().periodText();
    m_generated = QDateTime::currentDateTime();
    m_model->setReport(report);
    m_chart->setReport(report);
    m_table->resizeColumnsToContents();
    m_status->setText(tr("%1: %n row(s)", nullptr, int(report.rows.size())).arg(report.title));
    updateControls();
    emit reportShown();
}

ReportPrintHeading ReportsPane::heading() const
{
    ReportPrintHeading h;
    h.office = m_officeName;
    h.period = m_shownPeriod;
    h.generated = m_generated;
    const QJsonObject who = m_client.operatorInfo();
    h.operatorName = who.value(u"display_name").toString();
    if (h.operatorName.isEmpty())
        h.operatorName = who.value(u"name").toString();
    return h;
}

void ReportsPane::exportTo(const QString& path)
{
    m_exportButton->setEnabled(false);
    m_status->setText(tr("Exporting…"));
    m_export->start(path, m_model->report(), ReportPrinter::headingLines(heading()));
}

QString ReportsPane::saveAsPdf(const QString& path)
{
    QString error;
    if (!ReportPrinter::saveAsPdf(path, m_model->report(), heading(), &error))
        return error;
    m_status->setText(tr("Saved as %1").arg(QDir::toNativeSeparators(path)));
    return {};
}

void ReportsPane::chooseExport()
{
    const ReportData& r = m_model->report();
    const QString name = QStringLiteral("%1 %2.xlsx").arg(r.title, m_from->date().toString(QStringLiteral("yyyyMMdd")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report to Excel"), name, tr("Excel workbooks (*.xlsx)"));
    if (!path.isEmpty())
        exportTo(path);
}

void ReportsPane::choosePdf()
{
    const ReportData& r = m_model->report();
    const QString name = QStringLiteral("%1 %2.pdf").arg(r.title, m_from->date().toString(QStringLiteral("yyyyMMdd")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save report as PDF"), name, tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    if (const QString problem = saveAsPdf(path); !problem.isEmpty())
        QMessageBox::warning(this, tr("Save report as PDF"), problem);
}

ApportionGroupsDialog* ReportsPane::openApportionGroups()
{
    auto* dialog = new ApportionGroupsDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

ApportionDialog* ReportsPane::openApportionment()
{
    auto* dialog = new ApportionDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

} // namespace md::app

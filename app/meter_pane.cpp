#include "meter_pane.h"

#include "batch_dialog.h"
#include "meter_list_loader.h"
#include "meter_model.h"
#include "meter_swap_dialog.h"
#include "meter_xlsx_export.h"
#include "property_tree_model.h"
#include "state_legend.h"

#include "api/service_client.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace md::app {

MeterPane::MeterPane(api::ServiceClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
{
    m_model = new MeterModel(this);
    m_tree = new PropertyTreeModel(this);
    m_loader = new MeterListLoader(m_client, *m_model, *m_tree, this);
    m_export = new MeterXlsxExport(this);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(MeterModel::SearchRole);
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(MeterModel::SortRole);

    m_treeView = new QTreeView(this);
    m_treeView->setModel(m_tree);
    m_treeView->header()->setSectionResizeMode(PropertyTreeModel::Name, QHeaderView::Stretch);
    m_treeView->header()->setSectionResizeMode(PropertyTreeModel::Meters, QHeaderView::ResizeToContents);
    m_treeView->header()->setStretchLastSection(false);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (!m_restoringTree)
                    m_loader->setFilter(PropertyTreeModel::filterOf(current));
            });
    connect(m_loader, &MeterListLoader::treeLoaded, m_treeView, [this] {
        m_treeView->expandToDepth(1);
        // The reloaded tree keeps the node the grid shows selected.
        const QJsonObject f = m_loader->filter();
        if (f.isEmpty())
            return;
        static const char16_t* const kKeys[] = {u"site", u"building", u"unit", u"room"};
        for (int k = 0; k < 4; ++k) {
            if (!f.contains(QStringView(kKeys[k])))
                continue;
            const QModelIndex at = m_tree->find(PropertyTreeModel::Kind(k), f.value(QStringView(kKeys[k])).toInteger());
            m_restoringTree = true;
            m_treeView->setCurrentIndex(at);
            m_restoringTree = false;
        }
    });
    auto* all = new QPushButton(tr("All meters"), this);
    connect(all, &QPushButton::clicked, this, [this] {
        m_treeView->selectionModel()->clear(); // currentChanged to invalid: every meter
        if (!m_loader->filter().isEmpty())
            m_loader->setFilter({});
    });

    m_grid = new QTableView(this);
    m_grid->setModel(m_proxy);
    m_grid->setSortingEnabled(true);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->verticalHeader()->hide();
    m_grid->verticalHeader()->setDefaultSectionSize(m_grid->fontMetrics().height() + 6);
    // Sized to the contents once, when the first list arrives (not ResizeToContents, which
    // would measure rows on every refresh); the operator's widths stay after that.
    m_grid->horizontalHeader()->setResizeContentsPrecision(200);
    m_grid->horizontalHeader()->setStretchLastSection(true);
    connect(m_loader, &MeterListLoader::metersLoaded, this, [this](int count) {
        if (m_sized || count == 0)
            return;
        m_sized = true;
        m_grid->resizeColumnsToContents();
    });
    m_grid->sortByColumn(MeterModel::Room, Qt::AscendingOrder);
    connect(m_grid, &QTableView::activated, this, [this](const QModelIndex& index) {
        const MeterRow& r = m_model->rowAt(m_proxy->mapToSource(index).row());
        if (!r.accountCode.isEmpty())
            emit accountActivated(r.accountCode);
    });

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search room, tenant, phone or meter number"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateShown();
    });

    m_legend = new StateLegend(this);
    connect(m_loader, &MeterListLoader::countsChanged, m_legend, &StateLegend::setCounts);

    m_batch = new QPushButton(tr("Batch operations…"), this);
    connect(m_batch, &QPushButton::clicked, this, [this] { openBatch(); });
    m_swap = new QPushButton(tr("Swap meter…"), this);
    m_swap->setObjectName(QStringLiteral("swapMeterButton"));
    connect(m_swap, &QPushButton::clicked, this, [this] { openSwap(); });
    m_exportButton = new QPushButton(tr("Export to Excel…"), this);
    connect(m_exportButton, &QPushButton::clicked, this, &MeterPane::chooseExportFile);
    auto* refresh = new QPushButton(tr("Refresh"), this);
    connect(refresh, &QPushButton::clicked, m_loader, &MeterListLoader::reloadAll);
    m_shown = new QLabel(this);
    // A refresh (an event, a reconnect) keeps the operator's selection and current meter.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_keptSelection.clear();
        for (const BatchRun::Item& i : selectedMeters())
            m_keptSelection.insert(i.meter);
        const QModelIndex current = m_grid->currentIndex();
        m_keptCurrent = current.isValid() ? m_model->rowAt(m_proxy->mapToSource(current).row()).id : 0;
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        QItemSelection keep;
        for (qint64 id : std::as_const(m_keptSelection)) {
            const int row = m_model->rowOfMeter(id);
            if (row < 0)
                continue;
            const QModelIndex at = m_proxy->mapFromSource(m_model->index(row, 0));
            if (at.isValid())
                keep.select(at, at.siblingAtColumn(MeterModel::Count - 1));
        }
        if (!keep.isEmpty())
            m_grid->selectionModel()->select(keep, QItemSelectionModel::ClearAndSelect);
        if (const int row = m_model->rowOfMeter(m_keptCurrent); row >= 0)
            m_grid->selectionModel()->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, 0)), QItemSelectionModel::NoUpdate);
        // A swapped-in meter, once listed, is the current and only selected row.
        if (const int row = m_model->rowOfMeter(m_pendingCurrent); m_pendingCurrent != 0 && row >= 0) {
            const QModelIndex at = m_proxy->mapFromSource(m_model->index(row, 0));
            if (at.isValid()) {
                m_grid->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                m_grid->scrollTo(at);
            }
            m_pendingCurrent = 0;
        }
        updateShown();
    });
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MeterPane::updateShown);
    connect(m_export, &MeterXlsxExport::finished, this, [this](const QString& path, const QString& problem, qint64 ms) {
        m_exportButton->setEnabled(true);
        emit message(problem.isEmpty() ? tr("Exported to %1 (%2 ms)").arg(path).arg(ms) : problem);
        emit exported(path, problem, ms);
    });
    connect(m_loader, &MeterListLoader::failed, this, &MeterPane::message);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(all);
    leftLayout->addWidget(m_treeView, 1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_batch);
    top->addWidget(m_swap);
    top->addWidget(m_exportButton);
    top->addWidget(refresh);
    rightLayout->addLayout(top);
    rightLayout->addWidget(m_grid, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_legend, 1);
    bottom->addWidget(m_shown);
    rightLayout->addLayout(bottom);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({240, 760});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    // A new session (login or reconnect) may have missed events: ask again then, not on a timer.
    connect(&m_client, &api::ServiceClient::stateChanged, this, [this](api::ServiceClient::State s) {
        updateRole();
        if (s == api::ServiceClient::State::Ready)
            m_loader->reloadAll();
    });
    updateRole();
    updateShown();
    if (m_client.state() == api::ServiceClient::State::Ready)
        m_loader->reloadAll();
}

void MeterPane::updateRole()
{
    // meter.control is the manager's (docs/roles.md); the service refuses others anyway.
    const bool manager = m_client.operatorInfo().value(u"role").toString() == u"manager";
    m_batch->setEnabled(manager);
    m_batch->setToolTip(manager ? tr("Force on, restore prepaid, trip or close the selected meters")
                                : tr("Only a manager may switch meters remotely"));
    // meter.swap is the engineer's and the manager's (docs/roles.md).
    const QString role = m_client.operatorInfo().value(u"role").toString();
    const bool swapper = role == u"engineer" || role == u"manager";
    m_swap->setEnabled(swapper);
    m_swap->setToolTip(swapper ? tr("Replace the current meter: its final reading is billed, the new meter joins its account")
                               : tr("Only an engineer or a manager may swap meters"));
}

qint64 MeterPane::currentMeter() const
{
    const QModelIndex current = m_grid->currentIndex();
    return current.isValid() ? m_model->rowAt(m_proxy->mapToSource(current).row()).id : 0;
}

QString MeterPane::currentAccountCode() const
{
    const QModelIndex current = m_grid->currentIndex();
    return current.isValid() ? m_model->rowAt(m_proxy->mapToSource(current).row()).accountCode : QString();
}

MeterSwapDialog* MeterPane::openSwap()
{
    if (!m_swap->isEnabled())
        return nullptr;
    const qint64 meter = currentMeter();
    if (meter == 0) {
        emit message(tr("Select the meter to swap first"));
        return nullptr;
    }
    auto* dialog = new MeterSwapDialog(m_client, meter, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MeterSwapDialog::swapped, this, [this](const QJsonObject& result) {
        // The new meter becomes the current row when the reloaded list arrives.
        m_pendingCurrent = result.value(u"new").toInteger();
        m_loader->reloadAll();
        emit message(tr("Meter %1 swapped for %2").arg(result.value(u"old_meter").toObject().value(u"nameplate").toString(),
                                                       result.value(u"new_meter").toObject().value(u"nameplate").toString()));
    });
    dialog->open();
    return dialog;
}

void MeterPane::updateShown()
{
    const int selected = int(m_grid->selectionModel()->selectedRows().size());
    m_shown->setText(tr("%1 of %2 meters shown, %3 selected").arg(m_proxy->rowCount()).arg(m_model->rowCount()).arg(selected));
}

QList<BatchRun::Item> MeterPane::selectedMeters() const
{
    QModelIndexList rows = m_grid->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<BatchRun::Item> out;
    for (const QModelIndex& i : rows) {
        const MeterRow& r = m_model->rowAt(m_proxy->mapToSource(i).row());
        BatchRun::Item item;
        item.meter = r.id;
        item.nameplate = r.nameplate;
        item.room = r.roomPath;
        out.append(item);
    }
    return out;
}

BatchDialog* MeterPane::openBatch()
{
    const QList<BatchRun::Item> meters = selectedMeters();
    if (!m_batch->isEnabled())
        return nullptr;
    if (meters.isEmpty()) {
        emit message(tr("Select the meters first (Ctrl or Shift and click for several)"));
        return nullptr;
    }
    auto* dialog = new BatchDialog(m_client, meters, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show(); // modeless: the desk keeps working while relays switch
    return dialog;
}

void MeterPane::chooseExportFile()
{
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/')
                              + tr("meters-%1.xlsx").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export meters to Excel"), suggested, tr("Excel workbooks (*.xlsx)"));
    if (!path.isEmpty())
        exportTo(path);
}

void MeterPane::exportTo(const QString& path)
{
    QList<MeterRow> rows;
    rows.reserve(m_proxy->rowCount());
    for (int i = 0; i < m_proxy->rowCount(); ++i)
        rows.append(m_model->rowAt(m_proxy->mapToSource(m_proxy->index(i, 0)).row()));
    m_exportButton->setEnabled(false);
    m_export->start(path, std::move(rows));
}

} // namespace md::app

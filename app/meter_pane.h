#pragma once

#include "batch_run.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTreeView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class BatchDialog;
class MeterListLoader;
class MeterModel;
class MeterSwapDialog;
class MeterXlsxExport;
class PropertyTreeModel;
class StateLegend;

// The meters (表计) view of the desk: the property tree beside the colour-coded meter grid, a
// search box, the legend with counts, batch operations on the selection (managers) and the
// Excel export of what is listed.
class MeterPane : public QWidget
{
    Q_OBJECT

public:
    explicit MeterPane(api::ServiceClient& client, QWidget* parent = nullptr);

    MeterModel& model() const { return *m_model; }
    PropertyTreeModel& treeModel() const { return *m_tree; }
    MeterListLoader& loader() const { return *m_loader; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* grid() const { return m_grid; }
    QTreeView* tree() const { return m_treeView; }
    QLineEdit* searchBox() const { return m_search; }
    QPushButton* batchButton() const { return m_batch; }
    QPushButton* swapButton() const { return m_swap; }
    StateLegend* legend() const { return m_legend; }

    // The selected meters of the grid, in the grid's order.
    QList<BatchRun::Item> selectedMeters() const;
    // Opens the batch dialog for the selection (modeless); null when nothing is selected or the
    // operator may not.
    BatchDialog* openBatch();
    // The meter swap dialog (换表) for the current meter (engineer, manager); null when there is
    // none or the operator may not. When it succeeds the grid is reloaded and the new meter made current.
    MeterSwapDialog* openSwap();
    // The current row's meter id and account number (0 and "" when none).
    qint64 currentMeter() const;
    QString currentAccountCode() const;
    // Writes the listed meters (the grid's filter and order) to path, off the GUI thread.
    void exportTo(const QString& path);

signals:
    // A meter's row was activated (double-click, Enter): its account number, for its detail
    // window (F2 recharges the current meter's account).
    void accountActivated(const QString& accountCode);
    void exported(const QString& path, const QString& problem, qint64 elapsedMs);
    void message(const QString& text);

private:
    void updateRole();
    void updateShown();
    void chooseExportFile();

    api::ServiceClient& m_client;
    MeterModel* m_model;
    PropertyTreeModel* m_tree;
    MeterListLoader* m_loader;
    MeterXlsxExport* m_export;
    QSortFilterProxyModel* m_proxy;
    QTreeView* m_treeView;
    QTableView* m_grid;
    QLineEdit* m_search;
    StateLegend* m_legend;
    QPushButton* m_batch;
    QPushButton* m_swap;
    QPushButton* m_exportButton;
    QLabel* m_shown;
    bool m_restoringTree = false;
    bool m_sized = false;
    QSet<qint64> m_keptSelection; // across a refresh
    qint64 m_keptCurrent = 0;
    qint64 m_pendingCurrent = 0; // a swapped-in meter to make current once it is listed
};

} // namespace md::app

#pragma once

#include "admin_access.h"

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class BusDiagnosticsModel;
class MeterDiagnosticsModel;

// Bus diagnostics (总线诊断): bus.diagnostics per bus and per meter, refreshed on demand; for the
// engineer and the manager also an address scan of a bus (bus.scan, its progress from the
// event.bus.scan_found / scan_finished notifications) and read-now (召测, meter.read_now) of
// the selected meters. Shown, it refreshes after every collection cycle (event.cycle.finished).
// A service that reads no meters says so in place of the tables.
class BusDiagnosticsView : public QWidget
{
    Q_OBJECT

public:
    BusDiagnosticsView(api::ServiceClient& client, const AdminAccess& access, QWidget* parent = nullptr);

    void refresh();
    void scan(const QString& bus, const QString& protocol, int first, int last);
    void readSelected();

    BusDiagnosticsModel& buses() { return *m_buses; }
    MeterDiagnosticsModel& meters() { return *m_meters; }
    QTableView* meterTable() const { return m_meterTable; }
    bool showsMessage() const;   // the service's message instead of the tables
    QString messageText() const;
    QString statusText() const;
    QStringList scanFound() const { return m_found; }
    bool scanning() const { return !m_scanBus.isEmpty(); }

signals:
    void refreshed();
    void refreshFailed(const QString& message);
    void scanFinished(const QString& bus, int found);
    void readQueued(int meters);

private:
    void onNotification(const QString& method, const QJsonObject& params);
    void showStatus(const QString& text, bool problem = false);
    void updateButtons();

    api::ServiceClient& m_client;
    AdminAccess m_access;
    BusDiagnosticsModel* m_buses;
    MeterDiagnosticsModel* m_meters;
    QStackedWidget* m_stack;
    QLabel* m_message;
    QTableView* m_busTable;
    QTableView* m_meterTable;
    QLabel* m_unreachable;
    QLabel* m_status;
    QPushButton* m_readNow = nullptr;
    QComboBox* m_scanBusChoice = nullptr;
    QComboBox* m_protocol = nullptr;
    QSpinBox* m_first = nullptr;
    QSpinBox* m_last = nullptr;
    QPushButton* m_scanButton = nullptr;
    QWidget* m_scanBox = nullptr;
    QProgressBar* m_scanBusy = nullptr;
    QString m_scanBus; // the bus being scanned; empty when none
    QStringList m_found;
};

} // namespace md::app

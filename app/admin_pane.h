#pragma once

#include "admin_access.h"

#include <QWidget>

class QTabWidget;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class AuditViewer;
class BusDiagnosticsView;
class OperatorAdmin;

// The administration tab (系统管理): operators and roles, the audit log and bus diagnostics,
// each part only for the roles the service lets use it. A part loads when first shown.
class AdminPane : public QWidget
{
    Q_OBJECT

public:
    AdminPane(api::ServiceClient& client, const AdminAccess& access, QWidget* parent = nullptr);

    // Null when the role may not use that part.
    OperatorAdmin* operators() const { return m_operators; }
    AuditViewer* audit() const { return m_audit; }
    BusDiagnosticsView* diagnostics() const { return m_diagnostics; }
    QTabWidget* parts() const { return m_parts; }

signals:
    void message(const QString& text);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void loadCurrent();

    QTabWidget* m_parts;
    OperatorAdmin* m_operators = nullptr;
    AuditViewer* m_audit = nullptr;
    BusDiagnosticsView* m_diagnostics = nullptr;
    QList<QWidget*> m_loaded;
};

} // namespace md::app

#include "admin_pane.h"

#include "audit_viewer.h"
#include "bus_diagnostics_view.h"
#include "operator_admin.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace md::app {

AdminPane::AdminPane(api::ServiceClient& client, const AdminAccess& access, QWidget* parent)
    : QWidget(parent)
{
    m_parts = new QTabWidget(this);
    m_parts->setObjectName(QStringLiteral("adminParts"));
    m_parts->setDocumentMode(true);
    if (access.operators()) {
        m_operators = new OperatorAdmin(client, access, this);
        connect(m_operators, &OperatorAdmin::message, this, &AdminPane::message);
        m_parts->addTab(m_operators, tr("Operators and roles"));
    }
    if (access.audit()) {
        m_audit = new AuditViewer(client, access, this);
        m_parts->addTab(m_audit, tr("Audit log"));
    }
    if (access.diagnostics) {
        m_diagnostics = new BusDiagnosticsView(client, access, this);
        m_parts->addTab(m_diagnostics, tr("Bus diagnostics"));
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_parts);
    connect(m_parts, &QTabWidget::currentChanged, this, [this] {
        if (isVisible())
            loadCurrent();
    });
}

void AdminPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    loadCurrent();
}

// Each part asks the service the first time it is shown; afterwards its own buttons refresh it.
void AdminPane::loadCurrent()
{
    QWidget* current = m_parts->currentWidget();
    if (!current || m_loaded.contains(current))
        return;
    m_loaded.append(current);
    if (current == m_operators)
        m_operators->refresh();
    else if (current == m_audit)
        m_audit->search();
    else if (current == m_diagnostics)
        m_diagnostics->refresh();
}

} // namespace md::app

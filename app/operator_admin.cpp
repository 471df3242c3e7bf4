#include "operator_admin.h"

#include "operator_dialogs.h"
#include "operator_model.h"

#include "api/service_client.h"
#include "auth/role.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace md::app {

OperatorAdmin::OperatorAdmin(api::ServiceClient& client, const AdminAccess& access, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_access(access)
    , m_model(new OperatorModel(this))
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("operatorTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(OperatorModel::DisplayName, QHeaderView::Stretch);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("operatorStatus"));
    m_status->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    if (m_access.changeOperators) {
        auto* create = new QPushButton(tr("New operator…"), this);
        connect(create, &QPushButton::clicked, this, [this] { openCreate(); });
        buttons->addWidget(create);
        buttons->addSpacing(16);
        buttons->addWidget(new QLabel(tr("Role:"), this));
        m_role = new QComboBox(this);
        m_role->setObjectName(QStringLiteral("roleChoice"));
        for (Role r : kAllRoles)
            m_role->addItem(roleName(r), roleKey(r));
        buttons->addWidget(m_role);
        m_applyRole = new QPushButton(tr("Change role"), this);
        connect(m_applyRole, &QPushButton::clicked, this, [this] { applyRole(m_role->currentData().toString()); });
        buttons->addWidget(m_applyRole);
        buttons->addSpacing(16);
        m_active = new QPushButton(tr("Deactivate"), this);
        connect(m_active, &QPushButton::clicked, this, &OperatorAdmin::toggleActive);
        buttons->addWidget(m_active);
        m_reset = new QPushButton(tr("Reset password…"), this);
        m_reset->setToolTip(tr("A new temporary password, shown once; also lifts a lockout"));
        connect(m_reset, &QPushButton::clicked, this, &OperatorAdmin::resetPassword);
        buttons->addWidget(m_reset);
    } else {
        buttons->addWidget(new QLabel(tr("Read only: only an administrator changes operators."), this));
    }
    buttons->addStretch(1);
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    connect(refreshButton, &QPushButton::clicked, this, &OperatorAdmin::refresh);
    buttons->addWidget(refreshButton);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OperatorAdmin::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OperatorAdmin::updateButtons);
    updateButtons();
}

QString OperatorAdmin::statusText() const
{
    return m_status->text();
}

void OperatorAdmin::showStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b71c1c;") : QString());
}

void OperatorAdmin::refresh()
{
    const QString keep = selectedName();
    api::ApiReply* reply = m_client.call(QStringLiteral("operator.list"));
    connect(reply, &api::ApiReply::finished, this, [this, keep](const QJsonObject& result) {
        m_model->replaceAll(result.value(u"operators").toArray());
        m_loaded = true;
        if (const int row = m_model->rowOf(keep); row >= 0)
            m_table->selectRow(row);
        emit refreshed();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { showStatus(f.message, true); });
}

qint64 OperatorAdmin::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_model->rowAt(rows.first().row()).id;
}

QString OperatorAdmin::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->rowAt(rows.first().row()).name;
}

void OperatorAdmin::updateButtons()
{
    if (!m_access.changeOperators)
        return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool any = !rows.isEmpty();
    for (QWidget* w : {static_cast<QWidget*>(m_applyRole), static_cast<QWidget*>(m_active), static_cast<QWidget*>(m_reset)})
        w->setEnabled(any);
    if (any) {
        const OperatorRow& r = m_model->rowAt(rows.first().row());
        m_active->setText(r.active ? tr("Deactivate") : tr("Activate"));
        m_role->setCurrentIndex(m_role->findData(r.role));
    }
}

OperatorCreateDialog* OperatorAdmin::openCreate()
{
    auto* dialog = new OperatorCreateDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OperatorCreateDialog::created, this, [this](const QJsonObject& result) {
        const QString text = tr("Operator %1 created.").arg(result.value(u"name").toString());
        showStatus(text);
        emit changed(text);
        refresh();
    });
    dialog->open();
    return dialog;
}

void OperatorAdmin::change(const QString& method, const QJsonObject& params, const QString& done)
{
    api::ApiReply* reply = m_client.call(method, params);
    connect(reply, &api::ApiReply::finished, this, [this, done](const QJsonObject&) {
        showStatus(done);
        emit changed(done);
        emit message(done);
        refresh();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { showStatus(f.message, true); });
}

void OperatorAdmin::applyRole(const QString& key)
{
    const qint64 id = selectedId();
    const std::optional<Role> role = parseRole(key);
    if (id <= 0 || !role)
        return;
    change(QStringLiteral("operator.set_role"), {{QStringLiteral("id"), id}, {QStringLiteral("role"), key}},
           tr("%1 is now %2.").arg(selectedName(), roleName(*role)));
}

void OperatorAdmin::toggleActive()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const OperatorRow r = m_model->rowAt(rows.first().row());
    const QJsonObject params{{QStringLiteral("id"), r.id}, {QStringLiteral("active"), !r.active}};
    if (!r.active) {
        change(QStringLiteral("operator.set_active"), params, tr("%1 is active again.").arg(r.name));
        return;
    }
    auto* ask = new QMessageBox(QMessageBox::Question, tr("Deactivate operator"),
                                tr("Deactivate %1? They can no longer log in, and their open sessions end.").arg(r.name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::buttonClicked, this, [this, ask, params, name = r.name](QAbstractButton* b) {
        if (ask->standardButton(b) == QMessageBox::Yes)
            change(QStringLiteral("operator.set_active"), params, tr("%1 is deactivated.").arg(name));
    });
    ask->open();
}

void OperatorAdmin::resetPassword()
{
    const qint64 id = selectedId();
    const QString name = selectedName();
    if (id <= 0)
        return;
    auto* ask = new QMessageBox(QMessageBox::Question, tr("Reset password"),
                                tr("Give %1 a new temporary password? The old one stops working.").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::buttonClicked, this, [this, ask, id, name](QAbstractButton* b) {
        if (ask->standardButton(b) != QMessageBox::Yes)
            return;
        api::ApiReply* reply =
            m_client.call(QStringLiteral("operator.reset_password"), {{QStringLiteral("id"), id}}, api::ServiceClient::Resend::No);
        connect(reply, &api::ApiReply::finished, this, [this, name](const QJsonObject& result) {
            auto* shown = new TemporaryPasswordDialog(name, result.value(u"temporary_password").toString(), this);
            shown->setAttribute(Qt::WA_DeleteOnClose);
            shown->open();
            const QString text = tr("New temporary password for %1.").arg(name);
            showStatus(text);
            emit changed(text);
            refresh();
        });
        connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { showStatus(f.message, true); });
    });
    ask->open();
}

} // namespace md::app

#include "apportion_groups.h"

#include "admin_access.h"
#include "apportion_group_editor.h"
#include "apportion_group_model.h"

#include "api/api_reply.h"
#include "api/service_client.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace md::app {

ApportionGroupsDialog::ApportionGroupsDialog(api::ServiceClient& client, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_model(new ApportionGroupModel(this))
{
    setWindowTitle(tr("Apportionment groups"));
    const QString role = m_client.operatorInfo().value(u"role").toString();
    m_mayEdit = roleMayCall(role, QStringLiteral("apportion.group.create")) && roleMayCall(role, QStringLiteral("apportion.group.update"));

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("apportionGroups"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("apportionGroupsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_new = buttons->addButton(tr("&New group…"), QDialogButtonBox::ActionRole);
    m_edit = buttons->addButton(tr("&Edit…"), QDialogButtonBox::ActionRole);
    auto* refresh = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    m_new->setVisible(m_mayEdit);
    m_edit->setVisible(m_mayEdit);
    connect(m_new, &QPushButton::clicked, this, [this] { openNew(); });
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (const QModelIndex i = m_view->currentIndex(); i.isValid())
            openEdit(i.row());
    });
    connect(refresh, &QPushButton::clicked, this, &ApportionGroupsDialog::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex& i) { openEdit(i.row()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ApportionGroupsDialog::updateButtons);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(860, 420);
    updateButtons();
    reload();
}

void ApportionGroupsDialog::updateButtons()
{
    m_edit->setEnabled(m_view->currentIndex().isValid());
}

void ApportionGroupsDialog::reload()
{
    api::ApiReply* reply = m_client.call(QStringLiteral("apportion.group.list"));
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const QString current = m_view->currentIndex().isValid() ? m_model->groupAt(m_view->currentIndex().row()).value(u"name").toString()
                                                                 : QString();
        m_model->replaceAll(result.value(u"groups").toArray());
        if (const int row = m_model->rowOf(current); row >= 0)
            m_view->setCurrentIndex(m_model->index(row, 0));
        m_status->setStyleSheet(QString());
        if (m_model->rowCount() == 0)
            m_status->setText(m_mayEdit ? tr("No group yet: a group shares a common meter (one of no account) among accounts. "
                                             "Create one with \"New group…\".")
                                        : tr("No group yet."));
        else
            m_status->setText(m_mayEdit ? tr("%n group(s). Double-click one to edit it.", nullptr, m_model->rowCount())
                                        : tr("%n group(s). Read only: a manager changes them.", nullptr, m_model->rowCount()));
        if (!m_saved.isEmpty()) // what was just saved stays said until the next change
            m_status->setText(m_saved + QLatin1Char(' ') + m_status->text());
        updateButtons();
        emit loaded();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_status->setText(f.message);
        m_status->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
        emit failed(f.message);
    });
}

ApportionGroupEditor* ApportionGroupsDialog::openEditor(const QJsonObject& group)
{
    if (!m_mayEdit)
        return nullptr;
    auto* editor = new ApportionGroupEditor(m_client, group, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &ApportionGroupEditor::saved, this, [this](const QJsonObject& g) {
        m_saved = tr("Saved: %1.").arg(g.value(u"name").toString());
        reload();
    });
    editor->open();
    return editor;
}

ApportionGroupEditor* ApportionGroupsDialog::openNew()
{
    return openEditor({});
}

ApportionGroupEditor* ApportionGroupsDialog::openEdit(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return nullptr;
    return openEditor(m_model->groupAt(row));
}

} // namespace md::app

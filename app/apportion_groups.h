#pragma once

#include <QDialog>

class QLabel;
class QPushButton;
class QTableView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class ApportionGroupEditor;
class ApportionGroupModel;

// The apportionment groups (公摊分组) from the reports tab: every group with its common meter,
// tariff, method, members, whether active, remarks. A manager creates and edits them
// (ApportionGroupEditor); a role that may only list them (the auditor) sees them read-only —
// both as the service's role table (common/auth/permissions.cpp) says.
class ApportionGroupsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ApportionGroupsDialog(api::ServiceClient& client, QWidget* parent = nullptr);

    ApportionGroupModel& model() const { return *m_model; }
    QTableView* view() const { return m_view; }
    QPushButton* newButton() const { return m_new; }
    QPushButton* editButton() const { return m_edit; }
    QLabel* statusLabel() const { return m_status; }
    bool mayEdit() const { return m_mayEdit; }

    void reload();
    // Opens the editor (non-modal, deleted on close); nullptr when the role may not edit.
    ApportionGroupEditor* openNew();
    ApportionGroupEditor* openEdit(int row);

signals:
    void loaded();
    void failed(const QString& message);

private:
    ApportionGroupEditor* openEditor(const QJsonObject& group);
    void updateButtons();

    api::ServiceClient& m_client;
    ApportionGroupModel* m_model;
    QTableView* m_view;
    QPushButton* m_new;
    QPushButton* m_edit;
    QLabel* m_status;
    bool m_mayEdit = false;
    QString m_saved; // "Saved: name." after an editor saved
};

} // namespace md::app

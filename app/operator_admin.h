#pragma once

#include "admin_access.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class OperatorModel;
class OperatorCreateDialog;

// Operators and roles (操作员与角色): the list, and for the administrator new operator (the
// temporary password shown once), change of role, activate/deactivate and password reset.
// An auditor sees the list only. Every call is asynchronous; the list is read again after
// each change.
class OperatorAdmin : public QWidget
{
    Q_OBJECT

public:
    OperatorAdmin(api::ServiceClient& client, const AdminAccess& access, QWidget* parent = nullptr);

    void refresh();
    OperatorModel& model() { return *m_model; }
    QTableView* table() const { return m_table; }
    bool loaded() const { return m_loaded; }
    QString statusText() const;

    // The actions on the selected operator (the buttons call these).
    OperatorCreateDialog* openCreate();
    void applyRole(const QString& roleKey);
    void toggleActive(); // asks first when deactivating
    void resetPassword(); // asks first

signals:
    void refreshed();
    void changed(const QString& what); // after a successful change
    void message(const QString& text);

private:
    qint64 selectedId() const;
    QString selectedName() const;
    void updateButtons();
    void change(const QString& method, const QJsonObject& params, const QString& done);
    void showStatus(const QString& text, bool problem = false);

    api::ServiceClient& m_client;
    AdminAccess m_access;
    OperatorModel* m_model;
    QTableView* m_table;
    QComboBox* m_role = nullptr;
    QPushButton* m_applyRole = nullptr;
    QPushButton* m_active = nullptr;
    QPushButton* m_reset = nullptr;
    QLabel* m_status;
    bool m_loaded = false;
};

} // namespace md::app

#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace md::api {
class ServiceClient;
}

namespace md::app {

// A one-time password as the administrator hands it over: large, selectable, with a copy
// button and the reminder that it is shown only now and must be changed at the first login.
class TemporaryPasswordPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TemporaryPasswordPanel(QWidget* parent = nullptr);
    void showPassword(const QString& operatorName, const QString& password);
    QString password() const;

private:
    QLabel* m_title;
    QLineEdit* m_password;
};

// New operator (新建操作员): login name, display name, role; "Create" calls operator.create and
// then shows the temporary password in the same dialog.
class OperatorCreateDialog : public QDialog
{
    Q_OBJECT

public:
    explicit OperatorCreateDialog(api::ServiceClient& client, QWidget* parent = nullptr);

    void setFields(const QString& name, const QString& displayName, const QString& roleKey);
    void create();
    QString temporaryPassword() const;
    QString problem() const;

signals:
    void created(const QJsonObject& result);
    void failedToCreate(const QString& message);

private:
    api::ServiceClient& m_client;
    QLineEdit* m_name;
    QLineEdit* m_displayName;
    QComboBox* m_role;
    QLabel* m_problem;
    TemporaryPasswordPanel* m_panel;
    QPushButton* m_create;
    QDialogButtonBox* m_buttons;
};

// The new password after operator.reset_password.
class TemporaryPasswordDialog : public QDialog
{
    Q_OBJECT

public:
    TemporaryPasswordDialog(const QString& operatorName, const QString& password, QWidget* parent = nullptr);
    QString password() const;

private:
    TemporaryPasswordPanel* m_panel;
};

} // namespace md::app

#pragma once

#include <QDialog>
#include <QJsonObject>

class QLabel;
class QLineEdit;
class QPushButton;

namespace md::api {
class ServiceClient;
struct ApiFailure;
}

namespace md::app {

// Service address (default 127.0.0.1:7420), operator and password. Says plainly why a login
// failed: unreachable service, wrong name or password, locked, deactivated. A one-time
// password leads to the change-password dialog before the desk opens.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    explicit LoginDialog(api::ServiceClient& client, QWidget* parent = nullptr);

    void setAddress(const QString& hostPort);
    void setOperator(const QString& name);
    QString message() const;
    void setMessage(const QString& text);
    // Logs in with this password (never shown), as if typed and "Log in" pressed.
    void logInWith(const QString& password);

signals:
    void passwordChangeNeeded();

private:
    void logIn();
    void onLoggedIn(const QJsonObject& operatorInfo);
    void onFailed(const api::ApiFailure& failure);

    api::ServiceClient& m_client;
    QLineEdit* m_address;
    QLineEdit* m_name;
    QLineEdit* m_password;
    QLabel* m_message;
    QPushButton* m_login;
    bool m_waiting = false;
};

// Changes the operator's password (session.change_password); the client then reconnects with
// the new one.
class ChangePasswordDialog : public QDialog
{
    Q_OBJECT

public:
    ChangePasswordDialog(api::ServiceClient& client, QString oldPassword, QWidget* parent = nullptr);
    QString message() const;

private:
    void change();

    api::ServiceClient& m_client;
    QString m_oldPassword;
    QLineEdit* m_new;
    QLineEdit* m_repeat;
    QLabel* m_message;
};

} // namespace md::app

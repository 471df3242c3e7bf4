#include "login_dialog.h"

#include "api/service_client.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace md::app {

LoginDialog::LoginDialog(api::ServiceClient& client, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
{
    setWindowTitle(tr("MeterDesk — log in"));
    m_address = new QLineEdit(QStringLiteral("127.0.0.1:7420"), this);
    m_name = new QLineEdit(this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b71c1c;"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Service:"), m_address);
    form->addRow(tr("&Operator:"), m_name);
    form->addRow(tr("&Password:"), m_password);
    auto* buttons = new QDialogButtonBox(this);
    m_login = buttons->addButton(tr("&Log in"), QDialogButtonBox::AcceptRole);
    m_login->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_login, &QPushButton::clicked, this, &LoginDialog::logIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    m_name->setFocus();

    connect(&m_client, &api::ServiceClient::loggedIn, this, &LoginDialog::onLoggedIn);
    connect(&m_client, &api::ServiceClient::loginFailed, this, &LoginDialog::onFailed);
    connect(&m_client, &api::ServiceClient::stateChanged, this, [this](api::ServiceClient::State s, const QString&) {
        if (m_waiting && s != api::ServiceClient::State::Offline)
            m_message->setText(api::ServiceClient::describe(s));
    });
    setMinimumWidth(420);
}

void LoginDialog::setAddress(const QString& hostPort)
{
    m_address->setText(hostPort);
}

void LoginDialog::setOperator(const QString& name)
{
    m_name->setText(name);
    m_password->setFocus();
}

QString LoginDialog::message() const
{
    return m_message->text();
}

void LoginDialog::setMessage(const QString& text)
{
    m_message->setText(text);
}

void LoginDialog::logInWith(const QString& password)
{
    m_password->setText(password);
    logIn();
}

void LoginDialog::logIn()
{
    const QString text = m_address->text().trimmed();
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = true;
    api::ServiceEndpoint e;
    e.host = colon < 0 ? text : text.left(colon);
    const uint port = colon < 0 ? 7420 : text.mid(colon + 1).toUInt(&ok);
    if (e.host.isEmpty() || !ok || port == 0 || port > 65535) {
        m_message->setText(tr("Type the service address as HOST:PORT, e.g. 127.0.0.1:7420."));
        m_address->setFocus();
        return;
    }
    e.port = quint16(port);
    if (m_name->text().trimmed().isEmpty()) {
        m_message->setText(tr("Type your operator name."));
        m_name->setFocus();
        return;
    }
    m_waiting = true;
    m_login->setEnabled(false);
    m_client.open(e, m_name->text().trimmed(), m_password->text());
}

void LoginDialog::onLoggedIn(const QJsonObject& operatorInfo)
{
    if (!m_waiting)
        return;
    m_waiting = false;
    m_login->setEnabled(true);
    m_message->clear();
    if (operatorInfo.value(u"must_change_password").toBool()) {
        ChangePasswordDialog change(m_client, m_password->text(), this);
        if (change.exec() != QDialog::Accepted) {
            m_client.close();
            m_message->setText(tr("The one-time password must be changed before you can work."));
            return;
        }
    }
    accept();
}

void LoginDialog::onFailed(const api::ApiFailure& f)
{
    if (!m_waiting)
        return;
    m_waiting = false;
    m_login->setEnabled(true);
    QString text = f.message;
    if (f.isService(api::codes::LoginFailed))
        text = tr("Wrong operator name or password.");
    else if (f.isService(api::codes::LockedOut))
        text = tr("This operator is locked after too many failed logins. Wait, or ask an administrator to reset the password.");
    else if (f.isService(api::codes::OperatorInactive))
        text = tr("This operator is deactivated. Ask an administrator.");
    m_message->setText(text);
    m_password->selectAll();
    m_password->setFocus();
}

ChangePasswordDialog::ChangePasswordDialog(api::ServiceClient& client, QString oldPassword, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_oldPassword(std::move(oldPassword))
{
    setWindowTitle(tr("Change your password"));
    auto* intro = new QLabel(tr("You logged in with a one-time password. Choose your own (at least 8 characters)."), this);
    intro->setWordWrap(true);
    m_new = new QLineEdit(this);
    m_new->setEchoMode(QLineEdit::Password);
    m_repeat = new QLineEdit(this);
    m_repeat->setEchoMode(QLineEdit::Password);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    auto* form = new QFormLayout;
    form->addRow(tr("&New password:"), m_new);
    form->addRow(tr("&Repeat:"), m_repeat);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ChangePasswordDialog::change);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
}

QString ChangePasswordDialog::message() const
{
    return m_message->text();
}

void ChangePasswordDialog::change()
{
    if (m_new->text() != m_repeat->text()) {
        m_message->setText(tr("The two passwords differ."));
        return;
    }
    const QString password = m_new->text();
    api::ApiReply* reply = m_client.call(QStringLiteral("session.change_password"),
                                         {{QStringLiteral("old_password"), m_oldPassword}, {QStringLiteral("new_password"), password}},
                                         api::ServiceClient::Resend::No);
    connect(reply, &api::ApiReply::finished, this, [this, password] {
        m_client.rememberPassword(password);
        accept();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { m_message->setText(f.message); });
}

} // namespace md::app

#include "operator_dialogs.h"

#include "api/service_client.h"
#include "auth/role.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace md::app {

TemporaryPasswordPanel::TemporaryPasswordPanel(QWidget* parent)
    : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("temporaryPassword"));
    m_password->setReadOnly(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.6);
    mono.setBold(true);
    m_password->setFont(mono);
    auto* copy = new QPushButton(tr("Copy"), this);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_password->text()); });
    auto* note = new QLabel(tr("Shown only now: give it to the operator in person. "
                               "They must change it when they first log in."),
                            this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_password, 1);
    row->addWidget(copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(row);
    layout->addWidget(note);
}

void TemporaryPasswordPanel::showPassword(const QString& operatorName, const QString& password)
{
    m_title->setText(tr("Temporary password of %1:").arg(operatorName));
    m_password->setText(password);
    show();
    m_password->setFocus();
    m_password->selectAll();
}

QString TemporaryPasswordPanel::password() const
{
    return m_password->text();
}

OperatorCreateDialog::OperatorCreateDialog(api::ServiceClient& client, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
{
    setWindowTitle(tr("New operator"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("operatorName"));
    m_name->setPlaceholderText(tr("letters, digits, . _ -"));
    m_displayName = new QLineEdit(this);
    m_displayName->setObjectName(QStringLiteral("operatorDisplayName"));
    m_displayName->setPlaceholderText(tr("as printed on receipts (default: the login name)"));
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("operatorRole"));
    for (Role r : kAllRoles)
        m_role->addItem(roleName(r), roleKey(r));
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_problem->hide();
    m_panel = new TemporaryPasswordPanel(this);
    m_panel->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_create = m_buttons->addButton(tr("Create"), QDialogButtonBox::ActionRole);
    m_create->setDefault(true);
    connect(m_create, &QPushButton::clicked, this, &OperatorCreateDialog::create);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("Login name:"), m_name);
    form->addRow(tr("Display name:"), m_displayName);
    form->addRow(tr("Role:"), m_role);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_panel);
    layout->addWidget(m_buttons);
    setMinimumWidth(440);
}

void OperatorCreateDialog::setFields(const QString& name, const QString& displayName, const QString& roleKey)
{
    m_name->setText(name);
    m_displayName->setText(displayName);
    m_role->setCurrentIndex(m_role->findData(roleKey));
}

void OperatorCreateDialog::create()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        m_problem->setText(tr("Enter a login name."));
        m_problem->show();
        return;
    }
    QJsonObject params{{QStringLiteral("name"), name}, {QStringLiteral("role"), m_role->currentData().toString()}};
    if (const QString shown = m_displayName->text().trimmed(); !shown.isEmpty())
        params.insert(QStringLiteral("display_name"), shown);
    m_create->setEnabled(false);
    m_problem->hide();
    // Not resent after a dropped connection: a second create would answer "name in use".
    api::ApiReply* reply = m_client.call(QStringLiteral("operator.create"), params, api::ServiceClient::Resend::No);
    connect(reply, &api::ApiReply::finished, this, [this, name](const QJsonObject& result) {
        for (QWidget* w : {static_cast<QWidget*>(m_name), static_cast<QWidget*>(m_displayName), static_cast<QWidget*>(m_role)})
            w->setEnabled(false);
        m_create->hide();
        m_panel->showPassword(name, result.value(u"temporary_password").toString());
        adjustSize(); // room for the password and its note
        emit created(result);
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_create->setEnabled(true);
        m_problem->setText(f.message);
        m_problem->show();
        emit failedToCreate(f.message);
    });
}

QString OperatorCreateDialog::temporaryPassword() const
{
    return m_panel->isHidden() ? QString() : m_panel->password();
}

QString OperatorCreateDialog::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

TemporaryPasswordDialog::TemporaryPasswordDialog(const QString& operatorName, const QString& password, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Password reset"));
    m_panel = new TemporaryPasswordPanel(this);
    m_panel->showPassword(operatorName, password);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_panel);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

QString TemporaryPasswordDialog::password() const
{
    return m_panel->password();
}

} // namespace md::app

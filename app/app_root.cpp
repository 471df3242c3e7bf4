#include "app_root.h"

#include "login_dialog.h"
#include "main_window.h"
#include "training_banner.h"

#include "util/error.h"

#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

namespace md::app {

AppRoot::AppRoot()
{
    // UI state and desk settings live in QSettings (the service's configuration is its file).
    QSettings settings;
    m_officeName = settings.value(QStringLiteral("receipt/office_name"),
                                  QCoreApplication::translate("md::app::AppRoot", "Property management office"))
                       .toString();
    ReceiptPrinter::Options o;
    o.pdfFolder = settings.value(QStringLiteral("receipt/pdf_folder"),
                                 QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/MeterDesk receipts"))
                      .toString();
    o.alwaysPdf = settings.value(QStringLiteral("receipt/always_pdf"), false).toBool();
    const QString formFile = settings.value(QStringLiteral("receipt/form_file")).toString();
    if (!formFile.isEmpty()) {
        QFile f(formFile);
        try {
            if (!f.open(QIODevice::ReadOnly))
                throw Error(QCoreApplication::translate("md::app::AppRoot", "Cannot read the receipt form %1: %2").arg(formFile, f.errorString()));
            o.form = receipt::parseReceiptForm(f.readAll(), formFile);
        } catch (const Error& e) {
            QMessageBox::warning(nullptr, QCoreApplication::translate("md::app::AppRoot", "Receipt form"),
                                 QCoreApplication::translate("md::app::AppRoot", "%1\nThe plain layout is used.").arg(e.message()));
        }
    }
    m_printer = std::make_unique<ReceiptPrinter>(o);
}

AppRoot::~AppRoot() = default;

bool AppRoot::start(const StartupOptions& options)
{
    LoginDialog login(m_client);
    installStartupProbe(login);
    QSettings settings;
    login.setAddress(options.service.isEmpty()
                         ? settings.value(QStringLiteral("service/address"), QStringLiteral("127.0.0.1:7420")).toString()
                         : options.service);
    if (!options.login.isEmpty())
        login.setOperator(options.login);
    else if (const QString last = settings.value(QStringLiteral("service/operator")).toString(); !last.isEmpty())
        login.setOperator(last);
    bool in = false;
    if (!options.passwordFile.isEmpty()) {
        QString problem;
        if (const std::optional<QString> password = readPasswordFile(options.passwordFile, &problem)) {
            // Logged in without the window; it is shown (with the service's answer) only when that fails.
            QEventLoop wait;
            QObject::connect(&login, &QDialog::accepted, &wait, &QEventLoop::quit);
            QObject::connect(&m_client, &api::ServiceClient::loginFailed, &wait, &QEventLoop::quit, Qt::QueuedConnection);
            QTimer::singleShot(15000, &wait, &QEventLoop::quit);
            login.logInWith(*password);
            wait.exec();
            in = login.result() == QDialog::Accepted;
        } else {
            login.setMessage(problem);
        }
    }
    if (!in && login.exec() != QDialog::Accepted)
        return false;
    settings.setValue(QStringLiteral("service/address"),
                      QStringLiteral("%1:%2").arg(m_client.endpoint().host).arg(m_client.endpoint().port));
    settings.setValue(QStringLiteral("service/operator"), m_client.operatorInfo().value(u"name").toString());
    m_window = std::make_unique<MainWindow>(m_client, m_accounts, *m_printer, m_officeName);
    installTrainingBanner(*m_window, m_client);
    m_window->show();
    restoreRecentAccounts();
    return true;
}

// The API has no account listing yet: the desk remembers the account numbers it has worked
// with (QSettings) and asks the service for them again at start, so the grid is not empty.
void AppRoot::restoreRecentAccounts()
{
    const QString key = QStringLiteral("desk/recent_accounts");
    const QStringList codes = QSettings().value(key).toStringList();
    for (const QString& code : codes) {
        api::ApiReply* reply = m_client.call(QStringLiteral("account.get"), {{QStringLiteral("code"), code}});
        QObject::connect(reply, &api::ApiReply::finished, &m_accounts, &AccountModel::upsert);
    }
    QObject::connect(&m_accounts, &AccountModel::rowsInserted, &m_accounts, [this, key](const QModelIndex&, int first, int last) {
        QStringList known = QSettings().value(key).toStringList();
        for (int row = first; row <= last; ++row)
            if (!known.contains(m_accounts.codeAt(row)))
                known.append(m_accounts.codeAt(row));
        while (known.size() > 2000) // a desk's working set, not the office's archive
            known.removeFirst();
        QSettings().setValue(key, known);
    });
}

} // namespace md::app

#include "main_window.h"

#include "admin_access.h"

#include "account_detail.h"
#include "account_model.h"
#include "admin_pane.h"
#include "meter_model.h"
#include "meter_pane.h"
#include "open_account_dialog.h"
#include "receipt_actions.h"
#include "recharge_dialog.h"
#include "receipt_printer.h"
#include "report_request.h"
#include "reports_pane.h"
#include "state_legend.h"

#include "api/service_client.h"

#include <QAction>
#include <QHBoxLayout>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <limits>

namespace md::app {

MainWindow::MainWindow(api::ServiceClient& client, AccountModel& model, ReceiptPrinter& printer, QString officeName,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_model(model)
    , m_printer(printer)
    , m_officeName(std::move(officeName))
{
    setWindowTitle(tr("MeterDesk front desk"));
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(&m_model);
    m_proxy->setFilterKeyColumn(-1); // account number, tenant, phone: any column
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(AccountModel::SortRole);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(AccountModel::Tenant, QHeaderView::Stretch);
    m_view->sortByColumn(AccountModel::Code, Qt::AscendingOrder);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex&) { openRecharge(); });

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("accountSearch"));
    m_search->setPlaceholderText(tr("Search account number, tenant or phone (Ctrl+F); Enter looks up an account number"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::search);

    // The desk offers what the role may do (the service refuses the rest anyway).
    const QString role = m_client.operatorInfo().value(u"role").toString();
    auto* toolbar = addToolBar(tr("Desk"));
    toolbar->setObjectName(QStringLiteral("desk"));
    auto* recharge = toolbar->addAction(tr("Recharge (F2)"), this, &MainWindow::openRecharge);
    recharge->setShortcut(Qt::Key_F2);
    recharge->setEnabled(roleMayCall(role, QStringLiteral("account.recharge")));
    auto* open = toolbar->addAction(tr("Open account (F3)"), this, &MainWindow::openAccount);
    open->setShortcut(Qt::Key_F3);
    open->setEnabled(roleMayCall(role, QStringLiteral("account.open")));
    installAccountDetailActions(*this, toolbar, m_client); // F6 account detail, F7 approvals
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        QLineEdit* box = m_meters && m_tabs->currentWidget() == m_meters ? m_meters->searchBox() : m_search;
        box->setFocus();
        box->selectAll();
    });
    addAction(find);
    m_receipts = new ReceiptActions(m_client, m_printer, m_officeName, this);
    connect(m_receipts, &ReceiptActions::done, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(m_receipts, &ReceiptActions::failed, this,
            [this](const QString& m) { QMessageBox::warning(this, tr("Receipt"), m); });
    auto* reprint = toolbar->addAction(tr("Reprint receipt… (F4)"), this, [this] {
        if (const qint64 n = askReceiptNumber(tr("Reprint receipt")); n > 0)
            m_receipts->reprint(n);
    });
    reprint->setShortcut(Qt::Key_F4);
    reprint->setEnabled(roleMayCall(role, QStringLiteral("receipt.reprint")));
    auto* preview = toolbar->addAction(tr("Print preview… (Ctrl+P)"), this, [this] {
        if (const qint64 n = askReceiptNumber(tr("Print preview")); n > 0)
            m_receipts->preview(n);
    });
    preview->setShortcut(QKeySequence::Print);
    preview->setEnabled(roleMayCall(role, QStringLiteral("receipt.get")));
    auto* savePdf = toolbar->addAction(tr("Save receipt as PDF… (Ctrl+S)"), this, [this] {
        const qint64 n = askReceiptNumber(tr("Save receipt as PDF"));
        if (n <= 0)
            return;
        const QString path = QFileDialog::getSaveFileName(this, tr("Save receipt as PDF"),
                                                          QStringLiteral("receipt-%1.pdf").arg(n, 8, 10, QLatin1Char('0')),
                                                          tr("PDF files (*.pdf)"));
        if (!path.isEmpty())
            m_receipts->saveAsPdf(n, path);
    });
    savePdf->setShortcut(QKeySequence::Save);
    savePdf->setEnabled(preview->isEnabled());
    toolbar->addSeparator();
    toolbar->addAction(tr("Reconnect"), this, [this] { m_client.dropConnection(); });

    auto* accounts = new QWidget(this);
    auto* layout = new QVBoxLayout(accounts);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addWidget(new StateLegend(accounts));
    m_tabs = new QTabWidget(this);
    // Only the tabs the role may use (an administrator manages operators, not tenants): a tab
    // the service would refuse shows nothing but an error.
    if (roleMayCall(role, QStringLiteral("account.get")))
        m_tabs->addTab(accounts, tr("Accounts"));
    else
        accounts->hide();
    if (roleMayCall(role, QStringLiteral("meter.list"))) {
        m_meters = new MeterPane(m_client, this);
        // Double-click (or Enter) on a meter of an account: its detail window (F2 recharges).
        connect(m_meters, &MeterPane::accountActivated, this, [this](const QString& code) { openAccountDetail(*this, m_client, code); });
        connect(m_meters, &MeterPane::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
        m_tabs->addTab(m_meters, tr("Meters"));
    }
    if (!reportMethodsFor(role).isEmpty()) {
        m_reports = new ReportsPane(m_client, m_officeName, this);
        connect(m_reports, &ReportsPane::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
        m_tabs->addTab(m_reports, tr("Reports"));
    }
    if (const AdminAccess access = AdminAccess::forRole(role); access.any()) {
        m_admin = new AdminPane(m_client, access, this);
        connect(m_admin, &AdminPane::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
        m_tabs->addTab(m_admin, tr("Administration"));
        if (access.opensFirst) // the administrator: accounts and meters are not theirs to see
            m_tabs->setCurrentWidget(m_admin);
    }
    setCentralWidget(m_tabs);

    m_connection = new QLabel(this);
    statusBar()->addPermanentWidget(m_connection);
    auto showState = [this](api::ServiceClient::State s, const QString& detail) {
        const QString who = m_client.operatorInfo().value(u"display_name").toString();
        QString text = api::ServiceClient::describe(s);
        if (!detail.isEmpty())
            text += QStringLiteral(" — ") + detail;
        m_connection->setText(tr("%1 @ %2:%3 — %4").arg(who, m_client.endpoint().host).arg(m_client.endpoint().port).arg(text));
        m_connection->setStyleSheet(s == api::ServiceClient::State::Ready ? QString() : QStringLiteral("color: #b71c1c; font-weight: bold;"));
    };
    connect(&m_client, &api::ServiceClient::stateChanged, this, showState);
    showState(m_client.state(), {});
    connect(&m_client, &api::ServiceClient::notification, this, [this](const QString& method, const QJsonObject& params) {
        // The balance shows at once; the state (thresholds, 保电) is the service's: ask again.
        if (method == u"event.account.changed" && m_model.applyBalanceEvent(params)) {
            api::ApiReply* reply = m_client.call(QStringLiteral("account.get"), {{QStringLiteral("account"), params.value(u"account")}});
            connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& account) { m_model.upsert(account); });
        }
    });
    resize(1200, 700);
}

qint64 MainWindow::askReceiptNumber(const QString& title)
{
    bool ok = false;
    const int n = QInputDialog::getInt(this, title, tr("Receipt number:"), 1, 1, std::numeric_limits<int>::max(), 1, &ok);
    return ok ? n : 0;
}

void MainWindow::search()
{
    const QString code = m_search->text().trimmed();
    if (code.isEmpty() || m_proxy->rowCount() > 0)
        return;
    // Not on the grid yet: ask the service for that account number.
    api::ApiReply* reply = m_client.call(QStringLiteral("account.get"), {{QStringLiteral("code"), code}});
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& account) { m_model.upsert(account); });
    connect(reply, &api::ApiReply::failed, this,
            [this](const api::ApiFailure& f) { statusBar()->showMessage(f.message, 8000); });
}

void MainWindow::openAccount()
{
    auto* dialog = new OpenAccountDialog(m_client, m_printer, m_officeName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OpenAccountDialog::accountOpened, &m_model, &AccountModel::upsert);
    dialog->open();
}

void MainWindow::openRecharge()
{
    // F2 on the meters tab recharges the current meter's account.
    QString code;
    if (m_meters && m_tabs->currentWidget() == m_meters) {
        const QModelIndex current = m_meters->grid()->currentIndex();
        if (current.isValid())
            code = m_meters->model().rowAt(m_meters->proxy()->mapToSource(current).row()).accountCode;
    } else if (const QModelIndex current = m_view->currentIndex(); current.isValid()) {
        code = m_model.codeAt(m_proxy->mapToSource(current).row());
    }
    openRechargeFor(code);
}

void MainWindow::openRechargeFor(const QString& code)
{
    auto* dialog = new RechargeDialog(m_client, m_printer, m_officeName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RechargeDialog::accountSeen, &m_model, &AccountModel::upsert);
    dialog->open();
    dialog->startWith(code);
}

} // namespace md::app

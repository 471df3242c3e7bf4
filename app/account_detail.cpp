#include "account_detail.h"

#include "account_model.h"
#include "approval_dialogs.h"
#include "ledger_model.h"
#include "main_window.h"
#include "meter_pane.h"
#include "meter_row.h"
#include "reading_history.h"

#include "api/service_client.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QDate>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QMap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolBar>
#include <QValueAxis>
#include <QVBoxLayout>

#include <memory>

namespace md::app {

namespace {

constexpr int kChartDays = 14;

QTableWidget* makeTable(QWidget* parent, const QStringList& headers, const QString& name)
{
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    return item;
}

QString localTime(const QJsonValue& iso)
{
    if (iso.isNull() || iso.isUndefined())
        return {};
    const QDateTime at = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : iso.toString();
}

QString alarmName(const QString& key)
{
    if (key == u"normal")
        return AccountDetailWindow::tr("none");
    if (key == u"alarm1")
        return AccountDetailWindow::tr("alarm 1");
    if (key == u"alarm2")
        return AccountDetailWindow::tr("alarm 2");
    if (key == u"arrears")
        return AccountDetailWindow::tr("arrears");
    return key;
}

} // namespace

AccountDetailWindow::AccountDetailWindow(api::ServiceClient& client, QString code, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_client(client)
    , m_code(std::move(code))
    , m_role(operatorRole(client))
{
    setObjectName(QStringLiteral("accountDetail"));
    setWindowTitle(tr("Account %1 — detail").arg(m_code));
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("accountHeader"));
    m_header->setTextFormat(Qt::PlainText);
    QFont big = m_header->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_header->setFont(big);

    // Balances.
    m_wallets = makeTable(this, {tr("Wallet"), tr("Balance (yuan)")}, QStringLiteral("walletTable"));

    // Ledger with the explanation of the selected row.
    m_ledger = new LedgerModel(this);
    m_ledgerView = new QTableView(this);
    m_ledgerView->setObjectName(QStringLiteral("ledgerView"));
    m_ledgerView->setModel(m_ledger);
    m_ledgerView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ledgerView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_ledgerView->verticalHeader()->hide();
    m_ledgerView->setWordWrap(false);
    m_ledgerView->horizontalHeader()->setStretchLastSection(true);
    m_explanation = new QPlainTextEdit(this);
    m_explanation->setObjectName(QStringLiteral("ledgerExplanation"));
    m_explanation->setReadOnly(true);
    m_explanation->setPlaceholderText(tr("Select a transaction to read how it came about."));
    m_older = new QPushButton(tr("&Older transactions"), this);
    m_older->setObjectName(QStringLiteral("ledgerOlder"));
    m_older->setEnabled(false);
    connect(m_older, &QPushButton::clicked, this, &AccountDetailWindow::loadOlder);
    connect(m_ledgerView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AccountDetailWindow::showExplanation);
    auto* ledgerPage = new QWidget(this);
    auto* split = new QSplitter(Qt::Vertical, ledgerPage);
    split->addWidget(m_ledgerView);
    split->addWidget(m_explanation);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* ledgerLayout = new QVBoxLayout(ledgerPage);
    ledgerLayout->addWidget(split, 1);
    ledgerLayout->addWidget(m_older, 0, Qt::AlignLeft);

    // Daily consumption.
    m_chart = new QChartView(this);
    m_chart->setObjectName(QStringLiteral("consumptionChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    m_chartNote = new QLabel(this);
    m_chartNote->setObjectName(QStringLiteral("chartNote"));
    m_chartNote->setWordWrap(true);
    auto* chartPage = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartPage);
    chartLayout->addWidget(m_chart, 1);
    chartLayout->addWidget(m_chartNote);

    // Meters, alarms and relay history.
    m_meters = makeTable(this, {tr("Meter"), tr("Wallet"), tr("State"), tr("Alarm"), tr("Relay"), tr("Last reading"), tr("Read at")},
                         QStringLiteral("meterTable"));
    m_commands = makeTable(this, {tr("Command"), tr("Reason"), tr("Status"), tr("Requested"), tr("Confirmed"), tr("Error")},
                           QStringLiteral("commandTable"));
    connect(m_meters, &QTableWidget::currentCellChanged, this, [this](int row, int, int previous, int) {
        if (row != previous)
            loadCommands();
    });
    auto* metersPage = new QWidget(this);
    auto* metersLayout = new QVBoxLayout(metersPage);
    metersLayout->addWidget(m_meters, 1);
    metersLayout->addWidget(new QLabel(tr("Relay commands of the selected meter (newest first):"), metersPage));
    metersLayout->addWidget(m_commands, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_wallets, tr("&Balances"));
    m_tabs->addTab(ledgerPage, tr("&Ledger"));
    m_tabs->addTab(chartPage, tr("C&onsumption"));
    m_tabs->addTab(metersPage, tr("&Meters and relays"));
    m_readings = new ReadingHistoryView(m_client, this);
    m_tabs->addTab(m_readings, tr("R&eadings"));
    m_pending = new PendingRequestsView(m_client, this);
    const int pendingTab = m_tabs->addTab(m_pending, tr("&Pending requests"));
    connect(m_pending, &PendingRequestsView::loaded, this, [this, pendingTab](int count) {
        m_tabs->setTabText(pendingTab, count > 0 ? tr("&Pending requests (%1)").arg(count) : tr("&Pending requests"));
    });
    m_tabs->setCurrentIndex(1);

    m_refund = new QPushButton(tr("Re&fund…"), this);
    m_refund->setObjectName(QStringLiteral("refundButton"));
    m_close = new QPushButton(tr("Close &account…"), this);
    m_close->setObjectName(QStringLiteral("closeAccountButton"));
    m_correct = new QPushButton(tr("Co&rrect selected…"), this);
    m_correct->setObjectName(QStringLiteral("correctButton"));
    auto* refreshButton = new QPushButton(tr("Refres&h"), this);
    refreshButton->setShortcut(QKeySequence::Refresh);
    auto* closeWindow = new QPushButton(tr("Close window"), this);
    closeWindow->setShortcut(Qt::Key_Escape);
    connect(m_refund, &QPushButton::clicked, this, &AccountDetailWindow::openRefund);
    connect(m_close, &QPushButton::clicked, this, &AccountDetailWindow::openClose);
    connect(m_correct, &QPushButton::clicked, this, &AccountDetailWindow::openCorrection);
    connect(refreshButton, &QPushButton::clicked, this, &AccountDetailWindow::refresh);
    connect(closeWindow, &QPushButton::clicked, this, &QWidget::close);
    const bool mayRequest = mayRequestMoney(m_role);
    for (QPushButton* b : {m_refund, m_close, m_correct}) {
        b->setEnabled(mayRequest);
        b->setToolTip(mayRequest ? tr("Filed as a request: a different manager approves it before anything moves.")
                                 : tr("Only a cashier or a manager may file refunds, closings and corrections."));
    }

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_refund);
    buttons->addWidget(m_close);
    buttons->addWidget(m_correct);
    buttons->addStretch(1);
    buttons->addWidget(refreshButton);
    buttons->addWidget(closeWindow);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(buttons);

    // A wallet of this account moved: the balances and the newest transactions again.
    connect(&m_client, &api::ServiceClient::notification, this, [this](const QString& method, const QJsonObject& params) {
        if (method == u"event.account.changed" && m_accountId != 0 && params.value(u"account").toInteger() == m_accountId)
            refresh();
    });
    resize(1000, 640);
    refresh();
}

void AccountDetailWindow::refresh()
{
    api::ApiReply* reply = m_client.call(QStringLiteral("account.get"), {{QStringLiteral("code"), m_code}});
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& account) {
        const bool first = m_accountId == 0;
        m_accountId = account.value(u"account").toInteger();
        const bool open = account.value(u"status").toString() == u"open";
        m_header->setText(tr("%1  %2  %3  — %4")
                              .arg(account.value(u"code").toString(), account.value(u"tenant_name").toString(),
                                   account.value(u"phone").toString(), open ? tr("open") : tr("closed")));
        const QJsonObject wallets = account.value(u"wallets").toObject();
        m_wallets->setRowCount(0);
        for (auto it = wallets.begin(); it != wallets.end(); ++it) {
            const int row = m_wallets->rowCount();
            m_wallets->insertRow(row);
            auto* name = cell(LedgerModel::utilityName(it.key()));
            name->setData(Qt::UserRole, it.key());
            m_wallets->setItem(row, 0, name);
            m_wallets->setItem(row, 1, cell(it.value().toString(), Qt::AlignRight | Qt::AlignVCenter));
        }
        if (!open && mayRequestMoney(m_role)) {
            for (QPushButton* b : {m_refund, m_close}) {
                b->setEnabled(false);
                b->setToolTip(tr("The account is closed."));
            }
        }
        emit accountLoaded(account);
        loadLedger(0);
        loadMeters();
        m_pending->setAccount(m_accountId);
        if (first)
            loadChart();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_header->setText(f.message);
        emit message(f.message);
    });
}

void AccountDetailWindow::loadOlder()
{
    loadLedger(m_ledger->oldestId());
}

void AccountDetailWindow::loadLedger(qint64 before)
{
    if (m_ledgerBusy)
        return;
    m_ledgerBusy = true;
    m_older->setEnabled(false);
    QJsonObject params{{QStringLiteral("code"), m_code}, {QStringLiteral("limit"), m_pageSize}};
    if (before > 0)
        params.insert(QStringLiteral("before"), before);
    api::ApiReply* reply = m_client.call(QStringLiteral("account.transactions"), params);
    connect(reply, &api::ApiReply::finished, this, [this, before](const QJsonObject& result) {
        m_ledgerBusy = false;
        const QJsonArray rows = result.value(u"transactions").toArray();
        const qint64 selected = m_ledgerView->currentIndex().isValid()
                                    ? m_ledger->data(m_ledger->index(m_ledgerView->currentIndex().row(), 0),
                                                     LedgerModel::TransactionIdRole).toLongLong()
                                    : 0;
        if (before == 0)
            m_ledger->clear();
        m_ledger->append(rows);
        m_ledgerView->resizeColumnsToContents();
        m_older->setEnabled(rows.size() >= m_pageSize);
        int select = before == 0 && m_ledger->rowCount() > 0 ? 0 : -1;
        for (int r = 0; r < m_ledger->rowCount() && selected != 0; ++r)
            if (m_ledger->data(m_ledger->index(r, 0), LedgerModel::TransactionIdRole).toLongLong() == selected)
                select = r;
        if (select >= 0 && (before == 0 || !m_ledgerView->currentIndex().isValid()))
            m_ledgerView->setCurrentIndex(m_ledger->index(select, 0));
        showExplanation();
        emit ledgerLoaded();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_ledgerBusy = false;
        m_older->setEnabled(true);
        m_explanation->setPlainText(f.message);
        emit message(f.message);
    });
}

void AccountDetailWindow::showExplanation()
{
    const QModelIndex current = m_ledgerView->currentIndex();
    if (!current.isValid()) {
        m_explanation->clear();
        return;
    }
    m_explanation->setPlainText(LedgerModel::explain(m_ledger->rowAt(current.row())));
}

void AccountDetailWindow::loadMeters()
{
    if (m_accountId == 0)
        return;
    api::ApiReply* reply = m_client.call(QStringLiteral("meter.list"), {{QStringLiteral("account"), m_accountId}});
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const qint64 current = m_meters->currentRow() >= 0 && m_meters->item(m_meters->currentRow(), 0)
                                   ? m_meters->item(m_meters->currentRow(), 0)->data(Qt::UserRole).toLongLong()
                                   : 0;
        QSignalBlocker block(m_meters);
        m_meters->setRowCount(0);
        int select = 0;
        for (const QJsonValue& v : result.value(u"meters").toArray()) {
            const QJsonObject m = v.toObject();
            const int row = m_meters->rowCount();
            m_meters->insertRow(row);
            auto* name = cell(m.value(u"nameplate").toString());
            name->setData(Qt::UserRole, m.value(u"id").toInteger());
            if (m.value(u"id").toInteger() == current)
                select = row;
            m_meters->setItem(row, 0, name);
            const MeterRow meter = MeterRow::fromJson(m);
            m_meters->setItem(row, 1, cell(utilityName(m.value(u"utility").toString())));
            auto* state = cell(stateName(meter.state));
            state->setBackground(stateColor(meter.state));
            m_meters->setItem(row, 2, state);
            m_meters->setItem(row, 3, cell(alarmName(m.value(u"alarm").toString())));
            m_meters->setItem(row, 4, cell(relayText(meter)));
            m_meters->setItem(row, 5, cell(meter.hasReading() ? lastReadingText(meter) : tr("none yet"), Qt::AlignRight | Qt::AlignVCenter));
            m_meters->setItem(row, 6, cell(readingTimeText(meter)));
        }
        if (m_meters->rowCount() > 0)
            m_meters->setCurrentCell(select, 0);
        QList<std::pair<qint64, QString>> choices;
        for (int r = 0; r < m_meters->rowCount(); ++r)
            choices.append({m_meters->item(r, 0)->data(Qt::UserRole).toLongLong(),
                            QStringLiteral("%1 (%2)").arg(m_meters->item(r, 0)->text(), m_meters->item(r, 1)->text())});
        m_readings->setMeters(choices);
        block.unblock();
        loadCommands();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { emit message(f.message); });
}

void AccountDetailWindow::loadCommands()
{
    const int row = m_meters->currentRow();
    if (row < 0 || !m_meters->item(row, 0)) {
        m_commands->setRowCount(0);
        emit commandsLoaded();
        return;
    }
    const qint64 meter = m_meters->item(row, 0)->data(Qt::UserRole).toLongLong();
    api::ApiReply* reply = m_client.call(QStringLiteral("meter.commands"), {{QStringLiteral("meter"), meter}});
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        m_commands->setRowCount(0);
        for (const QJsonValue& v : result.value(u"commands").toArray()) {
            const QJsonObject c = v.toObject();
            const int r = m_commands->rowCount();
            m_commands->insertRow(r);
            m_commands->setItem(r, 0, cell(c.value(u"command").toString() == u"off" ? tr("trip (off)") : tr("close (on)")));
            m_commands->setItem(r, 1, cell(c.value(u"reason").toString()));
            m_commands->setItem(r, 2, cell(c.value(u"status").toString()));
            m_commands->setItem(r, 3, cell(localTime(c.value(u"requested_at"))));
            m_commands->setItem(r, 4, cell(localTime(c.value(u"confirmed_at"))));
            m_commands->setItem(r, 5, cell(c.value(u"last_error").toString()));
        }
        emit commandsLoaded();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        // A service without buses (4601) has no command history: an empty list, the reason as a tooltip.
        m_commands->setRowCount(0);
        m_commands->setToolTip(f.message);
        emit commandsLoaded();
    });
}

void AccountDetailWindow::loadChart()
{
    auto* chart = new QChart;
    chart->setTitle(tr("Daily consumption, last %n day(s)", nullptr, kChartDays));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setChart(chart);
    if (m_role != u"manager" && m_role != u"auditor") {
        m_chartNote->setText(tr("Daily consumption comes from the account ledger report, which only managers and auditors may read."));
        emit chartLoaded();
        return;
    }
    m_chartNote->setText(tr("Loading…"));
    // One account-ledger report per day (the API has no per-meter reading history): the
    // consumption of each wallet's meters from their daily rollups.
    struct Collect
    {
        QMap<QString, QMap<QDate, double>> perUtility;
        int waiting = kChartDays;
        int failures = 0;
        QString failure;
    };
    auto collect = std::make_shared<Collect>();
    const int generation = ++m_chartGeneration;
    const QDate today = QDate::currentDate();
    for (int i = kChartDays - 1; i >= 0; --i) {
        const QDate day = today.addDays(-i);
        const QString iso = day.toString(Qt::ISODate);
        api::ApiReply* reply = m_client.call(QStringLiteral("report.account_ledger"),
                                             {{QStringLiteral("from"), iso}, {QStringLiteral("to"), iso}, {QStringLiteral("code"), m_code}});
        auto done = [this, collect, generation] {
            if (--collect->waiting > 0 || generation != m_chartGeneration)
                return;
            QChart* c = m_chart->chart();
            auto* x = new QDateTimeAxis;
            x->setFormat(QStringLiteral("MM-dd"));
            x->setTitleText(tr("Day"));
            auto* y = new QValueAxis;
            y->setTitleText(tr("Consumption"));
            y->setLabelFormat(QStringLiteral("%.1f"));
            c->addAxis(x, Qt::AlignBottom);
            c->addAxis(y, Qt::AlignLeft);
            const QDate first = QDate::currentDate().addDays(-(kChartDays - 1));
            x->setRange(first.startOfDay(), QDate::currentDate().startOfDay());
            double top = 1.0;
            int points = 0;
            for (auto u = collect->perUtility.begin(); u != collect->perUtility.end(); ++u) {
                auto* series = new QLineSeries;
                series->setName(LedgerModel::utilityName(u.key()));
                for (auto d = u.value().begin(); d != u.value().end(); ++d) {
                    series->append(static_cast<qreal>(d.key().startOfDay().toMSecsSinceEpoch()), d.value());
                    top = std::max(top, d.value());
                    ++points;
                }
                c->addSeries(series);
                series->attachAxis(x);
                series->attachAxis(y);
            }
            y->setRange(0, top * 1.1);
            if (collect->failures > 0)
                m_chartNote->setText(collect->failure);
            else if (points == 0)
                m_chartNote->setText(tr("No daily readings for this account's meters in the last %n day(s).", nullptr, kChartDays));
            else
                m_chartNote->setText(tr("Per day and wallet, summed over the wallet's meters (daily rollups of their readings)."));
            emit chartLoaded();
        };
        connect(reply, &api::ApiReply::finished, this, [collect, day, done](const QJsonObject& result) {
            for (const QJsonValue& v : result.value(u"rows").toArray()) {
                const QJsonObject row = v.toObject();
                if (row.value(u"consumption").isString())
                    collect->perUtility[row.value(u"utility").toString()][day] = row.value(u"consumption").toString().toDouble();
            }
            done();
        });
        connect(reply, &api::ApiReply::failed, this, [collect, done](const api::ApiFailure& f) {
            ++collect->failures;
            collect->failure = f.message;
            done();
        });
    }
}

void AccountDetailWindow::openRefund()
{
    auto* d = new MakerRequestDialog(m_client, MakerRequestDialog::Kind::Refund, m_code, 0, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &MakerRequestDialog::filed, this, [this] { refresh(); });
    d->open();
}

void AccountDetailWindow::openClose()
{
    auto* d = new MakerRequestDialog(m_client, MakerRequestDialog::Kind::Close, m_code, 0, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &MakerRequestDialog::filed, this, [this] { refresh(); });
    d->open();
}

void AccountDetailWindow::openCorrection()
{
    const QModelIndex current = m_ledgerView->currentIndex();
    const qint64 id = current.isValid()
                          ? m_ledger->data(m_ledger->index(current.row(), 0), LedgerModel::TransactionIdRole).toLongLong()
                          : 0;
    auto* d = new MakerRequestDialog(m_client, MakerRequestDialog::Kind::Correct, m_code, id, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &MakerRequestDialog::filed, this, [this] { refresh(); });
    d->open();
}

AccountDetailWindow* openAccountDetail(MainWindow& window, api::ServiceClient& client, const QString& code)
{
    // One window per account: a second F6 brings it forward.
    for (auto* open : window.findChildren<AccountDetailWindow*>())
        if (open->code() == code) {
            open->show();
            open->raise();
            open->activateWindow();
            return open;
        }
    auto* w = new AccountDetailWindow(client, code, &window);
    w->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(w, &AccountDetailWindow::message, &window, [&window](const QString& m) { window.statusBar()->showMessage(m, 10000); });
    w->show();
    return w;
}

void installAccountDetailActions(MainWindow& window, QToolBar* toolbar, api::ServiceClient& client)
{
    auto* detail = toolbar->addAction(AccountDetailWindow::tr("Account detail (F6)"));
    detail->setObjectName(QStringLiteral("accountDetailAction"));
    detail->setShortcut(Qt::Key_F6);
    QObject::connect(detail, &QAction::triggered, &window, [&window, &client] {
        // The Meters tab: the current meter's account; else the Accounts tab's current row.
        QString code;
        if (window.tabs()->currentWidget() == window.meterPane()) {
            code = window.meterPane()->currentAccountCode();
            if (code.isEmpty()) {
                window.statusBar()->showMessage(AccountDetailWindow::tr("Select a meter that belongs to an account first."), 8000);
                return;
            }
        } else {
            const QModelIndex current = window.view()->currentIndex();
            auto* accounts = qobject_cast<AccountModel*>(window.proxy()->sourceModel());
            if (!current.isValid() || !accounts) {
                window.statusBar()->showMessage(AccountDetailWindow::tr("Select an account on the Accounts tab first."), 8000);
                return;
            }
            code = accounts->codeAt(window.proxy()->mapToSource(current).row());
        }
        openAccountDetail(window, client, code);
    });
    auto* approvals = toolbar->addAction(AccountDetailWindow::tr("Approvals (F7)"));
    approvals->setObjectName(QStringLiteral("approvalsAction"));
    approvals->setShortcut(Qt::Key_F7);
    const QString role = operatorRole(client);
    approvals->setEnabled(mayListApprovals(role));
    approvals->setToolTip(mayListApprovals(role) ? AccountDetailWindow::tr("Pending refunds, closings and corrections")
                                                 : AccountDetailWindow::tr("Only managers and auditors see the approval requests."));
    QObject::connect(approvals, &QAction::triggered, &window, [&window, &client] {
        if (auto* open = window.findChild<ApprovalsWindow*>()) {
            open->show();
            open->raise();
            open->activateWindow();
            open->refresh();
            return;
        }
        auto* w = new ApprovalsWindow(client, &window);
        w->setAttribute(Qt::WA_DeleteOnClose);
        w->show();
    });
}

} // namespace md::app

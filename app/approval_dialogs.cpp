#include "approval_dialogs.h"

#include "ledger_model.h"

#include "api/service_client.h"
#include "money/money.h"
#include "money/utility.h"
#include "receipt/receipt_layout.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace md::app {

QString operatorRole(const api::ServiceClient& client)
{
    return client.operatorInfo().value(u"role").toString();
}

bool mayRequestMoney(const QString& role)
{
    return role == u"cashier" || role == u"manager";
}

bool mayApprove(const QString& role)
{
    return role == u"manager";
}

bool mayListApprovals(const QString& role)
{
    return role == u"manager" || role == u"auditor";
}

// ---------------------------------------------------------------- MakerRequestDialog

MakerRequestDialog::MakerRequestDialog(api::ServiceClient& client, Kind kind, QString code, qint64 transaction,
                                       QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_kind(kind)
    , m_code(std::move(code))
    , m_key(api::ServiceClient::newIdempotencyKey())
{
    auto* form = new QFormLayout;
    auto* account = new QLabel(m_code, this);
    form->addRow(tr("Account:"), account);
    switch (m_kind) {
    case Kind::Refund:
        setWindowTitle(tr("Refund (request for approval)"));
        m_amount = new QLineEdit(this);
        m_amount->setObjectName(QStringLiteral("requestAmount"));
        m_amount->setPlaceholderText(tr("Yuan, e.g. 20.50"));
        form->addRow(tr("&Amount:"), m_amount);
        m_utility = new QComboBox(this);
        for (const QString& u : {QStringLiteral("electricity"), QStringLiteral("water"), QStringLiteral("heat")})
            m_utility->addItem(LedgerModel::utilityName(u), u);
        form->addRow(tr("&Wallet:"), m_utility);
        break;
    case Kind::Close:
        setWindowTitle(tr("Close account with settlement"));
        form->addRow(new QLabel(tr("The wallets are settled: a positive total is paid out after a second manager "
                                   "approves; arrears are collected at once and the account closes."),
                                this));
        break;
    case Kind::Correct:
        setWindowTitle(tr("Correction (request for approval)"));
        m_transaction = new QLineEdit(this);
        m_transaction->setObjectName(QStringLiteral("requestTransaction"));
        if (transaction > 0)
            m_transaction->setText(QString::number(transaction));
        form->addRow(tr("&Transaction to reverse:"), m_transaction);
        break;
    }
    if (m_kind != Kind::Correct) {
        m_channel = new QComboBox(this);
        for (const QString& c : {QStringLiteral("cash"), QStringLiteral("wechat"), QStringLiteral("alipay"),
                                QStringLiteral("bank-transfer"), QStringLiteral("card"), QStringLiteral("other")})
            m_channel->addItem(receipt::channelName(c), c);
        form->addRow(tr("&Channel:"), m_channel);
    }
    m_memo = new QLineEdit(this);
    m_memo->setObjectName(QStringLiteral("requestMemo"));
    form->addRow(m_kind == Kind::Correct ? tr("&Reason:") : tr("&Memo:"), m_memo);

    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("requestOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextFormat(Qt::PlainText);
    QFont bold = m_outcome->font();
    bold.setBold(true);
    m_outcome->setFont(bold);

    auto* buttons = new QDialogButtonBox(this);
    m_submit = buttons->addButton(m_kind == Kind::Close ? tr("&Close account") : tr("&Submit for approval"),
                                  QDialogButtonBox::AcceptRole);
    m_submit->setDefault(true);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::accepted, this, &MakerRequestDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    const QString role = operatorRole(m_client);
    if (!mayRequestMoney(role)) {
        m_submit->setEnabled(false);
        m_submit->setToolTip(tr("Only a cashier or a manager may file this request."));
    }

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_outcome);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

void MakerRequestDialog::submit()
{
    QJsonObject params{{QStringLiteral("key"), m_key}};
    QString method;
    switch (m_kind) {
    case Kind::Refund:
        method = QStringLiteral("account.refund");
        params.insert(QStringLiteral("code"), m_code);
        params.insert(QStringLiteral("amount"), m_amount->text().trimmed());
        params.insert(QStringLiteral("utility"), m_utility->currentData().toString());
        params.insert(QStringLiteral("channel"), m_channel->currentData().toString());
        params.insert(QStringLiteral("memo"), m_memo->text().trimmed());
        break;
    case Kind::Close:
        method = QStringLiteral("account.close");
        params.insert(QStringLiteral("code"), m_code);
        params.insert(QStringLiteral("channel"), m_channel->currentData().toString());
        params.insert(QStringLiteral("memo"), m_memo->text().trimmed());
        break;
    case Kind::Correct: {
        bool ok = false;
        const qint64 id = m_transaction->text().trimmed().toLongLong(&ok);
        if (!ok || id <= 0) {
            m_outcome->setText(tr("Enter the number of the transaction to reverse."));
            m_transaction->setFocus();
            return;
        }
        method = QStringLiteral("account.correct");
        params.insert(QStringLiteral("transaction"), id);
        params.insert(QStringLiteral("reason"), m_memo->text().trimmed());
        break;
    }
    }
    m_submit->setEnabled(false);
    m_outcome->setText(tr("Sending…"));
    // The same key on every resend and every retry from this dialog: one request at most.
    api::ApiReply* reply = m_client.moneyCall(method, params);
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const QString status = result.value(u"status").toString();
        if (status == u"pending") {
            const QJsonObject approval = result.value(u"approval").toObject();
            m_outcome->setText(tr("Request %1 is PENDING APPROVAL: a different manager must approve it in the "
                                  "approvals view. Nothing has been paid or posted yet.")
                                   .arg(approval.value(u"id").toInteger()));
            m_outcome->setStyleSheet(QStringLiteral("color: #8a5300;"));
        } else {
            const QJsonObject t = result.value(u"transaction").toObject();
            m_outcome->setText(tr("Done: the account is closed (transaction %1, %2 yuan).")
                                   .arg(t.value(u"transaction").toInteger())
                                   .arg(t.value(u"amount").toString()));
            m_outcome->setStyleSheet(QStringLiteral("color: #1b5e20;"));
        }
        emit filed(result);
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_outcome->setText(f.message);
        m_outcome->setStyleSheet(QStringLiteral("color: #b71c1c;"));
        m_submit->setEnabled(true);
    });
}

// ---------------------------------------------------------------- ApprovalModel

namespace {

// "王芳 (fang)", or the login alone when the display name is the login; the id when the
// service sent no name.
QString operatorText(const QJsonObject& a, const char* idKey)
{
    const QString key = QLatin1String(idKey);
    const QString name = a.value(key + QStringLiteral("_name")).toString();
    const QString display = a.value(key + QStringLiteral("_display_name")).toString();
    if (name.isEmpty())
        return a.contains(key) ? QString::number(a.value(key).toInteger()) : QString();
    return display.isEmpty() || display == name ? name : QStringLiteral("%1 (%2)").arg(display, name);
}

} // namespace

ApprovalModel::ApprovalModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int ApprovalModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ApprovalModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant ApprovalModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const QJsonObject& a = m_rows.at(index.row());
    switch (index.column()) {
    case Id:
        return a.value(u"id").toInteger();
    case Kind:
        return LedgerModel::kindName(a.value(u"kind").toString());
    case Account:
        // Tariff and apportionment requests concern no single account: the cell stays empty.
        if (a.value(u"account_code").isString())
            return a.value(u"account_code").toString();
        return a.value(u"account").isDouble() ? QVariant(a.value(u"account").toInteger()) : QVariant();
    case Amount:
        return a.value(u"amount").toString();
    case RequestedBy:
        return operatorText(a, "requested_by");
    case RequestedAt: {
        const QDateTime at = QDateTime::fromString(a.value(u"requested_at").toString(), Qt::ISODateWithMs);
        return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : a.value(u"requested_at").toString();
    }
    case Status: {
        const QString status = a.value(u"status").toString();
        if (status == u"pending")
            return tr("pending");
        if (status == u"approved")
            return tr("approved");
        if (status == u"rejected")
            return tr("rejected");
        return status;
    }
    case Details: {
        const QJsonObject p = a.value(u"params").toObject();
        if (a.value(u"kind").toString() == u"apportionment") {
            const std::optional<Utility> u = parseUtility(p.value(u"utility").toString());
            return tr("%1: meter %2, %3 to %4, %5 %6, %7 yuan over %8 accounts (run %9)")
                .arg(p.value(u"group_name").toString(), p.value(u"nameplate").toString(), p.value(u"from").toString(),
                     p.value(u"to").toString(), p.value(u"consumption").toString(),
                     u ? unitSymbol(defaultUnit(*u)) : QString(), p.value(u"total").toString())
                .arg(p.value(u"accounts").toInteger())
                .arg(p.value(u"run").toInteger());
        }
        // In words: the wallet, the channel, the memo or reason, the transaction to reverse; the
        // account and amount have their own columns.
        QStringList parts;
        for (auto it = p.begin(); it != p.end(); ++it) {
            const QString key = it.key();
            const QString value = it.value().toVariant().toString();
            if (it.value().isObject() || it.value().isArray() || key == u"account" || key == u"amount" || key == u"code"
                || value.isEmpty())
                continue;
            if (key == u"utility")
                parts << tr("%1 wallet").arg(LedgerModel::utilityName(value));
            else if (key == u"channel")
                parts << tr("paid out by %1").arg(receipt::channelName(value));
            else if (key == u"memo")
                parts << tr("memo: %1").arg(value);
            else if (key == u"reason")
                parts << tr("reason: %1").arg(value);
            else if (key == u"transaction")
                parts << tr("reverses transaction %1").arg(value);
            else
                parts << key + QLatin1Char('=') + value;
        }
        return parts.join(QStringLiteral("; "));
    }
    default:
        return {};
    }
}

QVariant ApprovalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Request");
    case Kind:
        return tr("Kind");
    case Account:
        return tr("Account");
    case Amount:
        return tr("Amount");
    case RequestedBy:
        return tr("Requested by");
    case RequestedAt:
        return tr("Requested at");
    case Status:
        return tr("Status");
    case Details:
        return tr("Details");
    default:
        return {};
    }
}

void ApprovalModel::replaceAll(const QList<QJsonObject>& approvals)
{
    beginResetModel();
    m_rows = approvals;
    endResetModel();
}

// ---------------------------------------------------------------- PendingRequestsView

PendingRequestsView::PendingRequestsView(api::ServiceClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_role(operatorRole(client))
{
    m_model = new ApprovalModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("pendingRequestsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->setColumnHidden(ApprovalModel::Account, true); // this account's, all of them
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("pendingRequestsNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_note);
    connect(&m_client, &api::ServiceClient::notification, this, [this](const QString& method, const QJsonObject&) {
        if (method == u"event.approval.requested" || method == u"event.approval.decided")
            refresh();
    });
}

void PendingRequestsView::setAccount(qint64 account)
{
    m_account = account;
    refresh();
}

void PendingRequestsView::refresh()
{
    if (m_account == 0)
        return;
    if (!mayListApprovals(m_role)) {
        m_note->setText(tr("Only managers and auditors see the requests waiting for approval; a manager decides them in "
                           "the approvals view (F7)."));
        emit loaded(0);
        return;
    }
    // This account's pending requests only (approval.list's account filter), newest first.
    const qint64 account = m_account;
    api::ApiReply* reply = m_client.call(QStringLiteral("approval.list"), {{QStringLiteral("status"), QStringLiteral("pending")},
                                                                          {QStringLiteral("account"), account},
                                                                          {QStringLiteral("limit"), 500}});
    connect(reply, &api::ApiReply::finished, this, [this, account](const QJsonObject& result) {
        if (account != m_account)
            return; // another account was chosen meanwhile: its own answer follows
        QList<QJsonObject> rows;
        for (const QJsonValue& v : result.value(u"approvals").toArray())
            rows.append(v.toObject());
        m_model->replaceAll(rows);
        m_note->setText(rows.isEmpty() ? tr("No request of this account is waiting for approval.")
                                       : tr("%n request(s) of this account wait for a second manager's approval; nothing of "
                                            "them has moved yet.", nullptr, int(rows.size())));
        emit loaded(int(rows.size()));
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_note->setText(f.message);
        emit loaded(0);
    });
}

// ---------------------------------------------------------------- ApprovalsWindow

ApprovalsWindow::ApprovalsWindow(api::ServiceClient& client, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_client(client)
    , m_role(operatorRole(client))
{
    setWindowTitle(tr("Approvals — pending requests"));
    setObjectName(QStringLiteral("approvalsWindow"));
    m_model = new ApprovalModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("approvalsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("approvalNote"));
    m_note->setPlaceholderText(tr("Note (a reason is required to reject)"));
    auto* noteLabel = new QLabel(tr("&Note:"), this);
    noteLabel->setBuddy(m_note);
    m_approve = new QPushButton(tr("&Approve"), this);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject = new QPushButton(tr("Re&ject"), this);
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("approvalStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });
    connect(refreshButton, &QPushButton::clicked, this, &ApprovalsWindow::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ApprovalsWindow::updateButtons);
    connect(&m_client, &api::ServiceClient::notification, this, [this](const QString& method, const QJsonObject&) {
        if (method == u"event.approval.requested" || method == u"event.approval.decided")
            refresh();
    });

    auto* row = new QHBoxLayout;
    row->addWidget(noteLabel);
    row->addWidget(m_note, 1);
    row->addWidget(m_approve);
    row->addWidget(m_reject);
    row->addWidget(refreshButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addLayout(row);
    layout->addWidget(m_status);
    updateButtons();
    resize(900, 420);
    refresh();
}

void ApprovalsWindow::updateButtons()
{
    const bool allowed = mayApprove(m_role);
    const bool selected = m_view->currentIndex().isValid();
    for (QPushButton* b : {m_approve, m_reject}) {
        b->setEnabled(allowed && selected && !m_busy);
        b->setToolTip(allowed ? QString() : tr("Only a manager may approve or reject requests."));
    }
}

void ApprovalsWindow::refresh()
{
    if (!mayListApprovals(m_role)) {
        m_status->setText(tr("Your role may not see the approval requests."));
        return;
    }
    api::ApiReply* reply = m_client.call(QStringLiteral("approval.list"), {{QStringLiteral("status"), QStringLiteral("pending")}});
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const qint64 current = m_view->currentIndex().isValid()
                                   ? m_model->rowAt(m_view->currentIndex().row()).value(u"id").toInteger()
                                   : 0;
        QList<QJsonObject> rows;
        for (const QJsonValue& v : result.value(u"approvals").toArray())
            rows.append(v.toObject());
        m_model->replaceAll(rows);
        for (int r = 0; r < m_model->rowCount(); ++r)
            if (m_model->rowAt(r).value(u"id").toInteger() == current || (current == 0 && r == 0)) {
                m_view->setCurrentIndex(m_model->index(r, 0));
                break;
            }
        updateButtons();
        emit loaded();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { m_status->setText(f.message); });
}

void ApprovalsWindow::decide(bool approve)
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || m_busy)
        return;
    const qint64 id = m_model->rowAt(current.row()).value(u"id").toInteger();
    QJsonObject params{{QStringLiteral("id"), id}};
    const QString note = m_note->text().trimmed();
    if (approve) {
        if (!note.isEmpty())
            params.insert(QStringLiteral("note"), note);
    } else {
        params.insert(QStringLiteral("reason"), note);
    }
    m_busy = true;
    updateButtons();
    m_status->setText(approve ? tr("Approving request %1…").arg(id) : tr("Rejecting request %1…").arg(id));
    // Approving the same request twice is harmless (3002 when already decided), so resends are allowed.
    api::ApiReply* reply = m_client.call(approve ? QStringLiteral("approval.approve") : QStringLiteral("approval.reject"), params);
    connect(reply, &api::ApiReply::finished, this, [this, approve, id](const QJsonObject& result) {
        m_busy = false;
        QString text;
        if (approve && result.contains(u"transactions")) {
            // An apportionment: one deduction per account.
            qint64 fen = 0;
            const QJsonArray posted = result.value(u"transactions").toArray();
            for (const QJsonValue& t : posted)
                fen += Money::parseYuan(t.toObject().value(u"amount").toString()).value_or(Money()).fen();
            text = tr("Request %1 approved: %2 deductions, %3 yuan in all.")
                       .arg(id)
                       .arg(posted.size())
                       .arg(Money::fromFen(fen).toYuanString());
        } else if (approve) {
            const QJsonObject t = result.value(u"transaction").toObject();
            text = tr("Request %1 approved: transaction %2, %3 yuan, balance %4 → %5.")
                       .arg(id)
                       .arg(t.value(u"transaction").toInteger())
                       .arg(t.value(u"amount").toString(), t.value(u"balance_before").toString(),
                            t.value(u"balance_after").toString());
        } else {
            text = tr("Request %1 rejected.").arg(id);
        }
        m_status->setText(text);
        m_status->setStyleSheet(QString());
        m_note->clear();
        emit decided(true, text);
        refresh();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_busy = false;
        m_status->setText(f.message);
        m_status->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
        updateButtons();
        emit decided(false, f.message);
    });
}

} // namespace md::app

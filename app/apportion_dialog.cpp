#include "apportion_dialog.h"

#include "apportion_groups.h"

#include "api/api_reply.h"
#include "api/service_client.h"
#include "money/utility.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace md::app {

namespace {

// Hundredths of a square metre as "35.50 m²".
QString area(qint64 centi)
{
    return QStringLiteral("%1.%2 m²").arg(centi / 100).arg(centi % 100, 2, 10, QLatin1Char('0'));
}

QString unitText(const QString& key)
{
    const std::optional<Unit> u = parseUnit(key);
    return u ? unitSymbol(*u) : key;
}

} // namespace

ApportionDialog::ApportionDialog(api::ServiceClient& client, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
{
    setWindowTitle(tr("Public-area apportionment"));
    m_group = new QComboBox(this);
    m_group->setObjectName(QStringLiteral("apportionGroup"));
    m_from = new QDateEdit(this);
    m_to = new QDateEdit(this);
    // Last month by default: the usual run after the month's readings are in.
    const QDate firstOfMonth = QDate::currentDate().addDays(1 - QDate::currentDate().day());
    m_from->setDate(firstOfMonth.addMonths(-1));
    m_to->setDate(firstOfMonth.addDays(-1));
    for (QDateEdit* e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        connect(e, &QDateEdit::dateChanged, this, &ApportionDialog::selectionChanged);
    }
    connect(m_group, &QComboBox::currentIndexChanged, this, &ApportionDialog::selectionChanged);

    auto* period = new QHBoxLayout;
    period->addWidget(m_from);
    period->addWidget(new QLabel(QStringLiteral("—"), this));
    period->addWidget(m_to);
    period->addStretch(1);
    auto* form = new QFormLayout;
    form->addRow(tr("&Group:"), m_group);
    form->addRow(tr("Period:"), period);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("apportionSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_shares = new QTableWidget(0, 5, this);
    m_shares->setObjectName(QStringLiteral("apportionShares"));
    m_shares->setHorizontalHeaderLabels({tr("Account"), tr("Tenant"), tr("Area or share"), tr("Amount (yuan)"), tr("Note")});
    m_shares->verticalHeader()->hide();
    m_shares->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_shares->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_shares->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_shares->horizontalHeader()->setStretchLastSection(true);
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("apportionOutcome"));
    m_outcome->setTextFormat(Qt::PlainText);
    m_outcome->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(this);
    m_preview = buttons->addButton(tr("&Preview"), QDialogButtonBox::ActionRole);
    m_submit = buttons->addButton(tr("&Submit for approval"), QDialogButtonBox::AcceptRole);
    // The groups themselves (公摊分组): edited there, offered here again when it closes.
    auto* groups = buttons->addButton(tr("Gr&oups…"), QDialogButtonBox::ResetRole);
    connect(groups, &QPushButton::clicked, this, [this] {
        auto* dialog = new ApportionGroupsDialog(m_client, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::finished, this, &ApportionDialog::loadGroups);
        dialog->open();
    });
    buttons->addButton(QDialogButtonBox::Close);
    m_submit->setEnabled(false);
    m_submit->setToolTip(tr("Preview the period first; a different manager approves the request."));
    connect(m_preview, &QPushButton::clicked, this, &ApportionDialog::preview);
    connect(buttons, &QDialogButtonBox::accepted, this, &ApportionDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_shares, 1);
    layout->addWidget(m_outcome);
    layout->addWidget(buttons);
    resize(720, 460);
    loadGroups();
}

QJsonObject ApportionDialog::selection() const
{
    return {{QStringLiteral("group"), m_group->currentData().toLongLong()},
            {QStringLiteral("from"), m_from->date().toString(Qt::ISODate)},
            {QStringLiteral("to"), m_to->date().toString(Qt::ISODate)}};
}

void ApportionDialog::selectionChanged()
{
    // The preview on screen no longer answers the choice: preview again before submitting.
    if (!m_previewed.isEmpty() && m_previewed != selection()) {
        m_previewed = {};
        m_submit->setEnabled(false);
        m_summary->setText(tr("The group or period changed: preview again."));
    }
}

void ApportionDialog::showFailure(const QString& message)
{
    m_outcome->setText(message);
    m_outcome->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
    emit failed(message);
}

void ApportionDialog::loadGroups()
{
    api::ApiReply* reply = m_client.call(QStringLiteral("apportion.group.list"));
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        m_group->clear();
        for (const QJsonValue& v : result.value(u"groups").toArray()) {
            const QJsonObject g = v.toObject();
            if (!g.value(u"active").toBool())
                continue;
            const QString method = g.value(u"method").toString() == u"area" ? tr("by area") : tr("by share");
            m_group->addItem(tr("%1 (%2)").arg(g.value(u"name").toString(), method), g.value(u"id").toInteger());
        }
        if (m_group->count() == 0)
            m_outcome->setText(tr("There is no active apportionment group yet: create one with \"Groups…\"."));
        m_preview->setEnabled(m_group->count() > 0);
        emit groupsLoaded();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { showFailure(f.message); });
}

void ApportionDialog::preview()
{
    if (m_group->count() == 0)
        return;
    if (m_to->date() < m_from->date()) {
        showFailure(tr("The period ends before it begins."));
        return;
    }
    const QJsonObject asked = selection();
    m_outcome->setStyleSheet(QString());
    m_outcome->setText(tr("Computing…"));
    api::ApiReply* reply = m_client.call(QStringLiteral("apportion.preview"), asked);
    connect(reply, &api::ApiReply::finished, this, [this, asked](const QJsonObject& a) {
        const bool byArea = a.value(u"method").toString() == u"area";
        const QJsonArray shares = a.value(u"shares").toArray();
        m_shares->setRowCount(int(shares.size()));
        for (int r = 0; r < shares.size(); ++r) {
            const QJsonObject s = shares.at(r).toObject();
            const qint64 weight = s.value(u"weight").toInteger();
            QString note;
            if (s.value(u"skipped").toString() == u"closed")
                note = tr("closed: left out");
            else if (weight == 0)
                note = byArea ? tr("no rented area: pays nothing") : tr("share 0: pays nothing");
            const QStringList cells = {s.value(u"code").toString(), s.value(u"tenant_name").toString(),
                                       byArea ? area(weight) : QString::number(weight), s.value(u"amount").toString(), note};
            for (int c = 0; c < cells.size(); ++c) {
                auto* item = new QTableWidgetItem(cells.at(c));
                if (c == 2 || c == 3)
                    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                m_shares->setItem(r, c, item);
            }
        }
        m_summary->setText(tr("Meter %1, %2 to %3: %4 %5, %6 yuan, split %7 over %8 accounts.")
                               .arg(a.value(u"nameplate").toString(), a.value(u"from").toString(), a.value(u"to").toString(),
                                    a.value(u"consumption").toString(), unitText(a.value(u"unit").toString()),
                                    a.value(u"total").toString(), byArea ? tr("by area") : tr("by fixed shares"))
                               .arg(shares.size()));
        const bool somethingToPay = a.value(u"total").toString() != u"0.00";
        m_previewed = asked;
        m_submit->setEnabled(somethingToPay && m_previewed == selection());
        m_outcome->setText(somethingToPay ? tr("Nothing is posted yet: submit it for a different manager's approval.")
                                          : tr("Nothing to apportion: the meter used nothing that costs money in this period."));
        emit previewed(a);
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { showFailure(f.message); });
}

void ApportionDialog::submit()
{
    if (m_previewed.isEmpty() || m_previewed != selection())
        return;
    if (m_keyFor != m_previewed) { // a new choice is a new request; the same one replays
        m_key = api::ServiceClient::newIdempotencyKey();
        m_keyFor = m_previewed;
    }
    QJsonObject params = m_previewed;
    params.insert(QStringLiteral("key"), m_key);
    m_submit->setEnabled(false);
    m_outcome->setStyleSheet(QString());
    m_outcome->setText(tr("Sending…"));
    api::ApiReply* reply = m_client.moneyCall(QStringLiteral("apportion.request"), params);
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const QJsonObject approval = result.value(u"approval").toObject();
        m_outcome->setText(tr("Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals "
                              "view; %2 yuan will then be deducted from the accounts' wallets.")
                               .arg(approval.value(u"id").toInteger())
                               .arg(approval.value(u"amount").toString()));
        emit filed(result);
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_submit->setEnabled(true);
        showFailure(f.message);
    });
}

} // namespace md::app

#include "audit_viewer.h"

#include "audit_model.h"

#include "api/service_client.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace md::app {

AuditViewer::AuditViewer(api::ServiceClient& client, const AdminAccess& access, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_access(access)
    , m_model(new AuditModel(this))
{
    auto* layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("auditVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);

    if (m_access.queryAudit) {
        m_action = new QComboBox(this);
        m_action->setObjectName(QStringLiteral("auditAction"));
        m_action->addItem(tr("(any action)"), QString());
        for (const QString& key : AuditModel::knownActions())
            m_action->addItem(AuditModel::actionName(key), key);
        m_operator = new QComboBox(this);
        m_operator->setObjectName(QStringLiteral("auditOperator"));
        m_operator->setEditable(true);
        m_operator->setInsertPolicy(QComboBox::NoInsert);
        m_operator->addItem(tr("(any operator)"), 0);
        m_operator->lineEdit()->setPlaceholderText(tr("login name or number"));
        m_operator->setMinimumContentsLength(12);
        m_useFrom = new QCheckBox(tr("From"), this);
        m_useTo = new QCheckBox(tr("until"), this);
        // The log only grows: by default the last week's records, not the first of all time.
        m_from = new QDateTimeEdit(QDateTime(QDate::currentDate().addDays(-7), QTime(0, 0)), this);
        m_to = new QDateTimeEdit(QDateTime(QDate::currentDate().addDays(1), QTime(0, 0)), this);
        for (QDateTimeEdit* e : {m_from, m_to}) {
            e->setCalendarPopup(true);
            e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
            e->setEnabled(false);
        }
        connect(m_useFrom, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
        connect(m_useTo, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
        m_useFrom->setChecked(true);
        m_search = new QPushButton(tr("Search"), this);
        m_search->setDefault(true);
        connect(m_search, &QPushButton::clicked, this, &AuditViewer::search);
        m_more = new QPushButton(tr("Load more"), this);
        m_more->setEnabled(false);
        connect(m_more, &QPushButton::clicked, this, &AuditViewer::loadMore);

        auto* filters = new QHBoxLayout;
        filters->addWidget(new QLabel(tr("Action:"), this));
        filters->addWidget(m_action);
        filters->addWidget(new QLabel(tr("Operator:"), this));
        filters->addWidget(m_operator);
        filters->addWidget(m_useFrom);
        filters->addWidget(m_from);
        filters->addWidget(m_useTo);
        filters->addWidget(m_to);
        filters->addStretch(1);
        filters->addWidget(m_search);
        layout->addLayout(filters);

        m_table = new QTableView(this);
        m_table->setObjectName(QStringLiteral("auditTable"));
        m_table->setModel(m_model);
        m_table->verticalHeader()->hide();
        m_table->setAlternatingRowColors(true);
        m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_table->setWordWrap(false);
        m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
        m_table->horizontalHeader()->setStretchLastSection(false);
        m_table->horizontalHeader()->setSectionResizeMode(AuditModel::Detail, QHeaderView::Stretch);
        layout->addWidget(m_table, 1);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
            for (int c = 0; c < AuditModel::Count; ++c) {
                if (c != AuditModel::Detail)
                    m_table->resizeColumnToContents(c);
            }
        });
    } else {
        auto* note = new QLabel(tr("Your role may verify the audit log's chain but not read its records."), this);
        note->setWordWrap(true);
        layout->addWidget(note);
    }

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    if (m_more)
        bottom->addWidget(m_more);
    if (m_access.verifyAudit) {
        auto* verifyButton = new QPushButton(tr("Verify chain"), this);
        verifyButton->setObjectName(QStringLiteral("auditVerify"));
        verifyButton->setToolTip(tr("Recompute every record's hash and check that none was changed, removed or inserted"));
        connect(verifyButton, &QPushButton::clicked, this, &AuditViewer::verify);
        bottom->addWidget(verifyButton);
    }
    layout->addLayout(bottom);
    layout->addWidget(m_verdict);
    if (!m_access.queryAudit)
        layout->addStretch(1);
    if (m_access.queryAudit && m_access.listOperators)
        loadOperators();
}

void AuditViewer::loadOperators()
{
    api::ApiReply* reply = m_client.call(QStringLiteral("operator.list"));
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        QHash<qint64, QString> names;
        for (const QJsonValue& v : result.value(u"operators").toArray())
            names.insert(v.toObject().value(u"id").toInteger(), v.toObject().value(u"name").toString());
        addOperatorChoices(names);
        m_model->setOperatorNames(m_names);
    });
}

void AuditViewer::addOperatorChoices(const QHash<qint64, QString>& names)
{
    const QString typed = m_operator->currentText();
    const bool any = m_operator->currentIndex() == 0;
    for (auto it = names.begin(); it != names.end(); ++it) {
        m_names.insert(it.key(), it.value());
        if (m_operator->findData(it.key()) >= 0)
            continue;
        int at = 1; // after "(any operator)", in name order
        while (at < m_operator->count() && m_operator->itemText(at) < it.value())
            ++at;
        m_operator->insertItem(at, it.value(), it.key());
    }
    if (any)
        m_operator->setCurrentIndex(0);
    else
        m_operator->setEditText(typed);
}

void AuditViewer::setFilter(const QString& actionKey, const QString& operatorText, const QDateTime& from, const QDateTime& to)
{
    if (!m_access.queryAudit)
        return;
    const int a = m_action->findData(actionKey);
    if (a >= 0) {
        m_action->setCurrentIndex(a);
    } else {
        m_action->addItem(actionKey, actionKey);
        m_action->setCurrentIndex(m_action->count() - 1);
    }
    if (operatorText.isEmpty())
        m_operator->setCurrentIndex(0);
    else
        m_operator->setEditText(operatorText);
    m_useFrom->setChecked(from.isValid());
    m_useTo->setChecked(to.isValid());
    if (from.isValid())
        m_from->setDateTime(from.toLocalTime());
    if (to.isValid())
        m_to->setDateTime(to.toLocalTime());
}

QJsonObject AuditViewer::queryParams(QString* problem) const
{
    QJsonObject p{{QStringLiteral("limit"), m_pageSize}};
    if (!m_access.queryAudit)
        return p;
    if (const QString action = m_action->currentData().toString(); !action.isEmpty())
        p.insert(QStringLiteral("action"), action);
    // The operator: an item of the list, a login name the list knows, or a number.
    const QString typed = m_operator->currentText().trimmed();
    qint64 id = 0;
    if (typed == m_operator->itemText(0) || typed.isEmpty()) {
        id = 0;
    } else if (const int i = m_operator->findText(typed); i > 0) {
        id = m_operator->itemData(i).toLongLong();
    } else {
        bool ok = false;
        id = QString(typed).remove(u'#').toLongLong(&ok);
        if (!ok || id <= 0) {
            if (problem)
                *problem = tr("No operator \"%1\": choose one from the list or type their number.").arg(typed);
            id = 0;
        }
    }
    if (id > 0)
        p.insert(QStringLiteral("operator"), id);
    // The service takes times with their offset: the picked local time as UTC.
    if (m_useFrom->isChecked())
        p.insert(QStringLiteral("from"), m_from->dateTime().toUTC().toString(Qt::ISODate));
    if (m_useTo->isChecked())
        p.insert(QStringLiteral("to"), m_to->dateTime().toUTC().toString(Qt::ISODate));
    return p;
}

void AuditViewer::search()
{
    fetch(true);
}

void AuditViewer::loadMore()
{
    fetch(false);
}

bool AuditViewer::canLoadMore() const
{
    return m_more && m_more->isEnabled();
}

void AuditViewer::fetch(bool fromStart)
{
    if (!m_access.queryAudit || m_busy)
        return;
    QString problem;
    QJsonObject params = queryParams(&problem);
    if (!problem.isEmpty()) {
        showStatus(problem, true);
        return;
    }
    if (fromStart)
        m_model->clear();
    else
        params.insert(QStringLiteral("after_seq"), m_model->lastSeq());
    m_busy = true;
    m_search->setEnabled(false);
    m_more->setEnabled(false);
    showStatus(tr("Loading…"));
    api::ApiReply* reply = m_client.call(QStringLiteral("audit.query"), params);
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const QJsonArray records = result.value(u"records").toArray();
        m_busy = false;
        m_model->append(records);
        addOperatorChoices(m_model->namesSeen()); // a manager may not list operators: the names the log shows
        m_lastPageFull = records.size() == m_pageSize;
        m_search->setEnabled(true);
        m_more->setEnabled(m_lastPageFull);
        showStatus(m_lastPageFull ? tr("%n record(s) shown; there are more.", nullptr, m_model->rowCount())
                                  : tr("%n record(s) shown.", nullptr, m_model->rowCount()));
        emit pageLoaded(int(records.size()));
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_busy = false;
        m_search->setEnabled(true);
        m_more->setEnabled(m_lastPageFull);
        showStatus(f.message, true);
        emit failed(f.message);
    });
}

void AuditViewer::verify()
{
    m_verdict->setStyleSheet(QString());
    m_verdict->setText(tr("Verifying the audit log…"));
    api::ApiReply* reply = m_client.call(QStringLiteral("audit.verify"));
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const bool ok = result.value(u"ok").toBool();
        const qint64 records = result.value(u"records").toInteger();
        if (ok) {
            m_verdict->setText(tr("✔ The audit log is intact: all %n record(s) are in their chain.", nullptr, int(records)));
            m_verdict->setStyleSheet(QStringLiteral("color: #1b5e20; font-weight: bold;"));
        } else {
            m_verdict->setText(tr("✘ The audit log was altered: record %1 is the first that does not fit its chain (%2).")
                                   .arg(result.value(u"first_broken").toInteger())
                                   .arg(result.value(u"problem").toString()));
            m_verdict->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
        }
        emit verified(ok);
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_verdict->setText(f.message);
        m_verdict->setStyleSheet(QStringLiteral("color: #b71c1c;"));
        emit failed(f.message);
    });
}

QString AuditViewer::verdictText() const
{
    return m_verdict->text();
}

QString AuditViewer::statusText() const
{
    return m_status->text();
}

void AuditViewer::showStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b71c1c;") : QString());
}

} // namespace md::app

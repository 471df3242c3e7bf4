#include "apportion_group_editor.h"

#include "api/api_reply.h"
#include "api/service_client.h"
#include "money/utility.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace md::app {

namespace {

constexpr qint64 kMaxWeight = 1000000000; // the service's limit of a share

QString cellText(const QTableWidget* t, int row, int column)
{
    const QTableWidgetItem* item = t->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

ApportionGroupEditor::ApportionGroupEditor(api::ServiceClient& client, const QJsonObject& group, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_id(group.value(u"id").toInteger())
{
    setWindowTitle(isNew() ? tr("New apportionment group") : tr("Apportionment group %1").arg(group.value(u"name").toString()));
    m_name = new QLineEdit(group.value(u"name").toString(), this);
    m_name->setObjectName(QStringLiteral("groupName"));
    m_name->setMaxLength(191);
    m_name->setPlaceholderText(tr("e.g. Building 1 stairwell lights"));
    m_meter = new QLineEdit(group.value(u"nameplate").toString(), this);
    m_meter->setObjectName(QStringLiteral("groupMeter"));
    m_meter->setPlaceholderText(tr("nameplate of a meter of no account"));
    if (!isNew()) { // the service keeps a group's meter: a new meter is a new group
        m_meter->setReadOnly(true);
        m_meter->setFrame(false); // shown, not offered for typing
        m_meter->setStyleSheet(QStringLiteral("background: transparent;"));
        m_meter->setToolTip(tr("A group keeps its meter; share another meter with a new group."));
    }
    m_tariff = new QComboBox(this);
    m_tariff->setObjectName(QStringLiteral("groupTariff"));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("groupMethod"));
    m_method->addItem(tr("By rented area (m²)"), QStringLiteral("area"));
    m_method->addItem(tr("By fixed shares (weights)"), QStringLiteral("weight"));
    m_method->setCurrentIndex(std::max(0, m_method->findData(group.value(u"method").toString(QStringLiteral("area")))));

    m_members = new QTableWidget(0, 2, this);
    m_members->setObjectName(QStringLiteral("groupMembers"));
    m_members->setHorizontalHeaderLabels({tr("Account"), tr("Weight")});
    m_members->verticalHeader()->hide();
    m_members->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_members->horizontalHeader()->setSectionResizeMode(CodeColumn, QHeaderView::Stretch);
    m_members->horizontalHeader()->setSectionResizeMode(WeightColumn, QHeaderView::ResizeToContents);
    m_addMember = new QPushButton(tr("&Add account"), this);
    m_removeMember = new QPushButton(tr("&Remove"), this);
    connect(m_addMember, &QPushButton::clicked, this, [this] {
        addMember();
        m_members->setCurrentCell(m_members->rowCount() - 1, CodeColumn);
        m_members->editItem(m_members->item(m_members->rowCount() - 1, CodeColumn));
    });
    connect(m_removeMember, &QPushButton::clicked, this, &ApportionGroupEditor::removeSelectedMembers);
    auto* memberButtons = new QVBoxLayout;
    memberButtons->addWidget(m_addMember);
    memberButtons->addWidget(m_removeMember);
    memberButtons->addStretch(1);
    m_methodHint = new QLabel(this);
    m_methodHint->setObjectName(QStringLiteral("groupMethodHint"));
    m_methodHint->setWordWrap(true);
    m_methodHint->setTextFormat(Qt::PlainText);
    auto* memberList = new QVBoxLayout;
    memberList->addWidget(m_members, 1);
    memberList->addWidget(m_methodHint);
    auto* members = new QHBoxLayout;
    members->addLayout(memberList, 1);
    members->addLayout(memberButtons);
    for (const QJsonValue& v : group.value(u"members").toArray()) {
        const QJsonObject m = v.toObject();
        const QString code = m.value(u"code").toString();
        addMember(code.isEmpty() ? QString::number(m.value(u"account").toInteger()) : code,
                  m.contains(u"weight") ? QString::number(m.value(u"weight").toInteger()) : QString());
    }

    m_remarks = new QLineEdit(group.value(u"remarks").toString(), this);
    m_remarks->setObjectName(QStringLiteral("groupRemarks"));
    m_active = new QCheckBox(tr("Active (offered for apportionment runs)"), this);
    m_active->setObjectName(QStringLiteral("groupActive"));
    m_active->setChecked(group.value(u"active").toBool(true));

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("groupProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
    m_problem->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_save = buttons->addButton(isNew() ? tr("&Create") : tr("&Save"), QDialogButtonBox::ActionRole);
    m_save->setDefault(true);
    connect(m_save, &QPushButton::clicked, this, &ApportionGroupEditor::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Common &meter:"), m_meter);
    form->addRow(tr("&Tariff:"), m_tariff);
    form->addRow(tr("M&ethod:"), m_method);
    form->addRow(tr("Members:"), members);
    form->addRow(tr("Remar&ks:"), m_remarks);
    form->addRow(QString(), m_active);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    connect(m_method, &QComboBox::currentIndexChanged, this, &ApportionGroupEditor::methodChanged);
    methodChanged();
    resize(560, 520);
    loadTariffs(group.value(u"tariff").toString());
}

void ApportionGroupEditor::addMember(const QString& code, const QString& weight)
{
    const int row = m_members->rowCount();
    m_members->insertRow(row);
    m_members->setItem(row, CodeColumn, new QTableWidgetItem(code));
    auto* w = new QTableWidgetItem(weight);
    w->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_members->setItem(row, WeightColumn, w);
}

void ApportionGroupEditor::removeSelectedMembers()
{
    QList<int> rows;
    for (const QModelIndex& i : m_members->selectionModel()->selectedRows())
        rows.append(i.row());
    if (rows.isEmpty() && m_members->currentRow() >= 0)
        rows.append(m_members->currentRow());
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int r : rows)
        m_members->removeRow(r);
}

void ApportionGroupEditor::methodChanged()
{
    // By area the service reads each account's rooms: no weight to type.
    const bool byWeight = m_method->currentData().toString() == u"weight";
    m_members->setColumnHidden(WeightColumn, !byWeight);
    m_methodHint->setText(byWeight ? tr("Each account pays its weight's part of the total (weight ÷ the sum of the weights).")
                                   : tr("Each account pays in proportion to the area of the rooms it rents, read at each run."));
}

void ApportionGroupEditor::loadTariffs(const QString& current)
{
    api::ApiReply* reply = m_client.call(QStringLiteral("tariff.list"));
    connect(reply, &api::ApiReply::finished, this, [this, current](const QJsonObject& result) {
        const QString chosen = m_tariff->count() > 0 ? m_tariff->currentData().toString() : current;
        m_tariff->clear();
        for (const QJsonValue& v : result.value(u"tariffs").toArray()) {
            const QJsonObject t = v.toObject();
            const QString key = t.value(u"tariff").toString();
            const std::optional<Utility> u = parseUtility(t.value(u"utility").toString());
            const QString name = t.value(u"name").toString();
            m_tariff->addItem(tr("%1 — %2 (%3)").arg(key, name.isEmpty() ? key : name,
                                                      u ? utilityName(*u) : t.value(u"utility").toString()),
                              key);
        }
        if (!chosen.isEmpty() && m_tariff->findData(chosen) < 0) // not listed (any more): keep it shown
            m_tariff->addItem(chosen, chosen);
        m_tariff->setCurrentIndex(chosen.isEmpty() ? -1 : m_tariff->findData(chosen));
        emit tariffsLoaded();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { showProblem(f.message, nullptr); });
}

QString ApportionGroupEditor::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void ApportionGroupEditor::showProblem(const QString& message, QWidget* field)
{
    m_problem->setText(message);
    m_problem->show();
    if (field)
        field->setFocus();
    emit failed(message);
}

QString ApportionGroupEditor::check() const
{
    if (m_name->text().trimmed().isEmpty())
        return tr("Enter the group's name.");
    if (m_meter->text().trimmed().isEmpty())
        return tr("Enter the common meter's nameplate.");
    if (m_tariff->currentIndex() < 0)
        return tr("Choose the tariff that prices the common meter.");
    const bool byWeight = m_method->currentData().toString() == u"weight";
    QSet<QString> seen;
    for (int r = 0; r < m_members->rowCount(); ++r) {
        const QString code = cellText(m_members, r, CodeColumn);
        const QString weight = cellText(m_members, r, WeightColumn);
        if (code.isEmpty() && (weight.isEmpty() || !byWeight))
            continue; // an empty row is left out
        if (code.isEmpty())
            return tr("Member row %1: enter the account's code.").arg(r + 1);
        if (seen.contains(code))
            return tr("Account %1 is listed twice.").arg(code);
        seen.insert(code);
        if (byWeight) {
            bool ok = false;
            const qint64 w = weight.toLongLong(&ok);
            if (!ok || w < 0 || w > kMaxWeight)
                return tr("Account %1: by fixed shares, enter a whole number from 0 to %2 as its weight.").arg(code).arg(kMaxWeight);
        }
    }
    return {};
}

QJsonObject ApportionGroupEditor::params() const
{
    const bool byWeight = m_method->currentData().toString() == u"weight";
    QJsonArray members;
    for (int r = 0; r < m_members->rowCount(); ++r) {
        const QString code = cellText(m_members, r, CodeColumn);
        if (code.isEmpty())
            continue;
        QJsonObject m{{QStringLiteral("code"), code}};
        if (byWeight)
            m.insert(QStringLiteral("weight"), cellText(m_members, r, WeightColumn).toLongLong());
        members.append(m);
    }
    QJsonObject p{{QStringLiteral("name"), m_name->text().trimmed()},
                  {QStringLiteral("tariff"), m_tariff->currentData().toString()},
                  {QStringLiteral("method"), m_method->currentData().toString()},
                  {QStringLiteral("members"), members},
                  {QStringLiteral("remarks"), m_remarks->text().trimmed()},
                  {QStringLiteral("active"), m_active->isChecked()}};
    if (isNew())
        p.insert(QStringLiteral("nameplate"), m_meter->text().trimmed());
    else
        p.insert(QStringLiteral("id"), m_id);
    return p;
}

void ApportionGroupEditor::save()
{
    if (const QString wrong = check(); !wrong.isEmpty()) {
        QWidget* field = m_members;
        if (m_name->text().trimmed().isEmpty())
            field = m_name;
        else if (m_meter->text().trimmed().isEmpty())
            field = m_meter;
        else if (m_tariff->currentIndex() < 0)
            field = m_tariff;
        showProblem(wrong, field);
        return;
    }
    m_problem->hide();
    m_save->setEnabled(false);
    // Not resent after a dropped connection: a second create would answer "name in use".
    api::ApiReply* reply = m_client.call(isNew() ? QStringLiteral("apportion.group.create") : QStringLiteral("apportion.group.update"),
                                         params(), api::ServiceClient::Resend::No);
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& group) {
        m_save->setEnabled(true);
        emit saved(group);
        accept();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_save->setEnabled(true);
        showProblem(f.message, nullptr);
    });
}

} // namespace md::app

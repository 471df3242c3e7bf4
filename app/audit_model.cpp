#include "audit_model.h"

#include "money/money.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>

namespace md::app {

AuditModel::AuditModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int AuditModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QStringList AuditModel::knownActions()
{
    return {QStringLiteral("login"), QStringLiteral("logout"), QStringLiteral("change-password"),
            QStringLiteral("operator-create"), QStringLiteral("operator-set-role"), QStringLiteral("operator-activate"),
            QStringLiteral("operator-deactivate"), QStringLiteral("operator-reset-password"), QStringLiteral("open-account"),
            QStringLiteral("recharge"), QStringLiteral("refund"), QStringLiteral("close-account"), QStringLiteral("correct"), QStringLiteral("adjust"),
            QStringLiteral("approval-request"), QStringLiteral("approval-approve"), QStringLiteral("approval-reject"),
            QStringLiteral("receipt-reprint"), QStringLiteral("shift-close"), QStringLiteral("account-configure"), QStringLiteral("account-link-rooms"),
            QStringLiteral("meter-control"), QStringLiteral("meter-download-settings"), QStringLiteral("bus-scan"),
            QStringLiteral("meter-create"), QStringLiteral("meter-update"), QStringLiteral("meter-remove"),
            QStringLiteral("meter-import"), QStringLiteral("meter-swap")};
}

QString AuditModel::actionName(const QString& key)
{
    static const QHash<QString, const char*> kNames{
        {QStringLiteral("login"), QT_TR_NOOP("Login")},
        {QStringLiteral("logout"), QT_TR_NOOP("Logout")},
        {QStringLiteral("change-password"), QT_TR_NOOP("Password changed")},
        {QStringLiteral("operator-create"), QT_TR_NOOP("Operator created")},
        {QStringLiteral("operator-set-role"), QT_TR_NOOP("Role changed")},
        {QStringLiteral("operator-activate"), QT_TR_NOOP("Operator activated")},
        {QStringLiteral("operator-deactivate"), QT_TR_NOOP("Operator deactivated")},
        {QStringLiteral("operator-reset-password"), QT_TR_NOOP("Password reset")},
        {QStringLiteral("open-account"), QT_TR_NOOP("Account opened")},
        {QStringLiteral("recharge"), QT_TR_NOOP("Recharge")},
        {QStringLiteral("refund"), QT_TR_NOOP("Refund")},
        {QStringLiteral("close-account"), QT_TR_NOOP("Account closed")},
        {QStringLiteral("correct"), QT_TR_NOOP("Correction")},
        {QStringLiteral("adjust"), QT_TR_NOOP("Adjustment")},
        {QStringLiteral("account-link-rooms"), QT_TR_NOOP("Rooms linked")},
        {QStringLiteral("approval-request"), QT_TR_NOOP("Approval requested")},
        {QStringLiteral("approval-approve"), QT_TR_NOOP("Approved")},
        {QStringLiteral("approval-reject"), QT_TR_NOOP("Rejected")},
        {QStringLiteral("receipt-reprint"), QT_TR_NOOP("Receipt reprinted")},
        {QStringLiteral("shift-close"), QT_TR_NOOP("Shift closed")},
        {QStringLiteral("account-configure"), QT_TR_NOOP("Account settings")},
        {QStringLiteral("meter-control"), QT_TR_NOOP("Meter control")},
        {QStringLiteral("meter-download-settings"), QT_TR_NOOP("Settings download")},
        {QStringLiteral("bus-scan"), QT_TR_NOOP("Bus scan")},
        {QStringLiteral("meter-create"), QT_TR_NOOP("Meter added")},
        {QStringLiteral("meter-update"), QT_TR_NOOP("Meter changed")},
        {QStringLiteral("meter-remove"), QT_TR_NOOP("Meter removed")},
        {QStringLiteral("meter-import"), QT_TR_NOOP("Meters imported")},
        {QStringLiteral("meter-swap"), QT_TR_NOOP("Meter swapped")},
    };
    const auto it = kNames.constFind(key);
    return it == kNames.cend() ? key : tr(it.value());
}

QString AuditModel::operatorText(const AuditRow& r) const
{
    if (r.operatorId <= 0)
        return tr("(service)");
    const QString name = r.operatorName.isEmpty() ? m_names.value(r.operatorId) : r.operatorName;
    return name.isEmpty() ? QStringLiteral("#%1").arg(r.operatorId) : name;
}

QHash<qint64, QString> AuditModel::namesSeen() const
{
    QHash<qint64, QString> out;
    for (const AuditRow& r : m_rows) {
        if (r.operatorId > 0 && !r.operatorName.isEmpty())
            out.insert(r.operatorId, r.operatorName);
    }
    return out;
}

namespace {

// The log stores money as integer fen under keys ending in "_fen": shown as yuan with its
// label without the suffix ("amount_fen": 550 → amount: ¥5.50), at any depth.
bool isMoney(const QString& key, const QJsonValue& v)
{
    return key.endsWith(QLatin1String("_fen")) && key.size() > 4 && v.isDouble();
}

QString yuan(const QJsonValue& fen)
{
    return AuditModel::tr("¥%1").arg(Money::fromFen(fen.toInteger()).toYuanString());
}

QJsonValue shown(const QJsonValue& v)
{
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue& x : v.toArray())
            out.append(shown(x));
        return out;
    }
    if (!v.isObject())
        return v;
    const QJsonObject o = v.toObject();
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (isMoney(it.key(), it.value()))
            out.insert(it.key().chopped(4), yuan(it.value()));
        else
            out.insert(it.key(), shown(it.value()));
    }
    return out;
}

// {"amount_fen":550,"memo":"张三"} → amount: ¥5.50, memo: 张三
QString detailText(const QJsonObject& detail)
{
    QStringList parts;
    for (auto it = detail.begin(); it != detail.end(); ++it) {
        const QJsonValue v = it.value();
        QString key = it.key();
        QString text;
        if (isMoney(key, v)) {
            key.chop(4);
            text = yuan(v);
        } else if (v.isString()) {
            text = v.toString();
        } else if (v.isBool()) {
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        } else if (v.isDouble()) {
            text = QString::number(v.toInteger(), 10);
        } else if (v.isNull()) {
            text = QStringLiteral("—");
        } else {
            const QJsonValue s = shown(v);
            text = QString::fromUtf8(s.isArray() ? QJsonDocument(s.toArray()).toJson(QJsonDocument::Compact)
                                                 : QJsonDocument(s.toObject()).toJson(QJsonDocument::Compact));
        }
        parts << key + QStringLiteral(": ") + text;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

QVariant AuditModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditRow& r = m_rows.at(index.row());
    switch (role) {
    case ActionKeyRole:
        return r.action;
    case OperatorIdRole:
        return r.operatorId;
    case SeqRole:
        return r.seq;
    case Qt::ForegroundRole:
        return r.result == u"ok" ? QVariant() : QVariant(QBrush(QColor(0xb7, 0x1c, 0x1c)));
    case Qt::ToolTipRole:
        if (index.column() == Detail)
            return QString::fromUtf8(QJsonDocument::fromJson(r.detail.toUtf8()).toJson(QJsonDocument::Indented));
        if (index.column() == Action)
            return r.action;
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Seq:
        return r.seq;
    case Time:
        return r.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Operator:
        return operatorText(r);
    case Client:
        return r.client;
    case Action:
        return actionName(r.action);
    case Subject:
        return r.subject;
    case Detail:
        return r.detailText;
    case Result:
        return r.result == u"ok" ? tr("OK") : r.result;
    default:
        return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Seq:
        return tr("No.");
    case Time:
        return tr("Time");
    case Operator:
        return tr("Operator");
    case Client:
        return tr("Client");
    case Action:
        return tr("Action");
    case Subject:
        return tr("Subject");
    case Detail:
        return tr("Detail");
    case Result:
        return tr("Result");
    default:
        return {};
    }
}

void AuditModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void AuditModel::append(const QJsonArray& records)
{
    if (records.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(records.size()) - 1);
    for (const QJsonValue& v : records) {
        const QJsonObject o = v.toObject();
        const QJsonObject detail = o.value(u"detail").toObject();
        m_rows.append(AuditRow{o.value(u"seq").toInteger(),
                               QDateTime::fromString(o.value(u"at").toString(), Qt::ISODateWithMs),
                               o.value(u"operator").toInteger(),
                               o.value(u"operator_name").toString(),
                               o.value(u"client").toString(),
                               o.value(u"action").toString(),
                               o.value(u"subject").toString(),
                               QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact)),
                               detailText(detail),
                               o.value(u"result").toString()});
    }
    endInsertRows();
}

void AuditModel::setOperatorNames(const QHash<qint64, QString>& names)
{
    m_names = names;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Operator), index(int(m_rows.size()) - 1, Operator), {Qt::DisplayRole});
}

} // namespace md::app

#include "ledger_model.h"

#include "money/utility.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

namespace md::app {

namespace {

QString formatValue(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("—");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == static_cast<double>(static_cast<qint64>(d)))
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 12);
    }
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Array:
    case QJsonValue::Object:
        break;
    }
    return {};
}

// Key: value lines, nested objects and arrays indented below their key.
void describe(const QJsonValue& value, const QString& indent, QStringList& lines)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.value().isObject() || it.value().isArray()) {
                lines << indent + it.key() + QLatin1Char(':');
                describe(it.value(), indent + QStringLiteral("    "), lines);
            } else {
                lines << indent + it.key() + QStringLiteral(": ") + formatValue(it.value());
            }
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QJsonValue item = a.at(i);
            if (item.isObject()) {
                // One line per flat object (a tier or segment line), else nested.
                const QJsonObject o = item.toObject();
                bool flat = true;
                QStringList parts;
                for (auto it = o.begin(); it != o.end(); ++it) {
                    if (it.value().isObject() || it.value().isArray())
                        flat = false;
                    parts << it.key() + QLatin1Char('=') + formatValue(it.value());
                }
                if (flat) {
                    lines << indent + QStringLiteral("%1. ").arg(i + 1) + parts.join(QStringLiteral(", "));
                } else {
                    lines << indent + QStringLiteral("%1.").arg(i + 1);
                    describe(item, indent + QStringLiteral("    "), lines);
                }
            } else if (item.isArray()) {
                lines << indent + QStringLiteral("%1.").arg(i + 1);
                describe(item, indent + QStringLiteral("    "), lines);
            } else {
                lines << indent + QStringLiteral("%1. ").arg(i + 1) + formatValue(item);
            }
        }
    }
}

// A transaction's time in the desk's local time, as the table shows it.
QString localTimeText(const QJsonObject& t)
{
    const QDateTime at = QDateTime::fromString(t.value(u"at").toString(), Qt::ISODateWithMs);
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : t.value(u"at").toString();
}

// Who posted it: the operator's display and login name, or the service for its own postings.
QString operatorText(const QJsonObject& t)
{
    const QString name = t.value(u"operator_name").toString();
    if (name.isEmpty()) {
        const qint64 id = t.value(u"operator").toInteger();
        return id == 0 ? LedgerModel::tr("the collection service") : LedgerModel::tr("operator #%1").arg(id);
    }
    const QString display = t.value(u"operator_display_name").toString();
    return display.isEmpty() || display == name ? name : QStringLiteral("%1 (%2)").arg(display, name);
}

} // namespace

LedgerModel::LedgerModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int LedgerModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LedgerModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QString LedgerModel::kindName(const QString& kind)
{
    if (kind == u"open")
        return tr("Opening");
    if (kind == u"recharge")
        return tr("Recharge");
    if (kind == u"deduction")
        return tr("Deduction");
    if (kind == u"refund")
        return tr("Refund");
    if (kind == u"transfer")
        return tr("Transfer");
    if (kind == u"closing")
        return tr("Closing settlement");
    if (kind == u"correction")
        return tr("Correction");
    if (kind == u"adjustment")
        return tr("Adjustment");
    // Approval requests that are not ledger transactions themselves.
    if (kind == u"tariff")
        return tr("Tariff change");
    if (kind == u"apportionment")
        return tr("Public-area apportionment");
    return kind;
}

QString LedgerModel::utilityName(const QString& utility)
{
    if (utility == u"electricity")
        return tr("Electricity");
    if (utility == u"water")
        return tr("Water");
    if (utility == u"heat")
        return tr("Heat");
    return utility;
}

QVariant LedgerModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& t = m_rows.at(index.row());
    if (role == TransactionIdRole)
        return t.value(u"transaction").toInteger();
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Id:
        case Amount:
        case BalanceBefore:
        case BalanceAfter:
        case Receipt:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Kind && t.contains(u"detail"))
        return tr("This transaction has an explanation: select it to read it below.");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id:
        return t.value(u"transaction").toInteger();
    case At: {
        return localTimeText(t);
    }
    case Kind: {
        QString k = kindName(t.value(u"kind").toString());
        if (t.contains(u"reverses"))
            k += tr(" (reverses #%1)").arg(t.value(u"reverses").toInteger());
        return k;
    }
    case Utility:
        return utilityName(t.value(u"utility").toString());
    case Amount:
        return t.value(u"amount").toString();
    case BalanceBefore:
        return t.value(u"balance_before").toString();
    case BalanceAfter:
        return t.value(u"balance_after").toString();
    case Receipt:
        return t.value(u"receipt").isNull() ? QVariant() : QVariant(t.value(u"receipt").toInteger());
    case Memo:
        return t.value(u"memo").toString();
    default:
        return {};
    }
}

QVariant LedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("No.");
    case At:
        return tr("Time");
    case Kind:
        return tr("Kind");
    case Utility:
        return tr("Wallet");
    case Amount:
        return tr("Amount");
    case BalanceBefore:
        return tr("Balance before");
    case BalanceAfter:
        return tr("Balance after");
    case Receipt:
        return tr("Receipt");
    case Memo:
        return tr("Memo");
    default:
        return {};
    }
}

void LedgerModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void LedgerModel::append(const QJsonArray& transactions)
{
    if (transactions.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(transactions.size()) - 1);
    for (const QJsonValue& v : transactions)
        m_rows.append(v.toObject());
    endInsertRows();
}

qint64 LedgerModel::oldestId() const
{
    qint64 oldest = 0;
    for (const QJsonObject& t : m_rows) {
        const qint64 id = t.value(u"transaction").toInteger();
        if (oldest == 0 || id < oldest)
            oldest = id;
    }
    return oldest;
}

QString LedgerModel::explain(const QJsonObject& t)
{
    QStringList lines;
    lines << tr("Transaction %1 — %2, %3 wallet")
                 .arg(t.value(u"transaction").toInteger())
                 .arg(kindName(t.value(u"kind").toString()), utilityName(t.value(u"utility").toString()));
    lines << tr("Amount: %1 yuan; balance %2 → %3")
                 .arg(t.value(u"amount").toString(), t.value(u"balance_before").toString(), t.value(u"balance_after").toString());
    lines << tr("At: %1; by %2").arg(localTimeText(t), operatorText(t));
    if (!t.value(u"receipt").isNull())
        lines << tr("Receipt: %1").arg(t.value(u"receipt").toInteger());
    if (t.contains(u"reverses"))
        lines << tr("Reverses transaction %1").arg(t.value(u"reverses").toInteger());
    if (const QString memo = t.value(u"memo").toString(); !memo.isEmpty())
        lines << tr("Memo: %1").arg(memo);
    if (const QJsonObject a = t.value(u"detail").toObject().value(u"apportionment").toObject(); !a.isEmpty()) {
        const std::optional<Unit> unit = parseUnit(a.value(u"unit").toString());
        lines << QString()
              << tr("Public-area apportionment (run %1, group %2): meter %3 used %4 %5 from %6 to %7, costing %8 yuan; "
                    "this account's share is %9 of %10 (%11), %12 yuan.")
                     .arg(a.value(u"run").toInteger())
                     .arg(a.value(u"group_name").toString(), a.value(u"nameplate").toString(), a.value(u"consumption").toString(),
                          unit ? unitSymbol(*unit) : a.value(u"unit").toString(), a.value(u"from").toString(),
                          a.value(u"to").toString(), a.value(u"total").toString())
                     .arg(a.value(u"weight").toInteger())
                     .arg(a.value(u"total_weight").toInteger())
                     .arg(a.value(u"method").toString() == u"area" ? tr("room area in 0.01 m²") : tr("fixed shares"),
                          a.value(u"amount").toString());
    }
    if (t.contains(u"detail")) {
        lines << QString() << tr("Explanation (readings, tier or segment lines, prices):");
        describe(t.value(u"detail"), QStringLiteral("    "), lines);
    } else {
        lines << QString() << tr("No further explanation was recorded for this transaction.");
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace md::app

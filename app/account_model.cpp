#include "account_model.h"

#include <QBrush>

namespace md::app {

QColor stateColor(AccountState state)
{
    switch (state) {
    case AccountState::Normal: return QColor(0xc8, 0xe6, 0xc9);   // green
    case AccountState::Alarm1: return QColor(0xff, 0xf5, 0x9d);   // yellow
    case AccountState::Alarm2: return QColor(0xff, 0xcc, 0x80);   // orange
    case AccountState::Arrears: return QColor(0xef, 0x9a, 0x9a);  // red
    case AccountState::NotOpened: return QColor(0xe0, 0xe0, 0xe0); // grey
    case AccountState::Lost: return QColor(0xb3, 0x9d, 0xdb);     // violet
    case AccountState::ForcedOn: return QColor(0x90, 0xca, 0xf9); // blue
    case AccountState::Count: break;
    }
    return {};
}

QString stateName(AccountState state)
{
    switch (state) {
    case AccountState::Normal: return AccountModel::tr("Opened, normal");
    case AccountState::Alarm1: return AccountModel::tr("Alarm 1");
    case AccountState::Alarm2: return AccountModel::tr("Alarm 2");
    case AccountState::Arrears: return AccountModel::tr("Arrears");
    case AccountState::NotOpened: return AccountModel::tr("Not opened");
    case AccountState::Lost: return AccountModel::tr("Lost");
    case AccountState::ForcedOn: return AccountModel::tr("Forced on");
    case AccountState::Count: break;
    }
    return {};
}

AccountModel::AccountModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int AccountModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AccountModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

AccountState AccountModel::stateOf(const Row& row) const
{
    if (!row.open)
        return AccountState::NotOpened;
    if (row.state)
        return *row.state;
    if (row.electricity.isNegative() || row.water.isNegative() || row.heat.isNegative())
        return AccountState::Arrears;
    return AccountState::Normal;
}

QVariant AccountModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Code: return r.code;
        case Tenant: return r.tenant;
        case Phone: return r.phone;
        case Status: return stateName(stateOf(r));
        case Electricity: return r.electricity.toYuanString();
        case Water: return r.water.toYuanString();
        case Heat: return r.heat.toYuanString();
        case Count: break;
        }
        return {};
    case Qt::BackgroundRole:
        return QBrush(stateColor(stateOf(r)));
    case Qt::ForegroundRole:
        return QBrush(Qt::black); // the state colours are light: dark text on any theme
    case Qt::TextAlignmentRole:
        if (index.column() >= Electricity)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StateRole:
        return int(stateOf(r));
    case AccountIdRole:
        return r.id;
    case SortRole:
        switch (Column(index.column())) {
        case Electricity: return r.electricity.fen();
        case Water: return r.water.fen();
        case Heat: return r.heat.fen();
        default: return data(index, Qt::DisplayRole);
        }
    default:
        return {};
    }
}

QVariant AccountModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Code: return tr("Account");
    case Tenant: return tr("Tenant");
    case Phone: return tr("Phone");
    case Status: return tr("State");
    case Electricity: return tr("Electricity (yuan)");
    case Water: return tr("Water (yuan)");
    case Heat: return tr("Heat (yuan)");
    case Count: break;
    }
    return {};
}

namespace {

// meter.list's state keys (meterColourKey); Removed is never a wallet's.
std::optional<AccountState> stateOfKey(const QString& key)
{
    if (key == u"opened-normal") return AccountState::Normal;
    if (key == u"alarm-1") return AccountState::Alarm1;
    if (key == u"alarm-2") return AccountState::Alarm2;
    if (key == u"arrears") return AccountState::Arrears;
    if (key == u"not-opened") return AccountState::NotOpened;
    if (key == u"lost") return AccountState::Lost;
    if (key == u"forced-on") return AccountState::ForcedOn;
    return std::nullopt;
}

// Which wallet's state the row shows: the one the desk must act on first. Money owed before
// low money; a lost meter (nothing known for sure) and 保电 (never tripped) before normal.
int urgency(AccountState s)
{
    switch (s) {
    case AccountState::Arrears: return 6;
    case AccountState::Alarm2: return 5;
    case AccountState::Alarm1: return 4;
    case AccountState::Lost: return 3;
    case AccountState::ForcedOn: return 2;
    case AccountState::Normal: return 1;
    case AccountState::NotOpened:
    case AccountState::Count: break;
    }
    return 0;
}

} // namespace

AccountModel::Row AccountModel::rowFrom(const QJsonObject& a)
{
    Row r;
    r.id = a.value(u"account").toInteger();
    r.code = a.value(u"code").toString();
    r.tenant = a.value(u"tenant_name").toString();
    r.phone = a.value(u"phone").toString();
    r.open = a.value(u"status").toString() != u"closed";
    const QJsonObject w = a.value(u"wallets").toObject();
    r.electricity = Money::parseYuan(w.value(u"electricity").toString()).value_or(Money());
    r.water = Money::parseYuan(w.value(u"water").toString()).value_or(Money());
    r.heat = Money::parseYuan(w.value(u"heat").toString()).value_or(Money());
    const QJsonObject states = a.value(u"states").toObject();
    for (auto it = states.begin(); it != states.end(); ++it) {
        const std::optional<AccountState> s = stateOfKey(it.value().toString());
        if (s && (!r.state || urgency(*s) > urgency(*r.state)))
            r.state = s;
    }
    return r;
}

int AccountModel::rowOfCode(const QString& code) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).code == code)
            return i;
    return -1;
}

void AccountModel::upsert(const QJsonObject& account)
{
    const Row r = rowFrom(account);
    const int at = rowOfCode(r.code);
    if (at >= 0) {
        m_rows[at] = r;
        emit dataChanged(index(at, 0), index(at, Count - 1));
        return;
    }
    const int n = int(m_rows.size());
    beginInsertRows({}, n, n);
    m_rows.append(r);
    endInsertRows();
}

bool AccountModel::applyBalanceEvent(const QJsonObject& params)
{
    const qint64 id = params.value(u"account").toInteger();
    const auto balance = Money::parseYuan(params.value(u"balance").toString());
    if (!balance)
        return false;
    const QString utility = params.value(u"utility").toString();
    for (int i = 0; i < m_rows.size(); ++i) {
        Row& r = m_rows[i];
        if (r.id != id)
            continue;
        Money* wallet = utility == u"water" ? &r.water : utility == u"heat" ? &r.heat : &r.electricity;
        *wallet = *balance;
        emit dataChanged(index(i, 0), index(i, Count - 1));
        return true;
    }
    return false;
}

void AccountModel::replaceAll(const QList<QJsonObject>& accounts)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(accounts.size());
    for (const QJsonObject& a : accounts)
        m_rows.append(rowFrom(a));
    endResetModel();
}

} // namespace md::app

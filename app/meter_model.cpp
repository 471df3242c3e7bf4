#include "meter_model.h"

#include <QBrush>

#include <limits>

namespace md::app {

MeterModel::MeterModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int MeterModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MeterModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant MeterModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MeterRow& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Room: return r.roomPath;
        case Tenant: return r.tenant;
        case Nameplate: return r.nameplate;
        case Utility: return utilityName(r.utility);
        case State: return stateName(r.state);
        case Balance: return r.balance ? r.balance->toYuanString() : QString();
        case LastReading: return lastReadingText(r);
        case ReadingTime: return readingTimeText(r);
        case Relay: return relayText(r);
        case Count: break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Tenant && !r.phone.isEmpty())
            return tr("%1, account %2, phone %3").arg(r.tenant, r.accountCode, r.phone);
        return {};
    case Qt::DecorationRole:
        // A swatch that stays visible when the row's background is the selection's.
        if (index.column() == State)
            return stateColor(r.state);
        return {};
    case Qt::BackgroundRole:
        return QBrush(stateColor(r.state));
    case Qt::ForegroundRole:
        return QBrush(Qt::black); // the state colours are light: dark text on any theme
    case Qt::TextAlignmentRole:
        if (index.column() == Balance || index.column() == LastReading)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StateRole:
        return int(r.state);
    case MeterIdRole:
        return r.id;
    case SortRole:
        switch (Column(index.column())) {
        case Balance: return r.balance ? r.balance->fen() : std::numeric_limits<qint64>::min();
        case LastReading: return r.lastValueNumber;
        case ReadingTime: return r.hasReading() ? r.lastAt.toMSecsSinceEpoch() : qint64(0);
        case State: return int(r.state);
        default: return data(index, Qt::DisplayRole);
        }
    case SearchRole:
        return QStringList{r.roomPath, r.roomName, r.tenant, r.phone, r.accountCode, r.nameplate}
            .join(QLatin1Char('\n'))
            .toLower();
    default:
        return {};
    }
}

QVariant MeterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Room: return tr("Room");
    case Tenant: return tr("Tenant");
    case Nameplate: return tr("Meter number");
    case Utility: return tr("Utility");
    case State: return tr("State");
    case Balance: return tr("Balance (yuan)");
    case LastReading: return tr("Last reading");
    case ReadingTime: return tr("Reading time");
    case Relay: return tr("Relay");
    case Count: break;
    }
    return {};
}

void MeterModel::replaceAll(const QJsonArray& meters)
{
    QList<MeterRow> rows;
    rows.reserve(meters.size());
    for (const QJsonValue& m : meters)
        rows.append(MeterRow::fromJson(m.toObject()));
    replaceAll(std::move(rows));
}

void MeterModel::replaceAll(QList<MeterRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_byId.clear();
    m_byId.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_byId.insert(m_rows.at(i).id, i);
    endResetModel();
}

int MeterModel::rowOfMeter(qint64 id) const
{
    return m_byId.value(id, -1);
}

void MeterModel::updateMeter(const QJsonObject& meter)
{
    const int at = rowOfMeter(meter.value(u"id").toInteger());
    if (at < 0)
        return;
    m_rows[at] = MeterRow::fromJson(meter);
    emit dataChanged(index(at, 0), index(at, Count - 1));
}

void MeterModel::applyBalanceEvent(const QJsonObject& params)
{
    const qint64 account = params.value(u"account").toInteger();
    const QString utility = params.value(u"utility").toString();
    const auto balance = Money::parseYuan(params.value(u"balance").toString());
    if (account <= 0 || !balance)
        return;
    for (int i = 0; i < m_rows.size(); ++i) {
        MeterRow& r = m_rows[i];
        if (r.accountId != account || r.utility != utility)
            continue;
        r.balance = *balance;
        emit dataChanged(index(i, Balance), index(i, Balance));
    }
}

} // namespace md::app

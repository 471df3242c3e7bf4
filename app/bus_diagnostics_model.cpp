#include "bus_diagnostics_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace md::app {

QString permilleText(qint64 permille)
{
    return QLocale().toString(double(permille) / 10.0, 'f', 1) + QStringLiteral(" %");
}

QString latencyText(qint64 us)
{
    return QLocale().toString(double(us) / 1000.0, 'f', 1) + QStringLiteral(" ms");
}

namespace {

qint64 number(const QJsonObject& o, QStringView key)
{
    return o.value(key).toInteger();
}

qint64 link(const QJsonObject& o, QStringView key)
{
    return o.value(u"link").toObject().value(key).toInteger();
}

qint64 latency(const QJsonObject& o, QStringView key)
{
    return o.value(u"latency_us").toObject().value(key).toInteger();
}

} // namespace

BusDiagnosticsModel::BusDiagnosticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int BusDiagnosticsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_buses.size());
}

int BusDiagnosticsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant BusDiagnosticsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& b = m_buses.at(index.row());
    if (role == BusNameRole)
        return b.value(u"bus").toString();
    if (role == Qt::TextAlignmentRole)
        return index.column() == Bus ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool display = role == Qt::DisplayRole;
    switch (index.column()) {
    case Bus:
        return b.value(u"bus").toString();
    case Requests:
        return link(b, u"requests");
    case Answers:
        return link(b, u"answers");
    case Timeouts:
        return link(b, u"timeouts");
    case ChecksumErrors:
        return link(b, u"checksum_errors");
    case WrongAddress:
        return link(b, u"wrong_address");
    case MeterErrors:
        return link(b, u"meter_errors");
    case Success:
        return display ? QVariant(permilleText(number(b, u"success_permille"))) : QVariant(number(b, u"success_permille"));
    case Cycles:
        return number(b, u"cycles");
    case LastCycle:
        return display ? QVariant(QStringLiteral("%1 ms").arg(number(b, u"last_cycle_ms"))) : QVariant(number(b, u"last_cycle_ms"));
    case P50:
    case P95:
    case P99: {
        const QStringView key = index.column() == P50 ? u"p50" : index.column() == P95 ? u"p95" : u"p99";
        return display ? QVariant(latencyText(latency(b, key))) : QVariant(latency(b, key));
    }
    default:
        return {};
    }
}

QVariant BusDiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Bus:
        return tr("Bus");
    case Requests:
        return tr("Requests");
    case Answers:
        return tr("Answers");
    case Timeouts:
        return tr("Timeouts");
    case ChecksumErrors:
        return tr("Checksum errors");
    case WrongAddress:
        return tr("Wrong address");
    case MeterErrors:
        return tr("Meter errors");
    case Success:
        return tr("Success rate");
    case Cycles:
        return tr("Cycles");
    case LastCycle:
        return tr("Last cycle");
    case P50:
        return tr("Latency p50");
    case P95:
        return tr("Latency p95");
    case P99:
        return tr("Latency p99");
    default:
        return {};
    }
}

void BusDiagnosticsModel::replaceAll(const QJsonArray& buses)
{
    beginResetModel();
    m_buses.clear();
    for (const QJsonValue& v : buses)
        m_buses.append(v.toObject());
    endResetModel();
}

QStringList BusDiagnosticsModel::busNames() const
{
    QStringList out;
    for (const QJsonObject& b : m_buses)
        out << b.value(u"bus").toString();
    return out;
}

MeterDiagnosticsModel::MeterDiagnosticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int MeterDiagnosticsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MeterDiagnosticsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant MeterDiagnosticsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    const QJsonObject& m = r.meter;
    const bool lost = m.value(u"lost").toBool();
    switch (role) {
    case MeterIdRole:
        return number(m, u"meter");
    case LostRole:
        return lost;
    case Qt::ForegroundRole:
        return lost ? QVariant(QBrush(QColor(0xb7, 0x1c, 0x1c))) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Bus || index.column() == Name || index.column() == Lost || index.column() == LastGood
                   ? QVariant()
                   : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const bool display = role == Qt::DisplayRole;
    const QDateTime lastGood = QDateTime::fromString(m.value(u"last_good_reading").toString(), Qt::ISODateWithMs);
    switch (index.column()) {
    case Bus:
        return r.bus;
    case Meter:
        return number(m, u"meter");
    case Name:
        return m.value(u"name").toString();
    case Success:
        if (number(m, u"reads") == 0)
            return display ? QVariant(QStringLiteral("—")) : QVariant(-1);
        return display ? QVariant(permilleText(number(m, u"success_permille"))) : QVariant(number(m, u"success_permille"));
    case Reads:
        return number(m, u"reads");
    case Timeouts:
        return link(m, u"timeouts");
    case ChecksumErrors:
        return link(m, u"checksum_errors");
    case MissedCycles:
        return number(m, u"missed_cycles");
    case Lost:
        return display ? QVariant(lost ? tr("Lost") : QString()) : QVariant(lost);
    case AdaptiveTimeout:
        return display ? QVariant(QStringLiteral("%1 ms").arg(number(m, u"timeout_ms"))) : QVariant(number(m, u"timeout_ms"));
    case P95:
        if (link(m, u"answers") == 0) // no answer, no latency
            return display ? QVariant(QStringLiteral("—")) : QVariant(qint64(-1));
        return display ? QVariant(latencyText(latency(m, u"p95"))) : QVariant(latency(m, u"p95"));
    case LastGood:
        if (!lastGood.isValid())
            return display ? QVariant(tr("never")) : QVariant(qint64(0));
        return display ? QVariant(lastGood.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                       : QVariant(lastGood.toMSecsSinceEpoch());
    default:
        return {};
    }
}

QVariant MeterDiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Bus:
        return tr("Bus");
    case Meter:
        return tr("Meter no.");
    case Name:
        return tr("Nameplate");
    case Success:
        return tr("Success rate");
    case Reads:
        return tr("Reads");
    case Timeouts:
        return tr("Timeouts");
    case ChecksumErrors:
        return tr("Checksum errors");
    case MissedCycles:
        return tr("Missed cycles");
    case Lost:
        return tr("Lost");
    case AdaptiveTimeout:
        return tr("Adaptive timeout");
    case P95:
        return tr("Latency p95");
    case LastGood:
        return tr("Last good reading");
    default:
        return {};
    }
}

void MeterDiagnosticsModel::replaceAll(const QJsonArray& buses)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue& b : buses) {
        const QString bus = b.toObject().value(u"bus").toString();
        for (const QJsonValue& m : b.toObject().value(u"meters").toArray())
            m_rows.append(Row{bus, m.toObject()});
    }
    endResetModel();
}

qint64 MeterDiagnosticsModel::meterAt(int row) const
{
    return number(m_rows.at(row).meter, u"meter");
}

int MeterDiagnosticsModel::rowOfMeter(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (meterAt(i) == id)
            return i;
    }
    return -1;
}

} // namespace md::app

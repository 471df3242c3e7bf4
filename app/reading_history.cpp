#include "reading_history.h"

#include "api/service_client.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSplitter>
#include <QTimeZone>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

namespace md::app {

namespace {

constexpr int kDefaultDays = 31;
const char* const kRegisterKeys[] = {"total", "sharp", "peak", "flat", "valley"};

bool refused(const QJsonObject& r)
{
    const QJsonArray flags = r.value(u"flags").toArray();
    return flags.contains(QStringLiteral("anomaly"));
}

} // namespace

// ---------------------------------------------------------------- ReadingModel

ReadingModel::ReadingModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int ReadingModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReadingModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QString ReadingModel::statusText(const QJsonObject& r)
{
    QStringList parts;
    for (const QJsonValue& f : r.value(u"flags").toArray()) {
        const QString key = f.toString();
        if (key == u"baseline")
            parts << tr("first reading");
        else if (key == u"billed")
            parts << tr("billed");
        else if (key == u"anomaly")
            parts << tr("refused");
        else if (key == u"counter-reset")
            parts << tr("counter reset");
        else if (key == u"unassigned")
            parts << tr("no account");
        else if (key == u"not-billed")
            parts << tr("not billed");
        else if (key == u"battery-low")
            parts << tr("battery low");
        else
            parts << key;
    }
    if (!r.value(u"transaction").isNull() && !r.value(u"transaction").isUndefined())
        parts << tr("transaction %1").arg(r.value(u"transaction").toInteger());
    return parts.join(QStringLiteral(", "));
}

QVariant ReadingModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& r = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() >= Total && index.column() <= Valley)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && refused(r))
        return QColor(0xb7, 0x1c, 0x1c);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case At: {
        const QDateTime at = QDateTime::fromString(r.value(u"at").toString(), Qt::ISODateWithMs);
        return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : r.value(u"at").toString();
    }
    case Total:
    case Sharp:
    case Peak:
    case Flat:
    case Valley:
        return r.value(QLatin1String(kRegisterKeys[index.column() - Total])).toString();
    case Status:
        return statusText(r);
    case Reason:
        return r.value(u"reason").toString();
    default:
        return {};
    }
}

QVariant ReadingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case At:
        return tr("Read at");
    case Total:
        return m_unit.isEmpty() ? tr("Total") : tr("Total (%1)").arg(m_unit);
    case Sharp:
        return tr("Sharp");
    case Peak:
        return tr("Peak");
    case Flat:
        return tr("Flat");
    case Valley:
        return tr("Valley");
    case Status:
        return tr("Status");
    case Reason:
        return tr("Why refused");
    default:
        return {};
    }
}

void ReadingModel::replaceAll(const QList<QJsonObject>& readings, const QString& unit)
{
    beginResetModel();
    m_rows = readings;
    m_unit = unit == u"m3" ? QStringLiteral("m³") : unit;
    endResetModel();
    emit headerDataChanged(Qt::Horizontal, Total, Total);
}

// ---------------------------------------------------------------- ReadingHistoryView

ReadingHistoryView::ReadingHistoryView(api::ServiceClient& client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
{
    m_meter = new QComboBox(this);
    m_meter->setObjectName(QStringLiteral("readingMeter"));
    m_meter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_from = new QDateEdit(QDate::currentDate().addDays(-(kDefaultDays - 1)), this);
    m_to = new QDateEdit(QDate::currentDate(), this);
    for (QDateEdit* d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    auto* show = new QPushButton(tr("Show"), this);
    m_model = new ReadingModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("readingView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_chart = new QChartView(this);
    m_chart->setObjectName(QStringLiteral("readingChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(180);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("readingNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Meter:"), this));
    top->addWidget(m_meter);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("From:"), this));
    top->addWidget(m_from);
    top->addWidget(new QLabel(tr("to:"), this));
    top->addWidget(m_to);
    top->addWidget(show);
    top->addStretch(1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(m_note);

    connect(m_meter, &QComboBox::currentIndexChanged, this, &ReadingHistoryView::reload);
    connect(show, &QPushButton::clicked, this, &ReadingHistoryView::reload);
}

void ReadingHistoryView::setMeters(const QList<std::pair<qint64, QString>>& meters)
{
    const qint64 keep = meter();
    {
        QSignalBlocker block(m_meter);
        m_meter->clear();
        for (const auto& [id, label] : meters)
            m_meter->addItem(label, id);
        if (const int i = m_meter->findData(keep); i >= 0)
            m_meter->setCurrentIndex(i);
    }
    if (meter() != keep || m_model->rowCount() == 0)
        reload();
}

void ReadingHistoryView::setMeter(qint64 id)
{
    if (const int i = m_meter->findData(id); i >= 0 && i != m_meter->currentIndex())
        m_meter->setCurrentIndex(i); // reloads
}

qint64 ReadingHistoryView::meter() const
{
    return m_meter->currentIndex() >= 0 ? m_meter->currentData().toLongLong() : 0;
}

void ReadingHistoryView::setDays(const QDate& from, const QDate& to)
{
    m_from->setDate(from);
    m_to->setDate(to);
}

void ReadingHistoryView::reload()
{
    const int generation = ++m_generation;
    m_pending.clear();
    if (meter() == 0) {
        m_model->replaceAll({}, {});
        m_note->setText(tr("This account has no meter."));
        emit loaded(0);
        return;
    }
    if (m_from->date() > m_to->date()) {
        m_note->setText(tr("The first day is after the last."));
        return;
    }
    m_note->setText(tr("Loading…"));
    fetch({}, generation);
}

void ReadingHistoryView::fetch(const QString& after, int generation)
{
    QJsonObject params{{QStringLiteral("meter"), meter()},
                       {QStringLiteral("from"), m_from->date().toString(Qt::ISODate)},
                       {QStringLiteral("to"), m_to->date().toString(Qt::ISODate)},
                       // The days as the desk's calendar shows them (the service's default is the office's zone).
                       {QStringLiteral("time_zone"), QString::fromLatin1(QTimeZone::systemTimeZoneId())}};
    if (!after.isEmpty())
        params.insert(QStringLiteral("after"), after);
    api::ApiReply* reply = m_client.call(QStringLiteral("meter.readings"), params);
    connect(reply, &api::ApiReply::finished, this, [this, generation](const QJsonObject& result) {
        if (generation != m_generation)
            return; // another meter or span was asked meanwhile
        for (const QJsonValue& v : result.value(u"readings").toArray())
            m_pending.append(v.toObject());
        m_unit = result.value(u"unit").toString();
        const QJsonValue next = result.value(u"next");
        if (next.isString() && !next.toString().isEmpty())
            fetch(next.toString(), generation);
        else
            showAll();
    });
    connect(reply, &api::ApiReply::failed, this, [this, generation](const api::ApiFailure& f) {
        if (generation != m_generation)
            return;
        m_note->setText(f.message);
        emit loaded(0);
    });
}

void ReadingHistoryView::showAll()
{
    m_model->replaceAll(m_pending, m_unit);
    // Time-of-use columns only for a meter whose readings have them.
    for (int c = ReadingModel::Sharp; c <= ReadingModel::Valley; ++c) {
        bool any = false;
        for (const QJsonObject& r : std::as_const(m_pending))
            any = any || r.value(QLatin1String(kRegisterKeys[c - ReadingModel::Total])).isString();
        m_view->setColumnHidden(c, !any);
    }
    auto* chart = new QChart;
    chart->setTitle(tr("Total register, %1").arg(m_meter->currentText()));
    chart->legend()->hide();
    auto* series = new QLineSeries;
    double low = 0, high = 1;
    bool first = true;
    int refusedCount = 0;
    for (const QJsonObject& r : std::as_const(m_pending)) {
        if (refused(r)) {
            ++refusedCount;
            continue;
        }
        const QDateTime at = QDateTime::fromString(r.value(u"at").toString(), Qt::ISODateWithMs);
        const double v = r.value(u"total").toString().toDouble();
        series->append(static_cast<qreal>(at.toMSecsSinceEpoch()), v);
        low = first ? v : std::min(low, v);
        high = first ? v : std::max(high, v);
        first = false;
    }
    chart->addSeries(series);
    auto* x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("MM-dd HH:mm"));
    // The readings' own span (a day of readings in a month's range would be a sliver at the edge).
    if (series->count() >= 2)
        x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(series->at(0).x())),
                    QDateTime::fromMSecsSinceEpoch(qint64(series->at(series->count() - 1).x())));
    else
        x->setRange(m_from->date().startOfDay(), m_to->date().addDays(1).startOfDay());
    auto* y = new QValueAxis;
    y->setTitleText(m_model->unit());
    y->setLabelFormat(QStringLiteral("%.1f"));
    const double pad = std::max(1.0, (high - low) * 0.05);
    y->setRange(std::max(0.0, low - pad), high + pad);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    QChart* old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;
    const int n = int(m_pending.size());
    if (n == 0)
        m_note->setText(tr("No reading of this meter from %1 to %2.")
                            .arg(m_from->date().toString(Qt::ISODate), m_to->date().toString(Qt::ISODate)));
    else
        m_note->setText(tr("%n reading(s), oldest first", nullptr, n)
                        + (refusedCount > 0 ? tr("; %n refused (in red, not drawn)", nullptr, refusedCount) : QString()));
    m_pending.clear();
    emit loaded(n);
}

} // namespace md::app

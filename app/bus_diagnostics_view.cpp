#include "bus_diagnostics_view.h"

#include "bus_diagnostics_model.h"

#include "api/service_client.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace md::app {

namespace {

QTableView* makeTable(QAbstractItemModel* model, int sortRole, QWidget* parent)
{
    auto* proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(sortRole);
    auto* t = new QTableView(parent);
    t->setModel(proxy);
    t->setSortingEnabled(true);
    t->sortByColumn(0, Qt::AscendingOrder);
    t->verticalHeader()->hide();
    t->setAlternatingRowColors(true);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return t;
}

} // namespace

BusDiagnosticsView::BusDiagnosticsView(api::ServiceClient& client, const AdminAccess& access, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
    , m_access(access)
    , m_buses(new BusDiagnosticsModel(this))
    , m_meters(new MeterDiagnosticsModel(this))
{
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    connect(refreshButton, &QPushButton::clicked, this, &BusDiagnosticsView::refresh);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("diagnosticsStatus"));

    auto* top = new QHBoxLayout;
    top->addWidget(refreshButton);
    if (m_access.readNow) {
        m_readNow = new QPushButton(tr("Read selected meters now"), this);
        m_readNow->setToolTip(tr("Read now (召测): the selected meters are read ahead of the polling cycle"));
        connect(m_readNow, &QPushButton::clicked, this, &BusDiagnosticsView::readSelected);
        top->addWidget(m_readNow);
    }
    top->addWidget(m_status, 1);

    m_busTable = makeTable(m_buses, BusDiagnosticsModel::SortRole, this);
    m_busTable->setObjectName(QStringLiteral("busTable"));
    m_meterTable = makeTable(m_meters, MeterDiagnosticsModel::SortRole, this);
    m_meterTable->setObjectName(QStringLiteral("meterDiagnosticsTable"));
    m_meterTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_unreachable = new QLabel(this);
    m_unreachable->setWordWrap(true);
    m_unreachable->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_unreachable->hide();

    auto* tables = new QWidget(this);
    auto* tablesLayout = new QVBoxLayout(tables);
    tablesLayout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, tables);
    split->addWidget(m_busTable);
    split->addWidget(m_meterTable);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    tablesLayout->addWidget(split, 1);
    tablesLayout->addWidget(m_unreachable);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("diagnosticsMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    QFont big = m_message->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_message->setFont(big);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(tables);
    m_stack->addWidget(m_message);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);

    if (m_access.scanBus) {
        auto* box = new QGroupBox(tr("Address scan"), this);
        m_scanBusChoice = new QComboBox(box);
        m_scanBusChoice->setObjectName(QStringLiteral("scanBus"));
        m_protocol = new QComboBox(box);
        m_protocol->addItem(tr("Modbus unit ids"), QStringLiteral("modbus"));
        m_protocol->addItem(tr("DL/T 645 and CJ/T 188 broadcast"), QStringLiteral("broadcast"));
        m_first = new QSpinBox(box);
        m_last = new QSpinBox(box);
        m_first->setRange(1, 247);
        m_last->setRange(1, 247);
        m_first->setValue(1);
        m_last->setValue(247);
        m_scanButton = new QPushButton(tr("Scan"), box);
        connect(m_scanButton, &QPushButton::clicked, this, [this] {
            scan(m_scanBusChoice->currentText(), m_protocol->currentData().toString(), m_first->value(), m_last->value());
        });
        connect(m_protocol, &QComboBox::currentIndexChanged, this, [this] {
            const bool modbus = m_protocol->currentData().toString() == u"modbus";
            m_first->setEnabled(modbus);
            m_last->setEnabled(modbus);
        });
        m_scanBusy = new QProgressBar(box);
        m_scanBusy->setRange(0, 0); // the service tells what it found, not how far it is
        m_scanBusy->setTextVisible(false);
        m_scanBusy->setMaximumWidth(120);
        m_scanBusy->hide();
        auto* row = new QHBoxLayout(box);
        row->addWidget(new QLabel(tr("Bus:"), box));
        row->addWidget(m_scanBusChoice);
        row->addWidget(m_protocol);
        row->addWidget(new QLabel(tr("Addresses:"), box));
        row->addWidget(m_first);
        row->addWidget(new QLabel(QStringLiteral("—"), box));
        row->addWidget(m_last);
        row->addWidget(m_scanButton);
        row->addWidget(m_scanBusy);
        row->addStretch(1);
        layout->addWidget(box);
        m_scanBox = box;
    }

    connect(m_meterTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BusDiagnosticsView::updateButtons);
    connect(&m_client, &api::ServiceClient::notification, this, &BusDiagnosticsView::onNotification);
    updateButtons();
}

void BusDiagnosticsView::showStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b71c1c;") : QString());
}

QString BusDiagnosticsView::statusText() const
{
    return m_status->text();
}

bool BusDiagnosticsView::showsMessage() const
{
    return m_stack->currentWidget() == m_message;
}

QString BusDiagnosticsView::messageText() const
{
    return m_message->text();
}

void BusDiagnosticsView::updateButtons()
{
    const bool collecting = !showsMessage() && m_buses->rowCount() > 0;
    // Without a collection there is nothing to read or scan: the controls go with the tables.
    if (m_readNow) {
        m_readNow->setVisible(!showsMessage());
        m_readNow->setEnabled(collecting && m_meterTable->selectionModel()->hasSelection());
    }
    if (m_scanBox)
        m_scanBox->setVisible(!showsMessage());
    if (m_scanButton)
        m_scanButton->setEnabled(collecting && m_scanBus.isEmpty() && m_scanBusChoice->count() > 0);
}

void BusDiagnosticsView::refresh()
{
    showStatus(tr("Asking the service…"));
    api::ApiReply* reply = m_client.call(QStringLiteral("bus.diagnostics"));
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        const QJsonArray buses = result.value(u"buses").toArray();
        // The selection (meters to read now) survives the refresh.
        QList<qint64> selected;
        for (const QModelIndex& i : m_meterTable->selectionModel()->selectedRows())
            selected << i.data(MeterDiagnosticsModel::MeterIdRole).toLongLong();
        m_buses->replaceAll(buses);
        m_meters->replaceAll(buses);
        auto* proxy = static_cast<QSortFilterProxyModel*>(m_meterTable->model());
        for (qint64 id : selected) {
            if (const int row = m_meters->rowOfMeter(id); row >= 0)
                m_meterTable->selectionModel()->select(proxy->mapFromSource(m_meters->index(row, 0)),
                                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        m_stack->setCurrentWidget(m_stack->widget(0));
        QStringList unreachable;
        for (const QJsonValue& m : result.value(u"unreachable_meters").toArray())
            unreachable << QString::number(m.toInteger());
        m_unreachable->setVisible(!unreachable.isEmpty());
        m_unreachable->setText(tr("Meters on no configured bus (not read): %1").arg(unreachable.join(QStringLiteral(", "))));
        if (m_scanBusChoice) {
            const QString keep = m_scanBusChoice->currentText();
            m_scanBusChoice->clear();
            m_scanBusChoice->addItems(m_buses->busNames());
            if (const int i = m_scanBusChoice->findText(keep); i >= 0)
                m_scanBusChoice->setCurrentIndex(i);
        }
        showStatus(tr("%n bus(es), %1 meter(s); as of %2", nullptr, m_buses->rowCount())
                       .arg(m_meters->rowCount())
                       .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
        updateButtons();
        emit refreshed();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        // No collection here (4601) or no answer: the service's words in place of the tables.
        m_buses->replaceAll({});
        m_meters->replaceAll({});
        m_message->setText(f.message);
        m_stack->setCurrentWidget(m_message);
        showStatus(QString());
        updateButtons();
        emit refreshFailed(f.message);
    });
}

void BusDiagnosticsView::scan(const QString& bus, const QString& protocol, int first, int last)
{
    if (!m_access.scanBus || bus.isEmpty() || !m_scanBus.isEmpty())
        return;
    QJsonObject params{{QStringLiteral("bus"), bus}, {QStringLiteral("protocol"), protocol}};
    if (protocol == u"modbus") {
        params.insert(QStringLiteral("first"), first);
        params.insert(QStringLiteral("last"), last);
    }
    m_scanBus = bus;
    m_found.clear();
    m_scanBusy->show();
    updateButtons();
    showStatus(tr("Scanning %1…").arg(bus));
    api::ApiReply* reply = m_client.call(QStringLiteral("bus.scan"), params, api::ServiceClient::Resend::No);
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_scanBus.clear();
        m_scanBusy->hide();
        updateButtons();
        showStatus(f.message, true);
    });
}

void BusDiagnosticsView::onNotification(const QString& method, const QJsonObject& params)
{
    // A finished cycle changes every counter: the figures on screen follow.
    if (method == u"event.cycle.finished" && isVisible() && !showsMessage() && m_buses->rowCount() > 0) {
        refresh();
        return;
    }
    if (m_scanBus.isEmpty() || params.value(u"bus").toString() != m_scanBus)
        return;
    if (method == u"event.bus.scan_found") {
        m_found << params.value(u"address").toString();
        showStatus(tr("Scanning %1… found %n: %2", nullptr, int(m_found.size())).arg(m_scanBus, m_found.join(QStringLiteral(", "))));
    } else if (method == u"event.bus.scan_finished") {
        const QString bus = m_scanBus;
        const int found = params.value(u"found").toInt();
        m_scanBus.clear();
        m_scanBusy->hide();
        updateButtons();
        showStatus(found == 0 ? tr("Scan of %1 finished: no meter answered.").arg(bus)
                              : tr("Scan of %1 finished: %n meter(s) answered at %2.", nullptr, found)
                                    .arg(bus, m_found.join(QStringLiteral(", "))));
        emit scanFinished(bus, found);
    }
}

void BusDiagnosticsView::readSelected()
{
    if (!m_access.readNow)
        return;
    QJsonArray ids;
    for (const QModelIndex& i : m_meterTable->selectionModel()->selectedRows())
        ids.append(i.data(MeterDiagnosticsModel::MeterIdRole).toLongLong());
    if (ids.isEmpty())
        return;
    const int n = int(ids.size());
    api::ApiReply* reply = m_client.call(QStringLiteral("meter.read_now"), {{QStringLiteral("meters"), ids}});
    connect(reply, &api::ApiReply::finished, this, [this, n](const QJsonObject&) {
        showStatus(tr("Read-now queued for %n meter(s); the figures refresh in a moment.", nullptr, n));
        emit readQueued(n);
        QTimer::singleShot(2000, this, &BusDiagnosticsView::refresh);
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { showStatus(f.message, true); });
}

} // namespace md::app

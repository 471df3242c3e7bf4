#include "meter_list_loader.h"

#include "meter_model.h"
#include "property_tree_model.h"

#include "api/service_client.h"

#include <QJsonArray>

namespace md::app {

MeterListLoader::MeterListLoader(api::ServiceClient& client, MeterModel& meters, PropertyTreeModel& tree, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_meters(meters)
    , m_tree(tree)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(1000);
    connect(&m_debounce, &QTimer::timeout, this, &MeterListLoader::reloadMeters);
    connect(&m_client, &api::ServiceClient::notification, this, &MeterListLoader::onNotification);
}

void MeterListLoader::setFilter(const QJsonObject& filter)
{
    m_filter = filter;
    reloadMeters();
}

void MeterListLoader::reloadAll()
{
    api::ApiReply* reply = m_client.call(QStringLiteral("property.tree"));
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& tree) {
        m_tree.setTree(tree);
        emit treeLoaded();
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { emit failed(f.message); });
    reloadMeters();
}

void MeterListLoader::reloadMeters()
{
    m_debounce.stop();
    const quint64 generation = ++m_generation;
    ++m_listsAsked;
    ++m_inFlight;
    m_dirty = false;
    api::ApiReply* reply = m_client.call(QStringLiteral("meter.list"), m_filter);
    // Events that came while the list was on its way ask again once it is here: a burst never
    // queues list after list in the service (5,000 meters take it some 600 ms).
    auto landed = [this] {
        if (--m_inFlight == 0 && m_dirty && !m_debounce.isActive())
            m_debounce.start();
    };
    connect(reply, &api::ApiReply::finished, this, landed);
    connect(reply, &api::ApiReply::failed, this, landed);
    connect(reply, &api::ApiReply::finished, this, [this, generation](const QJsonObject& result) {
        if (generation != m_generation)
            return;
        const QJsonArray meters = result.value(u"meters").toArray();
        m_meters.replaceAll(meters);
        emit countsChanged(result.value(u"counts").toObject());
        emit metersLoaded(int(meters.size()));
    });
    connect(reply, &api::ApiReply::failed, this, [this, generation](const api::ApiFailure& f) {
        if (generation == m_generation)
            emit failed(f.message);
    });
}

void MeterListLoader::onNotification(const QString& method, const QJsonObject& params)
{
    if (method == u"event.account.changed") {
        // The balance at once; a crossed alarm threshold comes as event.alarm.raised.
        m_meters.applyBalanceEvent(params);
        return;
    }
    if (method == u"event.registry.changed") {
        // Rooms or meters were added, moved or removed: the tree and the list again.
        reloadAll();
        return;
    }
    if (method == u"event.meter.command" || method == u"event.meter.changed" || method == u"event.alarm.raised"
        || method == u"event.cycle.finished") {
        if (m_inFlight > 0)
            m_dirty = true;
        else if (!m_debounce.isActive())
            m_debounce.start();
    }
}

} // namespace md::app

#pragma once

#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace md::api {
class ServiceClient;
struct ApiFailure;
}

namespace md::app {

class MeterModel;
class PropertyTreeModel;

// Keeps the meter grid and the property tree current: asks property.tree and meter.list (with
// the tree node's filter), and on the service's events asks again — debounced, so a collection
// cycle's burst of events is one meter.list, and never another while one is on its way — or
// updates the balances in place. Never polls: without events nothing is asked.
class MeterListLoader : public QObject
{
    Q_OBJECT

public:
    MeterListLoader(api::ServiceClient& client, MeterModel& meters, PropertyTreeModel& tree, QObject* parent = nullptr);

    // The tree node's meter.list filter ({"building": 3}); empty: every meter. Reloads.
    void setFilter(const QJsonObject& filter);
    const QJsonObject& filter() const { return m_filter; }
    // Asks property.tree and meter.list now.
    void reloadAll();
    void reloadMeters();
    // The pause between the first event of a burst and the meter.list it causes.
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }
    int listsAsked() const { return m_listsAsked; }

signals:
    // meter.list's "counts" for the legend: state key → number.
    void countsChanged(const QJsonObject& counts);
    void metersLoaded(int count);
    void treeLoaded();
    void failed(const QString& message);

private:
    void onNotification(const QString& method, const QJsonObject& params);

    api::ServiceClient& m_client;
    MeterModel& m_meters;
    PropertyTreeModel& m_tree;
    QJsonObject m_filter;
    QTimer m_debounce;
    quint64 m_generation = 0; // an answer to an older question is dropped
    int m_listsAsked = 0;
    int m_inFlight = 0;   // meter.list calls not answered yet
    bool m_dirty = false; // an event came meanwhile
};

} // namespace md::app

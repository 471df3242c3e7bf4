#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

namespace md::api {
class ServiceClient;
struct ApiFailure;
}

namespace md::app {

// One batch operation (批量操作) on meters, as the service reports it: meter.control answers
// each meter accepted or refused, then event.meter.command reports each relay command
// confirmed by read-back, retried, or failed. Never waits: every step is a signal. Failed and
// refused meters can be sent again (retryFailed).
class BatchRun : public QObject
{
    Q_OBJECT

public:
    enum class Outcome
    {
        Sending,   // asked, no answer yet
        Accepted,  // the service took the order; waiting for the relay's read-back
        Retrying,  // a command went out and was not confirmed yet; the service retries
        Confirmed, // the meter's relay reads back as ordered
        Refused,   // meter.control said no for this meter (or the call failed)
        Failed,    // the service gave up on the command
    };
    struct Item
    {
        qint64 meter = 0;
        QString nameplate;
        QString room;
        Outcome outcome = Outcome::Sending;
        QString detail;       // why refused/failed, the retry's problem
        qint64 commandId = 0; // a direct command (meter of no account)
    };

    BatchRun(api::ServiceClient& client, QString action, QList<Item> items, QObject* parent = nullptr);

    static QStringList actions(); // force-on, restore-prepaid, trip, close
    static QString actionName(const QString& action);
    static QString outcomeName(Outcome outcome);
    static bool isFinal(Outcome o) { return o == Outcome::Confirmed || o == Outcome::Refused || o == Outcome::Failed; }
    static bool isFailure(Outcome o) { return o == Outcome::Refused || o == Outcome::Failed; }

    const QString& action() const { return m_action; }
    const QList<Item>& items() const { return m_items; }
    int count(Outcome o) const;
    int failures() const { return count(Outcome::Refused) + count(Outcome::Failed); }
    int settled() const; // final outcomes
    int rowOfMeter(qint64 meter) const { return m_rowOf.value(meter, -1); }

    // Sends meter.control for every meter.
    void start();
    // Sends meter.control again for the refused and failed meters only.
    void retryFailed();

    // What the service said; public so that a test can feed the answers and notifications the
    // service produces (a service with buses is not needed to check the state machine).
    void applyAnswer(const QList<qint64>& sent, const QJsonObject& result);
    void applyCallFailure(const QList<qint64>& sent, const api::ApiFailure& failure);
    void applyNotification(const QString& method, const QJsonObject& params);

signals:
    void itemChanged(int row);
    void progressChanged();

private:
    void send(const QList<qint64>& meters);
    void set(int row, Outcome outcome, const QString& detail);
    void applyCommandEvent(int row, const QJsonObject& params);

    api::ServiceClient& m_client;
    QString m_action;
    QList<Item> m_items;
    QHash<qint64, int> m_rowOf;
    QHash<qint64, QJsonObject> m_early; // a command event before meter.control's answer
};

} // namespace md::app

#include "batch_run.h"

#include "api/service_client.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace md::app {

BatchRun::BatchRun(api::ServiceClient& client, QString action, QList<Item> items, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_action(std::move(action))
    , m_items(std::move(items))
{
    for (int i = 0; i < m_items.size(); ++i)
        m_rowOf.insert(m_items.at(i).meter, i);
    connect(&m_client, &api::ServiceClient::notification, this, &BatchRun::applyNotification);
}

QStringList BatchRun::actions()
{
    return {QStringLiteral("force-on"), QStringLiteral("restore-prepaid"), QStringLiteral("trip"), QStringLiteral("close")};
}

QString BatchRun::actionName(const QString& action)
{
    if (action == u"force-on")
        return tr("Force on (keep supplied whatever the balance)");
    if (action == u"restore-prepaid")
        return tr("Restore prepaid (the balance decides again)");
    if (action == u"trip")
        return tr("Trip (cut the supply)");
    if (action == u"close")
        return tr("Close (restore the supply)");
    return action;
}

QString BatchRun::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Sending: return tr("Sending…");
    case Outcome::Accepted: return tr("Accepted, waiting for the meter");
    case Outcome::Retrying: return tr("Not confirmed yet, retrying");
    case Outcome::Confirmed: return tr("Confirmed");
    case Outcome::Refused: return tr("Refused");
    case Outcome::Failed: return tr("Failed");
    }
    return {};
}

int BatchRun::count(Outcome o) const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [o](const Item& i) { return i.outcome == o; }));
}

int BatchRun::settled() const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [](const Item& i) { return isFinal(i.outcome); }));
}

void BatchRun::start()
{
    QList<qint64> all;
    for (const Item& i : m_items)
        all.append(i.meter);
    send(all);
}

void BatchRun::retryFailed()
{
    QList<qint64> again;
    for (const Item& i : m_items)
        if (isFailure(i.outcome))
            again.append(i.meter);
    if (!again.isEmpty())
        send(again);
}

void BatchRun::send(const QList<qint64>& meters)
{
    QJsonArray ids;
    for (qint64 m : meters) {
        ids.append(m);
        const int row = rowOfMeter(m);
        m_items[row].commandId = 0;
        m_early.remove(m);
        set(row, Outcome::Sending, {});
    }
    // A control order is not a money call, but it must not be sent twice blindly either: a lost
    // connection fails it and the operator retries what failed.
    api::ApiReply* reply = m_client.call(QStringLiteral("meter.control"),
                                         {{QStringLiteral("meters"), ids}, {QStringLiteral("action"), m_action}},
                                         api::ServiceClient::Resend::No);
    connect(reply, &api::ApiReply::finished, this, [this, meters](const QJsonObject& r) { applyAnswer(meters, r); });
    connect(reply, &api::ApiReply::failed, this,
            [this, meters](const api::ApiFailure& f) { applyCallFailure(meters, f); });
}

void BatchRun::set(int row, Outcome outcome, const QString& detail)
{
    Item& i = m_items[row];
    if (i.outcome == outcome && i.detail == detail)
        return;
    i.outcome = outcome;
    i.detail = detail;
    emit itemChanged(row);
    emit progressChanged();
}

void BatchRun::applyAnswer(const QList<qint64>& sent, const QJsonObject& result)
{
    QSet<qint64> answered;
    for (const QJsonValue& v : result.value(u"results").toArray()) {
        const QJsonObject r = v.toObject();
        const qint64 meter = r.value(u"meter").toInteger();
        const int row = rowOfMeter(meter);
        if (row < 0 || !sent.contains(meter))
            continue;
        answered.insert(meter);
        if (!r.value(u"ok").toBool()) {
            set(row, Outcome::Refused, r.value(u"error").toString());
            continue;
        }
        m_items[row].commandId = r.value(u"command_id").toInteger();
        set(row, Outcome::Accepted, {});
        if (m_early.contains(meter))
            applyCommandEvent(row, m_early.take(meter));
    }
    for (qint64 meter : sent)
        if (!answered.contains(meter))
            set(rowOfMeter(meter), Outcome::Refused, tr("The service did not answer for this meter"));
}

void BatchRun::applyCallFailure(const QList<qint64>& sent, const api::ApiFailure& failure)
{
    for (qint64 meter : sent)
        set(rowOfMeter(meter), Outcome::Refused, failure.message);
}

void BatchRun::applyNotification(const QString& method, const QJsonObject& params)
{
    if (method != u"event.meter.command")
        return;
    const qint64 meter = params.value(u"meter").toInteger();
    const int row = rowOfMeter(meter);
    if (row < 0)
        return;
    const Outcome o = m_items.at(row).outcome;
    if (o == Outcome::Sending)
        m_early.insert(meter, params);
    else if (o == Outcome::Accepted || o == Outcome::Retrying)
        applyCommandEvent(row, params);
}

void BatchRun::applyCommandEvent(int row, const QJsonObject& params)
{
    // A direct command is matched by its id; a standing order's command is the wallet's, and
    // any command of the meter after the order was accepted carries it out.
    const qint64 expected = m_items.at(row).commandId;
    const qint64 id = params.value(u"command_id").toInteger();
    if (expected > 0 && id > 0 && id != expected)
        return;
    const QString status = params.value(u"status").toString();
    const QString problem = params.value(u"problem").toString();
    if (params.value(u"confirmed").toBool() || status == u"confirmed")
        set(row, Outcome::Confirmed, {});
    else if (status == u"failed")
        set(row, Outcome::Failed, problem.isEmpty() ? tr("The meter did not confirm the command") : problem);
    else
        set(row, Outcome::Retrying, problem);
}

} // namespace md::app

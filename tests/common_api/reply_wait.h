#pragma once

#include "api/api_reply.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

#include <optional>

namespace md::test {

// The outcome of an asynchronous call, waited for on the event loop with a deadline (no sleep).
struct ReplyOutcome
{
    std::optional<QJsonObject> result;
    std::optional<api::ApiFailure> failure;
    bool timedOut = false;
};

inline ReplyOutcome waitForReply(api::ApiReply* reply, int timeoutMs = 20000)
{
    ReplyOutcome out;
    QEventLoop loop;
    QObject::connect(reply, &api::ApiReply::finished, &loop, [&](const QJsonObject& r) {
        out.result = r;
        loop.quit();
    });
    QObject::connect(reply, &api::ApiReply::failed, &loop, [&](const api::ApiFailure& f) {
        out.failure = f;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, [&] {
        out.timedOut = true;
        loop.quit();
    });
    loop.exec();
    return out;
}

// Runs the event loop until pred() holds or the deadline passes; returns pred().
template <typename Pred>
bool waitUntil(Pred pred, int timeoutMs = 20000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!pred() && !deadline.hasExpired()) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return pred();
}

} // namespace md::test

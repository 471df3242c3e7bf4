#pragma once

#include "api/api_failure.h"

#include <QJsonObject>
#include <QObject>

namespace md::api {

// One call's outcome, delivered once: finished(result) or failed(failure). The reply belongs to
// the ServiceClient and deletes itself (deleteLater) after it has told its outcome.
class ApiReply : public QObject
{
    Q_OBJECT

public:
    explicit ApiReply(QString method, QObject* parent = nullptr)
        : QObject(parent)
        , m_method(std::move(method))
    {
    }
    const QString& method() const { return m_method; }
    bool isDone() const { return m_done; }

    // Called by the client.
    void finish(const QJsonObject& result);
    void fail(const ApiFailure& failure);

signals:
    void finished(const QJsonObject& result);
    void failed(const md::api::ApiFailure& failure);

private:
    QString m_method;
    bool m_done = false;
};

} // namespace md::api

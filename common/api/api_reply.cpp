#include "api/api_reply.h"

namespace md::api {

void ApiReply::finish(const QJsonObject& result)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(result);
    deleteLater();
}

void ApiReply::fail(const ApiFailure& failure)
{
    if (m_done)
        return;
    m_done = true;
    emit failed(failure);
    deleteLater();
}

} // namespace md::api

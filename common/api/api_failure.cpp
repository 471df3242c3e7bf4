#include "api/api_failure.h"

namespace md::api {

ApiFailure ApiFailure::unreachable(const QString& host, quint16 port, const QString& why)
{
    return {Kind::Unreachable, 0,
            tr("The service at %1:%2 cannot be reached (%3). Is meterdeskd running, and is the address right?")
                .arg(host)
                .arg(port)
                .arg(why)};
}

ApiFailure ApiFailure::connectionLost()
{
    return {Kind::ConnectionLost, 0, tr("The connection to the service was lost and could not be restored.")};
}

ApiFailure ApiFailure::timeout()
{
    return {Kind::Timeout, 0, tr("The service did not answer in time.")};
}

} // namespace md::api

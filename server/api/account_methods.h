#pragma once

#include "api/api_service.h"
#include "money/ids.h"
#include "money/money.h"

#include <QJsonObject>

#include <optional>

namespace md::api {

// Records a maker–checker request (idempotent by `key`: the same key and content returns the
// stored request, other content is a conflict), logs it and tells the other desks.
QJsonObject requestApproval(CallContext& c, const QString& kind, const QString& key, std::optional<AccountId> account,
                            Money amount, const QJsonObject& params);

} // namespace md::api

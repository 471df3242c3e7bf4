#pragma once

#include "api/api_service.h"
#include "money/ids.h"

#include <QJsonObject>

namespace md {
class PropertyError;
}

namespace md::api {

// The API error of a refusal of the property store (4701 not found, 4702 duplicate, 4703 room
// taken, -32602 invalid).
[[noreturn]] void throwPropertyError(const PropertyError& e);

// A room as the meter list and the tree show it: id, code, name, path.
QJsonObject roomRefJson(CallContext& c, RoomId room);

// After a committed change of the registry (meters added, moved, removed, assigned): the
// collection side, when this service reads meters, restarts its buses with it.
void registryChanged(CallContext& c);

} // namespace md::api

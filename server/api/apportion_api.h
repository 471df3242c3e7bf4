#pragma once

#include "api/api_error.h"
#include "api/api_service.h"

#include <functional>

namespace md::api {

class ApprovalStore;
struct ApprovalRow;

// approval.approve of a request of kind `apportionment` (apportion_methods.cpp): posts the
// run's deductions, marks the run and the request approved and logs it, in one database
// transaction. `refused` logs a refusal (the request then stays pending) before the error is
// thrown to the caller.
QJsonValue approveApportionment(CallContext& c, ApprovalStore& store, const ApprovalRow& row, const QString& action,
                                const std::function<void(const ApiError&)>& refused);
// approval.reject of such a request: the run is rejected with it (in the caller's transaction),
// so its period may be apportioned again.
void rejectApportionment(ApiService& service, const ApprovalRow& row);

} // namespace md::api

#pragma once

#include "util/error.h"

#include <QJsonValue>

namespace md::api {

// Stable error numbers of the API (docs/api.md lists them). The JSON-RPC 2.0 ones are
// negative; MeterDesk's own are grouped by area: 1xxx sessions and operators, 2xxx money,
// 3xxx approvals, 5xxx the service itself.
enum ErrorCode : int {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,

    NotLoggedIn = 1001,
    LoginFailed = 1002,
    LockedOut = 1003,
    PasswordChangeRequired = 1004,
    SessionExpired = 1005,
    Forbidden = 1006,
    OperatorInactive = 1007,
    WeakPassword = 1008,
    DuplicateOperatorName = 1009,
    OperatorNotFound = 1010,
    LastAdministrator = 1011,

    InvalidAmount = 2001,
    AccountNotFound = 2002,
    AccountClosed = 2003,
    DuplicateAccountCode = 2004,
    InsufficientBalance = 2005,
    BalanceCapExceeded = 2006,
    NotReversible = 2007,
    AlreadyReversed = 2008,
    TransactionNotFound = 2009,
    IdempotencyConflict = 2010,
    ReceiptNotFound = 2011,

    ApprovalNotFound = 3001,
    ApprovalAlreadyDecided = 3002,
    SelfApproval = 3003,

    CollectionUnavailable = 4601, // the service reads no meters (no [bus] in its configuration)
    BusNotFound = 4602,
    MeterNotOnBus = 4603,         // the meter is not on any bus this service reads
    TariffNotFound = 4604,

    PropertyNotFound = 4701,  // no such site, building, unit or room
    DuplicateProperty = 4702, // the code or name is in use under the same parent
    RoomTaken = 4703,         // the room is rented by another open account
    MeterNotFound = 4704,
    DuplicateMeter = 4705,    // the nameplate, or the bus and address, are in use
    ImportRejected = 4706,    // meter.import: some rows are wrong, nothing was imported (data.errors)
    MeterRemoved = 4707,      // the meter was already removed

    ApportionNotFound = 4801,  // no such apportionment group, meter or run
    AlreadyApportioned = 4802, // a pending or approved run of the group overlaps the period
    NothingToApportion = 4803, // the period costs nothing, or no member has an area or share

    StorageFailure = 5001,
};

// An error answered to the caller: a stable code, a translated message, optional data.
class ApiError : public Error
{
public:
    ApiError(int code, QString message, QJsonValue data = {})
        : Error(std::move(message))
        , m_code(code)
        , m_data(std::move(data))
    {
    }
    int code() const noexcept { return m_code; }
    const QJsonValue& data() const noexcept { return m_data; }

private:
    int m_code;
    QJsonValue m_data;
};

// Turns any exception from the core into the ApiError the caller sees.
ApiError toApiError(const std::exception& e);

} // namespace md::api

#include "api/api_error.h"

#include "auth/auth_error.h"
#include "ledger/ledger_errors.h"
#include "storage/storage_error.h"

#include <QCoreApplication>

namespace md::api {

namespace {

int ledgerCode(LedgerRuleError::Code c)
{
    using C = LedgerRuleError::Code;
    switch (c) {
    case C::InvalidAmount:
        return InvalidAmount;
    case C::AccountNotFound:
        return AccountNotFound;
    case C::AccountClosed:
        return AccountClosed;
    case C::DuplicateAccountCode:
        return DuplicateAccountCode;
    case C::InsufficientBalance:
        return InsufficientBalance;
    case C::BalanceCapExceeded:
        return BalanceCapExceeded;
    case C::NotReversible:
        return NotReversible;
    case C::AlreadyReversed:
        return AlreadyReversed;
    case C::TransactionNotFound:
        return TransactionNotFound;
    }
    return InternalError;
}

int authCode(AuthError::Code c)
{
    using C = AuthError::Code;
    switch (c) {
    case C::BadCredentials:
        return LoginFailed;
    case C::LockedOut:
        return LockedOut;
    case C::Inactive:
        return OperatorInactive;
    case C::WeakPassword:
        return WeakPassword;
    case C::DuplicateName:
        return DuplicateOperatorName;
    case C::OperatorNotFound:
        return OperatorNotFound;
    case C::LastAdministrator:
        return LastAdministrator;
    }
    return InternalError;
}

} // namespace

ApiError toApiError(const std::exception& e)
{
    if (const auto* a = dynamic_cast<const ApiError*>(&e))
        return *a;
    if (const auto* l = dynamic_cast<const LedgerRuleError*>(&e))
        return ApiError(ledgerCode(l->code()), l->message());
    if (const auto* c = dynamic_cast<const ::md::IdempotencyConflict*>(&e))
        return ApiError(IdempotencyConflict, c->message());
    if (const auto* a = dynamic_cast<const AuthError*>(&e))
        return ApiError(authCode(a->code()), a->message());
    if (const auto* i = dynamic_cast<const InputError*>(&e))
        return ApiError(InvalidParams, i->message());
    if (const auto* s = dynamic_cast<const storage::StorageError*>(&e))
        return ApiError(StorageFailure,
                        QCoreApplication::translate("md::api", "The database refused the operation: %1").arg(s->message()));
    if (const auto* m = dynamic_cast<const Error*>(&e))
        return ApiError(InternalError, m->message());
    return ApiError(InternalError, QCoreApplication::translate("md::api", "Internal error: %1").arg(QString::fromUtf8(e.what())));
}

} // namespace md::api

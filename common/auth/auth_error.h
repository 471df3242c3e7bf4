#pragma once

#include "util/error.h"

namespace md {

// A login, password or operator-management request the rules refuse. The message is
// translated; the code lets the API answer with a stable error number.
class AuthError : public Error
{
public:
    enum class Code {
        BadCredentials,   // unknown name or wrong password (never says which)
        LockedOut,        // too many failures: locked until a time
        Inactive,         // the operator was deactivated
        WeakPassword,     // a new password that the policy refuses
        DuplicateName,    // operator.create with a name in use
        OperatorNotFound,
        LastAdministrator // the change would leave no active administrator
    };
    AuthError(Code code, QString message)
        : Error(std::move(message))
        , m_code(code)
    {
    }
    Code code() const noexcept { return m_code; }

private:
    Code m_code;
};

} // namespace md

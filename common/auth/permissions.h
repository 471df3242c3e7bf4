#pragma once

#include "auth/role.h"

#include <QString>
#include <QStringView>

#include <optional>
#include <span>

namespace md {

// The role × operation matrix as data: one row per API method, naming the roles that may call
// it. The service checks it in one place before dispatching a call; docs/roles.md is checked
// against it by a test. A method missing from the table is refused to everybody.
struct MethodPermission
{
    const char* method;
    unsigned roles;       // bit (1 << int(Role)) per allowed role
    bool needsSession;    // false only for session.login
};

constexpr unsigned roleBit(Role r)
{
    return 1u << static_cast<unsigned>(r);
}

std::span<const MethodPermission> methodPermissions();
std::optional<MethodPermission> findMethodPermission(QStringView method);
bool isAllowed(const MethodPermission& p, Role role);

} // namespace md

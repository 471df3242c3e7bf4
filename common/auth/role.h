#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace md {

// What an operator may do is decided by exactly one role (docs/roles.md).
enum class Role { Cashier, Manager, Engineer, Administrator, Auditor };

inline constexpr Role kAllRoles[] = {Role::Cashier, Role::Manager, Role::Engineer, Role::Administrator,
                                     Role::Auditor};

QString roleKey(Role r);                        // "cashier", ... (database, API)
std::optional<Role> parseRole(QStringView key); // inverse of roleKey
QString roleName(Role r);                       // translated: 收银员, ...

} // namespace md

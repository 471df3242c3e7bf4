#include "auth/role.h"

#include <QCoreApplication>

namespace md {

QString roleKey(Role r)
{
    switch (r) {
    case Role::Cashier:
        return QStringLiteral("cashier");
    case Role::Manager:
        return QStringLiteral("manager");
    case Role::Engineer:
        return QStringLiteral("engineer");
    case Role::Administrator:
        return QStringLiteral("administrator");
    case Role::Auditor:
        return QStringLiteral("auditor");
    }
    Q_UNREACHABLE();
}

std::optional<Role> parseRole(QStringView key)
{
    for (Role r : kAllRoles) {
        if (key == roleKey(r))
            return r;
    }
    return std::nullopt;
}

QString roleName(Role r)
{
    switch (r) {
    case Role::Cashier:
        return QCoreApplication::translate("md::Role", "Cashier");
    case Role::Manager:
        return QCoreApplication::translate("md::Role", "Manager");
    case Role::Engineer:
        return QCoreApplication::translate("md::Role", "Engineer");
    case Role::Administrator:
        return QCoreApplication::translate("md::Role", "Administrator");
    case Role::Auditor:
        return QCoreApplication::translate("md::Role", "Auditor");
    }
    Q_UNREACHABLE();
}

} // namespace md

#include "admin_access.h"

#include "auth/permissions.h"
#include "auth/role.h"

namespace md::app {

bool roleMayCall(const QString& roleKey, const QString& method)
{
    const std::optional<Role> role = parseRole(roleKey);
    const std::optional<MethodPermission> p = findMethodPermission(method);
    return role && p && isAllowed(*p, *role);
}

AdminAccess AdminAccess::forRole(const QString& roleKey)
{
    AdminAccess a;
    auto may = [&](const char* method) { return roleMayCall(roleKey, QString::fromLatin1(method)); };
    a.listOperators = may("operator.list");
    a.changeOperators = may("operator.create") && may("operator.set_role") && may("operator.set_active") &&
                        may("operator.reset_password");
    a.queryAudit = may("audit.query");
    a.verifyAudit = may("audit.verify");
    a.diagnostics = may("bus.diagnostics");
    a.scanBus = may("bus.scan");
    a.readNow = may("meter.read_now");
    a.opensFirst = a.any() && !may("account.get") && !may("meter.list");
    return a;
}

} // namespace md::app

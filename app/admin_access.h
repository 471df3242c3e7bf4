#pragma once

#include <QString>

namespace md::app {

// Whether the service's role × method table (common/auth/permissions.cpp) lets the role call
// the method: the desk shows what the role may use and asks only for that.
bool roleMayCall(const QString& roleKey, const QString& method);

// Which parts of the administration tab a role may use, read from the service's own role ×
// method table (common/auth/permissions.cpp), so the desk shows only what the service allows.
struct AdminAccess
{
    bool listOperators = false;   // operator.list: administrator, auditor
    bool changeOperators = false; // operator.create / set_role / set_active / reset_password
    bool queryAudit = false;      // audit.query: manager, auditor
    bool verifyAudit = false;     // audit.verify: administrator, auditor
    bool diagnostics = false;     // bus.diagnostics: engineer, manager, auditor
    bool scanBus = false;         // bus.scan: engineer, manager
    bool readNow = false;         // meter.read_now: engineer, manager
    bool opensFirst = false;      // no desk work (accounts, meters) for the role: this tab comes up first

    bool operators() const { return listOperators; }
    bool audit() const { return queryAudit || verifyAudit; }
    bool any() const { return operators() || audit() || diagnostics; }

    static AdminAccess forRole(const QString& roleKey);
};

} // namespace md::app

#include "auth/permissions.h"

namespace md {

namespace {

constexpr unsigned C = roleBit(Role::Cashier);
constexpr unsigned M = roleBit(Role::Manager);
constexpr unsigned E = roleBit(Role::Engineer);
constexpr unsigned A = roleBit(Role::Administrator);
constexpr unsigned U = roleBit(Role::Auditor);
constexpr unsigned kEveryone = C | M | E | A | U;

// Who may post money: cashiers and managers only. The administrator runs the system but never
// touches money; the engineer looks after meters; the auditor reads.
const MethodPermission kPermissions[] = {
    {"session.login", kEveryone, false},
    {"session.logout", kEveryone, true},
    {"session.whoami", kEveryone, true},
    {"session.change_password", kEveryone, true},

    {"operator.create", A, true},
    {"operator.list", A | U, true},
    {"operator.set_role", A, true},
    {"operator.set_active", A, true},
    {"operator.reset_password", A, true},

    {"account.open", C | M, true},
    {"account.get", C | M | U, true},
    {"account.transactions", C | M | U, true},
    {"account.recharge", C | M, true},
    {"account.refund", C | M, true},
    {"account.close", C | M, true},
    {"account.correct", C | M, true},
    {"account.adjust", M, true},

    {"approval.list", M | U, true},
    {"approval.approve", M, true},
    {"approval.reject", M, true},

    {"receipt.get", C | M | U, true},
    {"receipt.reprint", C | M, true},

    {"shift.close", C | M, true},

    {"audit.query", M | U, true},
    {"audit.verify", A | U, true},

    // Reports read money: managers and auditors; a cashier their own shift only (the handler
    // refuses another cashier's).
    {"report.sales", M | U, true},
    {"report.account_ledger", M | U, true},
    {"report.shift", C | M | U, true},
    {"report.arrears", M | U, true},
    {"report.reconcile", M | U, true},
};

} // namespace

std::span<const MethodPermission> methodPermissions()
{
    return kPermissions;
}

std::optional<MethodPermission> findMethodPermission(QStringView method)
{
    for (const MethodPermission& p : kPermissions) {
        if (method == QLatin1String(p.method))
            return p;
    }
    return std::nullopt;
}

bool isAllowed(const MethodPermission& p, Role role)
{
    return (p.roles & roleBit(role)) != 0;
}

} // namespace md

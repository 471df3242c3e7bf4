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
    {"report.consumption", M | U, true},
    {"report.compare", M | U, true},
    // Alarm history and unconfirmed relay commands: also the engineer, who chases lost meters.
    {"report.alarms", M | E | U, true},

    // The collection side: the engineer reads meters and buses, the manager also controls
    // relays (batch control); setting a wallet's tariff and alarm thresholds comes with opening it.
    {"meter.read_now", E | M, true},
    {"meter.control", M, true},
    {"meter.download_settings", M, true},
    {"meter.commands", C | M | E | U, true},
    // One meter's raw readings: whoever may see the meter (the desk answers a tenant's query).
    {"meter.readings", C | M | E | U, true},
    {"bus.diagnostics", E | M | U, true},
    {"bus.scan", E | M, true},
    {"account.configure", C | M, true},

    // Tariffs: everyone who works with accounts reads them; a change is a manager's request
    // that another manager approves.
    {"tariff.list", C | M | E | U, true},
    {"tariff.get", C | M | E | U, true},
    {"tariff.request", M, true},

    // The property's structure and the meter registry: the engineer and the manager change
    // them; front desk and auditors read (the lists show tenants and balances, so the
    // administrator, who never sees money, does not).
    {"site.create", E | M, true},
    {"site.update", E | M, true},
    {"site.list", C | M | E | U, true},
    {"building.create", E | M, true},
    {"building.update", E | M, true},
    {"building.list", C | M | E | U, true},
    {"unit.create", E | M, true},
    {"unit.update", E | M, true},
    {"unit.list", C | M | E | U, true},
    {"room.create", E | M, true},
    {"room.update", E | M, true},
    {"room.list", C | M | E | U, true},
    {"property.tree", C | M | E | U, true},
    {"account.link_rooms", C | M, true},
    {"meter.create", E | M, true},
    {"meter.update", E | M, true},
    {"meter.remove", E | M, true},
    {"meter.swap", E | M, true},
    {"meter.import", E | M, true},
    {"meter.get", C | M | E | U, true},
    {"meter.list", C | M | E | U, true},

    // Public-area apportionment (公摊): the groups decide what tenants pay, so the manager keeps
    // them (the engineer, who knows the common meters, and auditors read them); a run moves
    // money: a manager requests it, another manager approves it (approval.approve).
    {"apportion.group.create", M, true},
    {"apportion.group.update", M, true},
    {"apportion.group.list", M | E | U, true},
    {"apportion.preview", M | U, true},
    {"apportion.request", M, true},
    {"report.apportionment", M | U, true},
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

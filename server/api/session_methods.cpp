// session.* and operator.*: login, logout, passwords, and the administrator's operator list.

#include "api/api_error.h"
#include "api/api_service.h"
#include "auth/permissions.h"

#include <QJsonArray>

namespace md::api {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("md::api", text);
}

QJsonObject identityJson(const Identity& who)
{
    return {{QStringLiteral("id"), who.id.v},
            {QStringLiteral("name"), who.name},
            {QStringLiteral("display_name"), who.displayName},
            {QStringLiteral("role"), roleKey(who.role)},
            {QStringLiteral("must_change_password"), who.mustChangePassword}};
}

QJsonValue login(CallContext& c)
{
    const QString name = c.params.string("name");
    const QString password = c.params.string("password");
    if (c.session.identity) // a new login on a connection ends the old session first
        c.service.auth().logout(*c.session.identity, c.session.client);
    c.session.identity.reset();
    const Identity who = c.service.auth().login(name, password, c.session.client);
    c.session.identity = who;
    c.session.lastActivityMs = c.service.nowMs();
    return QJsonObject{{QStringLiteral("operator"), identityJson(who)},
                       {QStringLiteral("idle_minutes"), c.service.auth().policy().idleMs / 60000},
                       {QStringLiteral("training"), c.service.training()}};
}

QJsonValue logout(CallContext& c)
{
    c.service.auth().logout(c.who, c.session.client);
    c.session.identity.reset();
    return QJsonObject{};
}

QJsonValue whoami(CallContext& c)
{
    QJsonArray methods;
    for (const MethodPermission& p : methodPermissions()) {
        if (isAllowed(p, c.who.role))
            methods.append(QLatin1String(p.method));
    }
    QJsonObject o = identityJson(c.who);
    o.insert(QStringLiteral("methods"), methods);
    o.insert(QStringLiteral("training"), c.service.training());
    return o;
}

QJsonValue changePassword(CallContext& c)
{
    c.service.auth().changePassword(c.who.id, c.params.string("old_password"), c.params.string("new_password"),
                                    c.session.client);
    c.session.identity->mustChangePassword = false;
    return QJsonObject{};
}

Role roleParam(const Params& p)
{
    const QString key = p.string("role");
    const std::optional<Role> r = parseRole(key);
    if (!r)
        throw ApiError(InvalidParams,
                       tr("Parameter \"role\": must be cashier, manager, engineer, administrator or auditor (got \"%1\")")
                           .arg(key));
    return *r;
}

QJsonValue createOperator(CallContext& c)
{
    const QString name = c.params.string("name");
    const Role role = roleParam(c.params);
    const Authenticator::Created made =
        c.service.auth().createOperator(c.who, name, c.params.optString("display_name", name), role, c.session.client);
    return QJsonObject{{QStringLiteral("id"), made.id.v},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("role"), roleKey(role)},
                       {QStringLiteral("temporary_password"), made.temporaryPassword}};
}

QJsonValue listOperators(CallContext& c)
{
    QJsonArray rows;
    const qint64 now = c.service.nowMs();
    for (const OperatorRow& r : c.service.auth().operators()) {
        rows.append(QJsonObject{{QStringLiteral("id"), r.id.v},
                                {QStringLiteral("name"), r.name},
                                {QStringLiteral("display_name"), r.displayName},
                                {QStringLiteral("role"), roleKey(r.role)},
                                {QStringLiteral("active"), r.active},
                                {QStringLiteral("locked"), r.lockedUntilMs > now},
                                {QStringLiteral("must_change_password"), r.mustChangePassword}});
    }
    return QJsonObject{{QStringLiteral("operators"), rows}};
}

QJsonValue setRole(CallContext& c)
{
    c.service.auth().setRole(c.who, OperatorId{c.params.integer("id")}, roleParam(c.params), c.session.client);
    return QJsonObject{};
}

QJsonValue setActive(CallContext& c)
{
    const QJsonValue v = c.params.has("active") ? QJsonValue(c.params.optBool("active", true)) : QJsonValue();
    if (!v.isBool())
        throw ApiError(InvalidParams, tr("Parameter \"active\": true or false is required"));
    c.service.auth().setActive(c.who, OperatorId{c.params.integer("id")}, v.toBool(), c.session.client);
    return QJsonObject{};
}

QJsonValue resetPassword(CallContext& c)
{
    const QString password = c.service.auth().resetPassword(c.who, OperatorId{c.params.integer("id")}, c.session.client);
    return QJsonObject{{QStringLiteral("temporary_password"), password}};
}

const MethodDef kSession[] = {
    {"session.login", &login},
    {"session.logout", &logout},
    {"session.whoami", &whoami},
    {"session.change_password", &changePassword},
};

const MethodDef kOperators[] = {
    {"operator.create", &createOperator},
    {"operator.list", &listOperators},
    {"operator.set_role", &setRole},
    {"operator.set_active", &setActive},
    {"operator.reset_password", &resetPassword},
};

} // namespace

std::span<const MethodDef> sessionMethods()
{
    return kSession;
}

std::span<const MethodDef> operatorMethods()
{
    return kOperators;
}

} // namespace md::api

#include "api/api_service.h"

#include "collection/collection_service.h"

#include "api/api_error.h"
#include "audit/operation_log.h"
#include "auth/permissions.h"
#include "ledger/ledger.h"
#include "util/clock.h"

#include <QJsonDocument>

namespace md::api {

namespace {

const MethodDef* findHandler(const QString& method)
{
    for (auto table : {sessionMethods(), operatorMethods(), accountMethods(), approvalMethods(), receiptMethods(),
                       auditMethods(), collectionMethods(), tariffMethods(), reportMethods(), propertyMethods(), meterMethods(),
                       apportionMethods()}) {
        for (const MethodDef& m : table) {
            if (method == QLatin1String(m.name))
                return &m;
        }
    }
    return nullptr;
}

// Methods a session that must change its password may still call.
bool allowedBeforePasswordChange(const QString& method)
{
    return method.startsWith(u"session.");
}

} // namespace

ApiService::ApiService(storage::Database& db, const Clock& clock, AuthPolicy policy, PasswordHasher hasher)
    : m_db(db)
    , m_clock(clock)
    , m_auth(db, clock, policy, hasher)
    , m_ledger(std::make_unique<Ledger>(db, clock))
{
}

ApiService::~ApiService() = default;

qint64 ApiService::nowMs() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch();
}

void ApiService::log(const Session& session, OperatorId who, const QString& action, const QString& subject,
                     const QJsonObject& detail, const QString& result)
{
    OperationRecord r;
    r.atUtc = m_clock.nowUtc();
    r.operatorId = who;
    r.client = session.client.left(64);
    r.action = action;
    r.subject = subject.left(191);
    r.detail = QJsonDocument(detail).toJson(QJsonDocument::Compact);
    r.result = result.left(191);
    OperationLog::append(m_db, r);
}

void ApiService::walletChanged(AccountId account, Utility utility) const
{
    if (m_collection)
        m_collection->walletChanged(account, utility);
}

void ApiService::notify(const QString& method, const QJsonObject& params) const
{
    if (m_notifier)
        m_notifier(method, params);
}

QStringList ApiService::methodNames()
{
    QStringList names;
    for (auto table : {sessionMethods(), operatorMethods(), accountMethods(), approvalMethods(), receiptMethods(),
                       auditMethods(), collectionMethods(), tariffMethods(), reportMethods(), propertyMethods(), meterMethods(),
                       apportionMethods()}) {
        for (const MethodDef& m : table)
            names.append(QLatin1String(m.name));
    }
    return names;
}

QJsonValue ApiService::call(Session& session, const QString& method, const QJsonObject& params)
{
    try {
        const MethodDef* def = findHandler(method);
        if (!def)
            throw ApiError(MethodNotFound, tr("There is no method %1").arg(method));
        const std::optional<MethodPermission> permission = findMethodPermission(method);
        const qint64 now = nowMs();
        Identity anonymous;
        const Identity* who = &anonymous;
        if (!permission || permission->needsSession) {
            if (!session.identity)
                throw ApiError(NotLoggedIn, tr("Log in first (session.login)"));
            if (now - session.lastActivityMs > m_auth.policy().idleMs) {
                const Identity expired = *session.identity;
                session.identity.reset();
                m_auth.logout(expired, session.client); // logged as the end of that session
                throw ApiError(SessionExpired, tr("The session expired after %1 idle minutes; log in again")
                                                   .arg(m_auth.policy().idleMs / 60000));
            }
            // The operator as the database has them now: a role change or a deactivation
            // takes effect at the next call.
            session.identity = m_auth.identity(session.identity->id);
            if (!session.identity)
                throw ApiError(OperatorInactive, tr("This operator was deactivated; the session has ended"));
            session.lastActivityMs = now;
            who = &*session.identity;
            if (who->mustChangePassword && !allowedBeforePasswordChange(method))
                throw ApiError(PasswordChangeRequired,
                               tr("Change the one-time password first (session.change_password)"));
            if (!permission || !isAllowed(*permission, who->role))
                throw ApiError(Forbidden, tr("The role %1 may not call %2").arg(roleName(who->role), method));
        }
        m_ledger->setClient(session.client);
        CallContext ctx{*this, session, *who, Params(params)};
        return def->handler(ctx);
    } catch (const std::exception& e) {
        throw toApiError(e);
    }
}

} // namespace md::api

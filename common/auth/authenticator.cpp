#include "auth/authenticator.h"

#include "audit/operation_log.h"
#include "auth/auth_error.h"
#include "storage/database.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace md {

using Code = AuthError::Code;

namespace {

Identity identityOf(const OperatorRow& row)
{
    return Identity{row.id, row.name, row.displayName, row.role, row.mustChangePassword};
}

QString operatorSubject(OperatorId id)
{
    return QStringLiteral("operator:%1").arg(id.v);
}

bool validName(const QString& name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() || c == u'.' || c == u'_' || c == u'-'))
            return false;
    }
    return true;
}

} // namespace

Authenticator::Authenticator(storage::Database& db, const Clock& clock, AuthPolicy policy, PasswordHasher hasher)
    : m_db(db)
    , m_clock(clock)
    , m_policy(policy)
    , m_hasher(hasher)
    , m_store(db)
{
}

void Authenticator::log(OperatorId who, const QString& client, const QString& action, const QString& subject,
                        const QString& result, const QByteArray& detail)
{
    OperationRecord r;
    r.atUtc = m_clock.nowUtc();
    r.operatorId = who;
    r.client = client.left(64);
    r.action = action;
    r.subject = subject.left(191);
    r.detail = detail.isEmpty() ? QByteArray("{}") : detail;
    r.result = result.left(191);
    OperationLog::append(m_db, r);
}

Identity Authenticator::login(const QString& name, const QString& password, const QString& client)
{
    const qint64 now = m_clock.nowUtc().toMSecsSinceEpoch();
    const std::optional<OperatorRow> row = m_store.findByName(name);
    const QByteArray nameDetail =
        QJsonDocument(QJsonObject{{QStringLiteral("name"), name.left(64)}}).toJson(QJsonDocument::Compact);
    const auto fail = [&](OperatorId who, const QString& result, AuthError error) -> Identity {
        storage::TransactionGuard guard(m_db);
        if (who.isValid() && result == u"bad-password") {
            if (m_store.recordFailure(who, m_policy.maxFailedLogins, now + m_policy.lockoutMs)) {
                log(who, client, QStringLiteral("login"), operatorSubject(who), QStringLiteral("locked-out"), nameDetail);
                guard.commit();
                throw AuthError(Code::LockedOut,
                                tr("Too many failed logins: %1 is locked for %2 minutes")
                                    .arg(name)
                                    .arg(m_policy.lockoutMs / 60000));
            }
        }
        log(who, client, QStringLiteral("login"), who.isValid() ? operatorSubject(who) : QStringLiteral("operator:?"),
            result, nameDetail);
        guard.commit();
        throw error;
    };
    const AuthError bad(Code::BadCredentials, tr("Wrong operator name or password"));
    if (!row) {
        // Spend the same time as a real check so that timing does not tell names apart.
        PasswordHasher::verify(m_hasher.hash(QStringLiteral("not a password")), password);
        return fail(OperatorId{}, QStringLiteral("unknown-operator"), bad);
    }
    if (row->lockedUntilMs > now) {
        const QDateTime until = QDateTime::fromMSecsSinceEpoch(row->lockedUntilMs, Qt::UTC);
        return fail(row->id, QStringLiteral("locked-out"),
                    AuthError(Code::LockedOut, tr("%1 is locked after too many failed logins until %2 UTC")
                                                   .arg(name, until.toString(Qt::ISODate))));
    }
    if (!PasswordHasher::verify(row->passwordHash, password))
        return fail(row->id, QStringLiteral("bad-password"), bad);
    if (!row->active)
        return fail(row->id, QStringLiteral("inactive"), AuthError(Code::Inactive, tr("%1 is deactivated").arg(name)));

    // Raise the stored hash to today's limits while the plain password is at hand.
    const bool rehash = m_hasher.needsRehash(row->passwordHash);
    const QByteArray newHash = rehash ? m_hasher.hash(password) : QByteArray();
    storage::TransactionGuard guard(m_db);
    m_store.recordSuccess(row->id);
    if (rehash)
        m_store.setPassword(row->id, newHash, row->mustChangePassword, now);
    log(row->id, client, QStringLiteral("login"), operatorSubject(row->id), QStringLiteral("ok"),
        rehash ? QByteArray(R"({"rehashed":true})") : nameDetail);
    guard.commit();
    return identityOf(*row);
}

void Authenticator::logout(const Identity& who, const QString& client)
{
    storage::TransactionGuard guard(m_db);
    log(who.id, client, QStringLiteral("logout"), operatorSubject(who.id), QStringLiteral("ok"));
    guard.commit();
}

void Authenticator::checkNewPassword(const OperatorRow& row, const QString& password) const
{
    if (password.size() < m_policy.minPasswordLength)
        throw AuthError(Code::WeakPassword,
                        tr("A password needs at least %1 characters").arg(m_policy.minPasswordLength));
    if (password.compare(row.name, Qt::CaseInsensitive) == 0)
        throw AuthError(Code::WeakPassword, tr("The password must not be the operator name"));
    if (PasswordHasher::verify(row.passwordHash, password))
        throw AuthError(Code::WeakPassword, tr("The new password must differ from the old one"));
}

void Authenticator::changePassword(OperatorId id, const QString& oldPassword, const QString& newPassword,
                                   const QString& client)
{
    const OperatorRow row = requireOperator(id);
    if (!PasswordHasher::verify(row.passwordHash, oldPassword)) {
        storage::TransactionGuard guard(m_db);
        log(id, client, QStringLiteral("change-password"), operatorSubject(id), QStringLiteral("bad-password"));
        guard.commit();
        throw AuthError(Code::BadCredentials, tr("The current password is wrong"));
    }
    checkNewPassword(row, newPassword);
    const QByteArray hash = m_hasher.hash(newPassword);
    storage::TransactionGuard guard(m_db);
    m_store.setPassword(id, hash, false, m_clock.nowUtc().toMSecsSinceEpoch());
    log(id, client, QStringLiteral("change-password"), operatorSubject(id), QStringLiteral("ok"));
    guard.commit();
}

std::optional<Identity> Authenticator::identity(OperatorId id)
{
    const std::optional<OperatorRow> row = m_store.findById(id);
    if (!row || !row->active)
        return std::nullopt;
    return identityOf(*row);
}

std::optional<QString> Authenticator::ensureAdministrator(const QString& client)
{
    if (m_store.count() > 0)
        return std::nullopt;
    const QString password = PasswordHasher::randomPassword();
    OperatorRow row;
    row.name = QStringLiteral("admin");
    row.displayName = tr("Administrator");
    row.role = Role::Administrator;
    row.passwordHash = m_hasher.hash(password);
    row.mustChangePassword = true;
    storage::TransactionGuard guard(m_db);
    if (m_store.count() > 0) // another service got there first
        return std::nullopt;
    const OperatorId id = m_store.insert(row, m_clock.nowUtc().toMSecsSinceEpoch());
    log(OperatorId{}, client, QStringLiteral("operator-create"), operatorSubject(id), QStringLiteral("ok"),
        R"({"name":"admin","role":"administrator","first_run":true})");
    guard.commit();
    return password;
}

Authenticator::Created Authenticator::createOperator(const Identity& by, const QString& name,
                                                     const QString& displayName, Role role, const QString& client)
{
    if (!validName(name))
        throw AuthError(Code::WeakPassword,
                        tr("An operator name is 1 to 64 letters, digits, '.', '_' or '-' (got \"%1\")").arg(name));
    const QString password = PasswordHasher::randomPassword();
    OperatorRow row;
    row.name = name;
    row.displayName = displayName;
    row.role = role;
    row.passwordHash = m_hasher.hash(password);
    row.mustChangePassword = true;
    storage::TransactionGuard guard(m_db);
    if (m_store.findByName(name))
        throw AuthError(Code::DuplicateName, tr("The operator name %1 is already in use").arg(name));
    const OperatorId id = m_store.insert(row, m_clock.nowUtc().toMSecsSinceEpoch());
    log(by.id, client, QStringLiteral("operator-create"), operatorSubject(id), QStringLiteral("ok"),
        QJsonDocument(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("role"), roleKey(role)}})
            .toJson(QJsonDocument::Compact));
    guard.commit();
    return {id, password};
}

OperatorRow Authenticator::requireOperator(OperatorId id)
{
    std::optional<OperatorRow> row = m_store.findById(id);
    if (!row)
        throw AuthError(Code::OperatorNotFound, tr("Operator %1 does not exist").arg(id.v));
    return *row;
}

void Authenticator::requireAnotherAdministrator(const OperatorRow& row)
{
    if (row.role == Role::Administrator && row.active && m_store.countActiveAdministrators() <= 1)
        throw AuthError(Code::LastAdministrator, tr("%1 is the last active administrator").arg(row.name));
}

void Authenticator::setRole(const Identity& by, OperatorId id, Role role, const QString& client)
{
    storage::TransactionGuard guard(m_db);
    const OperatorRow row = requireOperator(id);
    if (role != Role::Administrator)
        requireAnotherAdministrator(row);
    m_store.setRole(id, role);
    log(by.id, client, QStringLiteral("operator-set-role"), operatorSubject(id), QStringLiteral("ok"),
        QJsonDocument(QJsonObject{{QStringLiteral("from"), roleKey(row.role)}, {QStringLiteral("to"), roleKey(role)}})
            .toJson(QJsonDocument::Compact));
    guard.commit();
}

void Authenticator::setActive(const Identity& by, OperatorId id, bool active, const QString& client)
{
    storage::TransactionGuard guard(m_db);
    const OperatorRow row = requireOperator(id);
    if (!active)
        requireAnotherAdministrator(row);
    m_store.setActive(id, active);
    log(by.id, client, active ? QStringLiteral("operator-activate") : QStringLiteral("operator-deactivate"),
        operatorSubject(id), QStringLiteral("ok"));
    guard.commit();
}

QString Authenticator::resetPassword(const Identity& by, OperatorId id, const QString& client)
{
    requireOperator(id);
    const QString password = PasswordHasher::randomPassword();
    const QByteArray hash = m_hasher.hash(password);
    storage::TransactionGuard guard(m_db);
    m_store.setPassword(id, hash, true, m_clock.nowUtc().toMSecsSinceEpoch());
    m_store.recordSuccess(id); // lifts a lockout
    log(by.id, client, QStringLiteral("operator-reset-password"), operatorSubject(id), QStringLiteral("ok"));
    guard.commit();
    return password;
}

QList<OperatorRow> Authenticator::operators()
{
    return m_store.list();
}

} // namespace md

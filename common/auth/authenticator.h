#pragma once

#include "auth/operator_store.h"
#include "auth/password_hasher.h"
#include "auth/role.h"
#include "money/ids.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace md {

class Clock;
namespace storage {
class Database;
}

struct AuthPolicy
{
    qint64 maxFailedLogins = 5;
    qint64 lockoutMs = 15 * 60 * 1000;
    qint64 idleMs = 30 * 60 * 1000; // enforced by the session holder (the API connection)
    int minPasswordLength = 8;
};

// Who is logged in, as the rest of the service needs to know.
struct Identity
{
    OperatorId id;
    QString name;
    QString displayName;
    Role role = Role::Cashier;
    bool mustChangePassword = false;
};

// Operators and their passwords. Every attempt — success or failure — and every change is
// written to the operation log with the client's address, in the same database transaction
// as the change it describes. Password checks run outside any transaction (Argon2id takes tens
// of milliseconds and must not hold the write lock).
class Authenticator
{
    Q_DECLARE_TR_FUNCTIONS(md::Authenticator)

public:
    Authenticator(storage::Database& db, const Clock& clock, AuthPolicy policy = {},
                  PasswordHasher hasher = PasswordHasher());

    const AuthPolicy& policy() const { return m_policy; }

    // Throws AuthError (BadCredentials, LockedOut, Inactive). A hash made with weaker limits
    // than the hasher's is replaced on success.
    Identity login(const QString& name, const QString& password, const QString& client);
    void logout(const Identity& who, const QString& client);
    // Throws AuthError(BadCredentials) when oldPassword is wrong, WeakPassword when the new one
    // is refused. Clears the must-change flag.
    void changePassword(OperatorId id, const QString& oldPassword, const QString& newPassword,
                        const QString& client);

    // The current state of a logged-in operator (role changes and deactivation apply at once).
    std::optional<Identity> identity(OperatorId id);

    // First run: when there is no operator at all, creates "admin" (administrator) with a
    // random one-time password that must be changed at first login, and returns that password.
    std::optional<QString> ensureAdministrator(const QString& client);

    struct Created
    {
        OperatorId id;
        QString temporaryPassword; // shown once; must be changed at first login
    };
    Created createOperator(const Identity& by, const QString& name, const QString& displayName, Role role,
                           const QString& client);
    void setRole(const Identity& by, OperatorId id, Role role, const QString& client);
    void setActive(const Identity& by, OperatorId id, bool active, const QString& client);
    // A new one-time password; also lifts a lockout.
    QString resetPassword(const Identity& by, OperatorId id, const QString& client);

    QList<OperatorRow> operators();

private:
    void checkNewPassword(const OperatorRow& row, const QString& password) const;
    OperatorRow requireOperator(OperatorId id);
    void requireAnotherAdministrator(const OperatorRow& row);
    void log(OperatorId who, const QString& client, const QString& action, const QString& subject,
             const QString& result, const QByteArray& detail = {});

    storage::Database& m_db;
    const Clock& m_clock;
    AuthPolicy m_policy;
    PasswordHasher m_hasher;
    OperatorStore m_store;
};

} // namespace md

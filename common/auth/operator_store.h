#pragma once

#include "auth/role.h"
#include "money/ids.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace md {

namespace storage {
class Database;
}

struct OperatorRow
{
    OperatorId id;
    QString name;
    QString displayName;
    Role role = Role::Cashier;
    QByteArray passwordHash;
    bool mustChangePassword = false;
    qint64 failedLogins = 0;
    qint64 lockedUntilMs = 0;
    bool active = true;
};

// The operators table: rows in, rows out, inside the caller's transaction when there is one.
class OperatorStore
{
public:
    explicit OperatorStore(storage::Database& db);

    std::optional<OperatorRow> findByName(const QString& name);
    std::optional<OperatorRow> findById(OperatorId id);
    QList<OperatorRow> list();
    qint64 count();
    qint64 countActiveAdministrators();

    OperatorId insert(const OperatorRow& row, qint64 atMs);
    // Adds one failure; when it reaches maxFailures the operator is locked until lockedUntilMs
    // and the count starts again. Returns true when this failure locked the operator.
    bool recordFailure(OperatorId id, qint64 maxFailures, qint64 lockedUntilMs);
    void recordSuccess(OperatorId id);
    void setPassword(OperatorId id, const QByteArray& hash, bool mustChange, qint64 atMs);
    void setRole(OperatorId id, Role role);
    void setActive(OperatorId id, bool active);

private:
    storage::Database& m_db;
};

} // namespace md

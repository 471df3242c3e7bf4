#include "auth/operator_store.h"

#include "storage/database.h"
#include "storage/sql_query.h"

namespace md {

using storage::SqlQuery;

namespace {

const char kColumns[] =
    "id, name, display_name, role, password_hash, must_change_password, failed_logins, locked_until, active";

OperatorRow readRow(SqlQuery& q)
{
    OperatorRow r;
    r.id = OperatorId{q.intValue(0)};
    r.name = q.stringValue(1);
    r.displayName = q.stringValue(2);
    // An unknown role in the database (a newer version wrote it) grants nothing a cashier lacks.
    r.role = parseRole(q.stringValue(3)).value_or(Role::Cashier);
    r.passwordHash = q.stringValue(4).toLatin1();
    r.mustChangePassword = q.intValue(5) != 0;
    r.failedLogins = q.intValue(6);
    r.lockedUntilMs = q.intValue(7);
    r.active = q.intValue(8) != 0;
    return r;
}

QString orEmpty(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

OperatorStore::OperatorStore(storage::Database& db)
    : m_db(db)
{
}

std::optional<OperatorRow> OperatorStore::findByName(const QString& name)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM operators WHERE name = ?").arg(QLatin1String(kColumns)));
    q.bind(name);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return readRow(q);
}

std::optional<OperatorRow> OperatorStore::findById(OperatorId id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM operators WHERE id = ?").arg(QLatin1String(kColumns)));
    q.bind(id.v);
    q.exec();
    if (!q.next())
        return std::nullopt;
    return readRow(q);
}

QList<OperatorRow> OperatorStore::list()
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM operators ORDER BY id").arg(QLatin1String(kColumns)));
    q.exec();
    QList<OperatorRow> rows;
    while (q.next())
        rows.append(readRow(q));
    return rows;
}

qint64 OperatorStore::count()
{
    SqlQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM operators"));
    return q.scalarInt();
}

qint64 OperatorStore::countActiveAdministrators()
{
    SqlQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM operators WHERE role = ? AND active = 1"));
    q.bind(roleKey(Role::Administrator));
    return q.scalarInt();
}

OperatorId OperatorStore::insert(const OperatorRow& row, qint64 atMs)
{
    SqlQuery q(m_db, QStringLiteral("INSERT INTO operators (name, display_name, role, password_hash, "
                                    "must_change_password, failed_logins, locked_until, active, created_at, "
                                    "password_changed_at) VALUES (?, ?, ?, ?, ?, 0, 0, 1, ?, ?)"));
    q.bind(row.name);
    q.bind(orEmpty(row.displayName));
    q.bind(roleKey(row.role));
    q.bind(QString::fromLatin1(row.passwordHash));
    q.bind(row.mustChangePassword ? 1 : 0);
    q.bind(atMs);
    q.bind(atMs);
    q.exec();
    return OperatorId{q.lastInsertId()};
}

bool OperatorStore::recordFailure(OperatorId id, qint64 maxFailures, qint64 lockedUntilMs)
{
    // One statement each, so two failing desks cannot both read 4 and both write 5.
    SqlQuery bump(m_db, QStringLiteral("UPDATE operators SET failed_logins = failed_logins + 1 WHERE id = ?"));
    bump.bind(id.v);
    bump.exec();
    SqlQuery lock(m_db, QStringLiteral("UPDATE operators SET locked_until = ?, failed_logins = 0 "
                                       "WHERE id = ? AND failed_logins >= ?"));
    lock.bind(lockedUntilMs);
    lock.bind(id.v);
    lock.bind(maxFailures);
    lock.exec();
    return lock.rowsAffected() > 0;
}

void OperatorStore::recordSuccess(OperatorId id)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE operators SET failed_logins = 0, locked_until = 0 WHERE id = ?"));
    q.bind(id.v);
    q.exec();
}

void OperatorStore::setPassword(OperatorId id, const QByteArray& hash, bool mustChange, qint64 atMs)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = ?, "
                                    "password_changed_at = ? WHERE id = ?"));
    q.bind(QString::fromLatin1(hash));
    q.bind(mustChange ? 1 : 0);
    q.bind(atMs);
    q.bind(id.v);
    q.exec();
}

void OperatorStore::setRole(OperatorId id, Role role)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE operators SET role = ? WHERE id = ?"));
    q.bind(roleKey(role));
    q.bind(id.v);
    q.exec();
}

void OperatorStore::setActive(OperatorId id, bool active)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE operators SET active = ? WHERE id = ?"));
    q.bind(active ? 1 : 0);
    q.bind(id.v);
    q.exec();
}

} // namespace md

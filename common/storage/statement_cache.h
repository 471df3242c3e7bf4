#pragma once

#include <QSqlQuery>
#include <QString>

#include <optional>
#include <unordered_map>

namespace md::storage {

// Prepared statements of one connection, kept by SQL text so a repository that runs the same
// statement thousands of times prepares it once (preparing was ~18 % of reading ingest).
//
// A statement is lent out whole (take) and comes back (give) when its SqlQuery is done with
// it; a second SqlQuery with the same text while the first is out prepares its own, and only
// one copy is kept. give() finishes the statement first, so no SQLite statement stays active
// across COMMIT/ROLLBACK or DDL, and drops a statement whose last use failed (a MySQL
// statement can be dead after a lost connection). Owned by Database and cleared before the
// connection closes. One thread, like its Database.
class StatementCache
{
public:
    // At most this many distinct texts are kept: SQL built with values in its text (an IN
    // list) must not grow the cache without bound.
    static constexpr std::size_t kMaxStatements = 256;
    // 0 keeps nothing (every SqlQuery prepares): for benchmarks comparing with and without.
    void setCapacity(std::size_t capacity);

    std::optional<QSqlQuery> take(const QString& sql);
    void give(const QString& sql, QSqlQuery&& query);
    void clear();
    std::size_t size() const { return m_statements.size(); }
    // Statements prepared since the connection opened (cache misses), for tests and benches.
    quint64 prepares() const { return m_prepares; }
    void countPrepare() { ++m_prepares; }

private:
    std::unordered_map<QString, QSqlQuery> m_statements;
    quint64 m_prepares = 0;
    std::size_t m_capacity = kMaxStatements;
};

} // namespace md::storage

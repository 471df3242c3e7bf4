#include "storage/statement_cache.h"

#include <QSqlError>

namespace md::storage {

std::optional<QSqlQuery> StatementCache::take(const QString& sql)
{
    const auto it = m_statements.find(sql);
    if (it == m_statements.end())
        return std::nullopt;
    std::optional<QSqlQuery> q(std::move(it->second));
    m_statements.erase(it);
    return q;
}

void StatementCache::give(const QString& sql, QSqlQuery&& query)
{
    if (query.lastError().isValid())
        return; // may be unusable (lost connection, busy step): the next user prepares afresh
    query.finish(); // sqlite3_reset / mysql_stmt_free_result: nothing stays active
    if (m_statements.size() >= m_capacity || m_statements.count(sql) > 0)
        return;
    m_statements.emplace(sql, std::move(query));
}

void StatementCache::setCapacity(std::size_t capacity)
{
    m_capacity = capacity;
    if (capacity == 0)
        clear();
}

void StatementCache::clear()
{
    m_statements.clear();
}

} // namespace md::storage

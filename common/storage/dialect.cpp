#include "storage/dialect.h"

#include "storage/sql_query.h"
#include "storage/storage_error.h"

#include <QRegularExpression>

namespace md::storage {

namespace {

bool isIdentifier(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(name).hasMatch();
}

} // namespace

Dialect::Dialect(Backend backend)
    : m_backend(backend)
{
}

QString Dialect::idType() const
{
    // SQLite: AUTOINCREMENT so an id is never reused after the newest row is deleted (ids end
    // up on receipts and in the audit log).
    return m_backend == Backend::Sqlite ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                                        : QStringLiteral("BIGINT AUTO_INCREMENT PRIMARY KEY");
}

QString Dialect::bigint() const
{
    return QStringLiteral("BIGINT");
}

QString Dialect::text() const
{
    // MEDIUMTEXT: 16 MB; MySQL's TEXT stops at 64 KB, too small for an imported detail record.
    return m_backend == Backend::Sqlite ? QStringLiteral("TEXT") : QStringLiteral("MEDIUMTEXT");
}

QString Dialect::blob() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("BLOB") : QStringLiteral("LONGBLOB");
}

QString Dialect::timestamp() const
{
    return QStringLiteral("BIGINT");
}

QString Dialect::tableSuffix() const
{
    return m_backend == Backend::Sqlite
               ? QString()
               : QStringLiteral("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
}

QString Dialect::clusteredTableSuffix() const
{
    // SQLite: the primary key is the table's own B-tree (no rowid), so rows with neighbouring
    // keys share pages; InnoDB always clusters by the primary key.
    return m_backend == Backend::Sqlite ? QStringLiteral("WITHOUT ROWID") : tableSuffix();
}

QString Dialect::beginWrite() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                        : QStringLiteral("START TRANSACTION");
}

QString Dialect::commit() const
{
    return QStringLiteral("COMMIT");
}

QString Dialect::rollback() const
{
    return QStringLiteral("ROLLBACK");
}

QString Dialect::beginReadSnapshot() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("BEGIN")
                                        : QStringLiteral("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
}

QString Dialect::intDiv(const QString& expression, qint64 divisor) const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("((%1) / %2)").arg(expression).arg(divisor)
                                        : QStringLiteral("((%1) DIV %2)").arg(expression).arg(divisor);
}

QString Dialect::forUpdate() const
{
    return m_backend == Backend::Sqlite ? QString() : QStringLiteral(" FOR UPDATE");
}

QString Dialect::insertOrIgnore(const QString& table, const QStringList& columns) const
{
    if (!isIdentifier(table) || columns.isEmpty())
        throw StorageError(tr("insertOrIgnore: \"%1\" is not a table name, or no columns given").arg(table));
    for (const QString& c : columns) {
        if (!isIdentifier(c))
            throw StorageError(tr("insertOrIgnore: \"%1\" is not a column name").arg(c));
    }
    const QString insert = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                               .arg(table, columns.join(QStringLiteral(", ")), placeholders(columns.size()));
    if (m_backend == Backend::Sqlite)
        return insert + QStringLiteral(" ON CONFLICT DO NOTHING");
    // A no-op update of the first column: the row stays as it was, errors stay errors.
    return insert + QStringLiteral(" ON DUPLICATE KEY UPDATE %1 = %1").arg(columns.first());
}

QString Dialect::tableExistsQuery() const
{
    return m_backend == Backend::Sqlite
               ? QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
               : QStringLiteral("SELECT COUNT(*) FROM information_schema.TABLES "
                                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?");
}

QString Dialect::expand(const QString& sql) const
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z_]+)\\}"));
    QString out;
    out.reserve(sql.size() + 64);
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(sql); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1);
        QString replacement;
        if (name == u"id")
            replacement = idType();
        else if (name == u"bigint")
            replacement = bigint();
        else if (name == u"text")
            replacement = text();
        else if (name == u"blob")
            replacement = blob();
        else if (name == u"timestamp")
            replacement = timestamp();
        else if (name == u"table_options")
            replacement = tableSuffix();
        else if (name == u"clustered_table_options")
            replacement = clusteredTableSuffix();
        else
            throw StorageError(tr("unknown placeholder {%1} in schema SQL: %2").arg(name, sql.simplified()));
        out += QStringView(sql).mid(last, m.capturedStart() - last);
        out += replacement;
        last = m.capturedEnd();
    }
    out += QStringView(sql).mid(last);
    return out;
}

} // namespace md::storage

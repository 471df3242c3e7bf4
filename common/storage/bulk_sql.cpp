#include "storage/bulk_sql.h"

#include "storage/database.h"
#include "storage/sql_query.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlResult>

#ifdef MD_SQLITE_DIRECT_BIND
#include <sqlite3.h>
#endif
#ifdef MD_MYSQL_DIRECT_READ
#include "storage/mysql_rows.h"
#endif

namespace md::storage::bulk {

namespace {
bool g_directBind = true;
}

bool directBindAllowed()
{
    return g_directBind;
}

void setDirectBindAllowed(bool allowed)
{
    g_directBind = allowed;
}

QList<qsizetype> chunkSizes(qsizetype n, qsizetype maxRows)
{
    maxRows = std::max<qsizetype>(1, maxRows);
    QList<qsizetype> sizes;
    while (n >= maxRows) {
        sizes.append(maxRows);
        n -= maxRows;
    }
    for (qsizetype p = qsizetype(1) << 30; n > 0; p >>= 1) {
        if (n >= p) {
            sizes.append(p);
            n -= p;
        }
    }
    return sizes;
}

#ifdef MD_SQLITE_DIRECT_BIND
namespace {

// Null as Qt's SQLite driver binds it (QSqlResultPrivate::isVariantNull): a null variant, and a
// null QString or QByteArray inside one (Qt 6's QVariant::isNull() is false for those).
bool boundAsNull(const QVariant& v)
{
    if (v.isNull())
        return true;
    switch (v.metaType().id()) {
    case QMetaType::QString:
        return static_cast<const QString*>(v.constData())->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray*>(v.constData())->isNull();
    default:
        return false;
    }
}

// Values the direct path binds as Qt's SQLite driver would (QSQLiteResult::exec): null, integers,
// doubles, text (UTF-16) and bytes (blob). Anything else goes the Qt way.
bool directBindable(const QVariant& v)
{
    if (v.isNull())
        return true;
    switch (v.metaType().id()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Double:
    case QMetaType::QString:
    case QMetaType::QByteArray:
        return true;
    default:
        return false;
    }
}

// The statement Qt prepared, when the connection is SQLite and Qt's plugin is the same
// libsqlite3 as ours (Debian: both link the system library; see CMake MD_SQLITE_DIRECT_BIND).
sqlite3_stmt* sqliteStatement(Database& db, SqlQuery& q)
{
    if (db.backend() != DatabaseConfig::Backend::Sqlite)
        return nullptr;
    const QSqlResult* result = q.raw().result();
    if (!result)
        return nullptr;
    const QVariant h = result->handle();
    if (qstrcmp(h.typeName(), "sqlite3_stmt*") != 0)
        return nullptr;
    return *static_cast<sqlite3_stmt* const*>(h.constData());
}

// Binds `count` values from `at` as Qt's SQLite driver would; SQLITE_OK or the failure.
int bindDirect(sqlite3_stmt* stmt, const QList<QVariant>& values, qsizetype at, qsizetype count)
{
    int rc = SQLITE_OK;
    for (qsizetype i = 0; i < count && rc == SQLITE_OK; ++i) {
        const QVariant& v = values.at(at + i);
        const int n = int(i + 1);
        if (boundAsNull(v)) {
            rc = sqlite3_bind_null(stmt, n);
            continue;
        }
        switch (v.metaType().id()) {
        case QMetaType::Double:
            rc = sqlite3_bind_double(stmt, n, v.toDouble());
            break;
        case QMetaType::QString: {
            const auto* s = static_cast<const QString*>(v.constData());
            rc = sqlite3_bind_text16(stmt, n, s->utf16(), int(s->size() * qsizetype(sizeof(QChar))), SQLITE_STATIC);
            break;
        }
        case QMetaType::QByteArray: {
            const auto* b = static_cast<const QByteArray*>(v.constData());
            rc = sqlite3_bind_blob(stmt, n, b->constData(), int(b->size()), SQLITE_STATIC);
            break;
        }
        default: // Bool, Int, UInt, LongLong
            rc = sqlite3_bind_int64(stmt, n, v.toLongLong());
            break;
        }
    }
    return rc;
}

[[noreturn]] void throwDirect(Database& db, sqlite3_stmt* stmt, const QString& sql, int rc)
{
    sqlite3* handle = sqlite3_db_handle(stmt);
    const QString text = QString::fromUtf8(sqlite3_errmsg(handle));
    throw StorageError::fromSql(QSqlError(QStringLiteral("Unable to fetch row"), text, QSqlError::StatementError,
                                          QString::number(rc)),
                                sql, db.backend());
}

// Leaves the statement reset and unbound (no pointer into the caller's values stays bound),
// also when a row's callback throws.
struct StatementReset
{
    sqlite3_stmt* stmt;
    ~StatementReset()
    {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
};

// Binds `count` values from `at` with sqlite3_bind_* and steps the statement to its end (no
// rows wanted). Qt's binding formats and hashes a placeholder name for every value; this does
// not. Failures throw the StorageError Qt's path would (same message parts, same native code).
void runDirect(Database& db, sqlite3_stmt* stmt, const QString& sql, const QList<QVariant>& values, qsizetype at,
               qsizetype count)
{
    sqlite3_reset(stmt);
    int rc = bindDirect(stmt, values, at, count);
    if (rc == SQLITE_OK) {
        do
            rc = sqlite3_step(stmt);
        while (rc == SQLITE_ROW);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        else
            rc = sqlite3_reset(stmt);
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt); // no pointer into `values` stays bound
    if (rc != SQLITE_OK)
        throwDirect(db, stmt, sql, rc);
}

} // namespace
#endif

QString marks(qsizetype n)
{
    QString s;
    s.reserve(n * 3);
    for (qsizetype i = 0; i < n; ++i) {
        if (i > 0)
            s += QLatin1String(", ");
        s += u'?';
    }
    return s;
}

void insertRows(Database& db, const QString& table, const QStringList& columns, const QList<QVariant>& values,
                const QString& tail, const std::function<void(SqlQuery&)>& onRow)
{
    const qsizetype width = columns.size();
    if (width == 0 || values.size() % width != 0)
        throw StorageError(QStringLiteral("bulk insert into %1: %2 values for %3 columns").arg(table).arg(values.size()).arg(width));
    // At most kMaxValues values a statement: Qt's SQLite driver turns every "?" into a named
    // placeholder (":0", ":1", ...), which SQLite numbers by a linear search when it prepares
    // the statement, so preparing costs the square of the values.
    const qsizetype maxRows = std::max<qsizetype>(1, std::min(kMaxRows, kMaxValues / width));
    const QString row = QLatin1Char('(') + marks(width) + QLatin1Char(')');
    const QString head = QStringLiteral("INSERT INTO %1 (%2) VALUES ").arg(table, columns.join(QLatin1String(", ")));
    qsizetype at = 0;
    for (const qsizetype rows : chunkSizes(values.size() / width, maxRows)) {
        QString sql = head;
        sql.reserve(head.size() + rows * (row.size() + 2) + tail.size() + 1);
        for (qsizetype r = 0; r < rows; ++r) {
            if (r > 0)
                sql += QLatin1String(", ");
            sql += row;
        }
        if (!tail.isEmpty())
            sql += QLatin1Char(' ') + tail;
        SqlQuery q(db, sql);
#ifdef MD_SQLITE_DIRECT_BIND
        if (!onRow && directBindAllowed()) {
            if (sqlite3_stmt* stmt = sqliteStatement(db, q)) {
                bool bindable = true;
                for (qsizetype i = 0; i < rows * width && bindable; ++i)
                    bindable = directBindable(values.at(at + i));
                if (bindable) {
                    runDirect(db, stmt, sql, values, at, rows * width);
                    at += rows * width;
                    continue;
                }
            }
        }
#endif
        for (qsizetype i = 0; i < rows * width; ++i)
            q.bind(values.at(at + i));
        at += rows * width;
        q.exec();
        if (onRow) {
            while (q.next())
                onRow(q);
        }
    }
}

QString upsertTail(const Database& db, const QStringList& keyColumns, const QStringList& updateColumns)
{
    QStringList sets;
    if (db.backend() == DatabaseConfig::Backend::Sqlite) {
        for (const QString& c : updateColumns)
            sets.append(QStringLiteral("%1 = excluded.%1").arg(c));
        return QStringLiteral("ON CONFLICT (%1) DO UPDATE SET %2")
            .arg(keyColumns.join(QLatin1String(", ")), sets.join(QLatin1String(", ")));
    }
    for (const QString& c : updateColumns)
        sets.append(QStringLiteral("%1 = VALUES(%1)").arg(c));
    return QStringLiteral("ON DUPLICATE KEY UPDATE %1").arg(sets.join(QLatin1String(", ")));
}

void selectIn(Database& db, const QString& before, const QString& after, const QList<QVariant>& keys,
              const std::function<void(SqlQuery&)>& onRow, const QList<QVariant>& leading,
              const QList<QVariant>& trailing)
{
    qsizetype at = 0;
    for (const qsizetype n : chunkSizes(keys.size(), kMaxValues - leading.size() - trailing.size())) {
        SqlQuery q(db, before + marks(n) + after);
        for (const QVariant& v : leading)
            q.bind(v);
        for (qsizetype i = 0; i < n; ++i)
            q.bind(keys.at(at + i));
        for (const QVariant& v : trailing)
            q.bind(v);
        at += n;
        q.exec();
        while (q.next())
            onRow(q);
    }
}

qint64 Row::intValue(int column) const
{
    // A NULL is an error on every path, as SqlQuery::intValue() has it.
    if (const std::optional<qint64> v = optionalInt(column))
        return *v;
    throw StorageError(SqlQuery::tr("Column %1 of \"%2\" is NULL where a number was expected").arg(column).arg(m_sql->simplified()));
}

std::optional<qint64> Row::optionalInt(int column) const
{
#ifdef MD_SQLITE_DIRECT_BIND
    if (m_stmt) {
        auto* stmt = static_cast<sqlite3_stmt*>(m_stmt);
        if (sqlite3_column_type(stmt, column) == SQLITE_NULL)
            return std::nullopt;
        return sqlite3_column_int64(stmt, column);
    }
#endif
#ifdef MD_MYSQL_DIRECT_READ
    if (m_mysql)
        return m_mysql->optionalInt(column);
#endif
    return m_query->optionalInt(column);
}

QString Row::stringValue(int column) const
{
#ifdef MD_SQLITE_DIRECT_BIND
    if (m_stmt) {
        auto* stmt = static_cast<sqlite3_stmt*>(m_stmt);
        // As Qt's driver reads text: UTF-16 from SQLite (NULL gives an empty text).
        const void* text = sqlite3_column_text16(stmt, column);
        const int bytes = sqlite3_column_bytes16(stmt, column);
        return text ? QString(static_cast<const QChar*>(text), bytes / int(sizeof(QChar))) : QString();
    }
#endif
#ifdef MD_MYSQL_DIRECT_READ
    if (m_mysql)
        return m_mysql->stringValue(column);
#endif
    return m_query->stringValue(column);
}

void selectRows(Database& db, const QString& sql, const QList<QVariant>& values,
                const std::function<void(const Row&)>& onRow)
{
#ifdef MD_MYSQL_DIRECT_READ
    if (directBindAllowed()) {
        if (const std::unique_ptr<MysqlRows> rows = MysqlRows::run(db, sql, values)) {
            Row row;
            row.m_sql = &sql;
            row.m_mysql = rows.get();
            while (rows->next())
                onRow(row);
            return;
        }
    }
#endif
    SqlQuery q(db, sql);
    Row row;
    row.m_sql = &sql;
#ifdef MD_SQLITE_DIRECT_BIND
    if (directBindAllowed()) {
        bool bindable = true;
        for (qsizetype i = 0; i < values.size() && bindable; ++i)
            bindable = directBindable(values.at(i));
        sqlite3_stmt* stmt = bindable ? sqliteStatement(db, q) : nullptr;
        if (stmt) {
            sqlite3_reset(stmt);
            const StatementReset reset{stmt};
            row.m_stmt = stmt;
            int rc = bindDirect(stmt, values, 0, values.size());
            if (rc == SQLITE_OK) {
                while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
                    onRow(row);
                if (rc == SQLITE_DONE)
                    return;
                rc = sqlite3_reset(stmt);
            }
            throwDirect(db, stmt, sql, rc);
        }
    }
#endif
    for (const QVariant& v : values)
        q.bind(v);
    q.exec();
    row.m_query = &q;
    while (q.next())
        onRow(row);
}

} // namespace md::storage::bulk

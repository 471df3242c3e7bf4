#include "storage/sql_query.h"

#include "storage/database.h"

#include <QSqlError>

#include <limits>

namespace md::storage {

namespace {

QSqlQuery borrowOrPrepare(Database& db, const QString& sql)
{
    if (std::optional<QSqlQuery> cached = db.statements().take(sql))
        return std::move(*cached);
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    q.setNumericalPrecisionPolicy(QSql::HighPrecision);
    db.statements().countPrepare();
    if (!q.prepare(sql))
        throw StorageError::fromSql(q.lastError(), sql, db.backend()); // never cached
    return q;
}

} // namespace

SqlQuery::SqlQuery(Database& db, const QString& sql)
    : m_db(db)
    , m_sql(sql)
    , m_query(borrowOrPrepare(db, sql))
{
}

SqlQuery::~SqlQuery()
{
    if (m_db.connection().isOpen())
        m_db.statements().give(m_sql, std::move(m_query));
}

SqlQuery& SqlQuery::bind(const QVariant& value)
{
    m_query.addBindValue(value);
    return *this;
}

SqlQuery& SqlQuery::bind(const QString& placeholder, const QVariant& value)
{
    m_query.bindValue(placeholder.startsWith(u':') ? placeholder : QStringLiteral(":") + placeholder, value);
    return *this;
}

SqlQuery& SqlQuery::exec()
{
    if (!m_query.exec())
        fail();
    return *this;
}

bool SqlQuery::next()
{
    if (m_query.next())
        return true;
    // next() is also false when fetching failed (SQLite reports a busy or constraint error
    // from the step that produces a row): tell that apart from the end of the rows.
    if (m_query.lastError().isValid())
        fail();
    return false;
}

QVariant SqlQuery::value(int column) const
{
    return m_query.value(column);
}

std::optional<qint64> SqlQuery::optionalInt(int column) const
{
    const QVariant v = m_query.value(column);
    if (v.isNull())
        return std::nullopt;
    bool ok = false;
    qint64 result = 0;
    switch (v.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::Bool:
        result = v.toLongLong(&ok);
        break;
    case QMetaType::ULongLong:
    case QMetaType::ULong: {
        const qulonglong u = v.toULongLong(&ok);
        ok = ok && u <= qulonglong(std::numeric_limits<qint64>::max());
        result = qint64(u);
        break;
    }
    case QMetaType::QString:
    case QMetaType::QByteArray:
        // Exact text: a DECIMAL (HighPrecision) or a number stored as text. "12.00" is not an
        // integer on purpose: money never passes through a fraction.
        result = v.toString().trimmed().toLongLong(&ok);
        break;
    default:
        break; // floating types and the rest: never turned into money
    }
    if (!ok)
        throw StorageError(tr("Column %1 of \"%2\" holds \"%3\", not a whole number")
                               .arg(column)
                               .arg(m_sql.simplified(), v.toString()));
    return result;
}

qint64 SqlQuery::intValue(int column) const
{
    const std::optional<qint64> v = optionalInt(column);
    if (!v)
        throw StorageError(tr("Column %1 of \"%2\" is NULL where a number was expected").arg(column).arg(m_sql.simplified()));
    return *v;
}

QString SqlQuery::stringValue(int column) const
{
    return m_query.value(column).toString();
}

qint64 SqlQuery::scalarInt()
{
    exec();
    if (!next())
        throw StorageError(tr("\"%1\" returned no row").arg(m_sql.simplified()));
    return intValue(0);
}

qint64 SqlQuery::lastInsertId() const
{
    const QVariant id = m_query.lastInsertId();
    bool ok = false;
    const qint64 v = id.toLongLong(&ok);
    if (!ok || v <= 0)
        throw StorageError(tr("\"%1\" gave no new row id").arg(m_sql.simplified()));
    return v;
}

qint64 SqlQuery::rowsAffected() const
{
    return m_query.numRowsAffected();
}

void SqlQuery::execDirect(Database& db, const QString& sql)
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql))
        throw StorageError::fromSql(q.lastError(), sql, db.backend());
}

void SqlQuery::fail() const
{
    throw StorageError::fromSql(m_query.lastError(), m_sql, m_db.backend());
}

QString placeholders(qsizetype n)
{
    const QStringList marks(n, QStringLiteral("?"));
    return marks.join(QStringLiteral(", "));
}

} // namespace md::storage

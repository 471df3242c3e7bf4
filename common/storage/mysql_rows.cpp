#include "storage/mysql_rows.h"

#include "storage/database.h"
#include "storage/storage_error.h"

#include <QSqlDriver>
#include <QSqlError>

#include <mysql.h>

#include <algorithm>
#include <vector>

namespace md::storage {

namespace {

// Columns a 64-bit integer holds without loss: the integer types, and DECIMAL without a
// fraction (SUM and COUNT results). A DECIMAL that overflows it sets the column's error flag.
bool wholeNumber(const MYSQL_FIELD& f)
{
    switch (f.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
        return true;
    case MYSQL_TYPE_LONGLONG:
        return !(f.flags & UNSIGNED_FLAG); // an unsigned BIGINT may not fit: read as text
    case MYSQL_TYPE_NEWDECIMAL:
    case MYSQL_TYPE_DECIMAL:
        return f.decimals == 0;
    default:
        return false;
    }
}

constexpr unsigned long kTextBuffer = 256; // longer values are fetched again at their length

} // namespace

struct MysqlRows::State
{
    MYSQL_STMT* stmt = nullptr;
    QString sql;
    DatabaseConfig::Backend backend = DatabaseConfig::Backend::Mysql;
    struct Column
    {
        bool whole = false;
        long long number = 0;
        std::vector<char> text;
        unsigned long length = 0;
        my_bool isNull = 0;
        my_bool error = 0;
    };
    std::vector<Column> columns;
    std::vector<MYSQL_BIND> binds;

    ~State()
    {
        if (stmt)
            mysql_stmt_close(stmt); // frees its result too; the connection stays Qt's
    }

    // As SqlQuery reports a failed statement: the server's number classifies it (a deadlock
    // is Retryable), the text names the statement.
    [[noreturn]] void fail(const QString& what) const
    {
        const QSqlError error(what, QString::fromUtf8(mysql_stmt_error(stmt)), QSqlError::StatementError,
                              QString::number(mysql_stmt_errno(stmt)));
        throw StorageError::fromSql(error, sql, backend);
    }
};

namespace {

// A parameter's buffer: what `v` holds, kept alive until the statement has run.
struct Param
{
    long long number = 0;
    QByteArray text;
    my_bool isNull = 0;
};

bool bindable(const QVariant& v)
{
    if (v.isNull())
        return true;
    switch (v.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::QString:
        return true;
    default:
        return false;
    }
}

} // namespace

std::unique_ptr<MysqlRows> MysqlRows::run(Database& db, const QString& sql, const QList<QVariant>& values)
{
    if (db.backend() == DatabaseConfig::Backend::Sqlite || !std::all_of(values.cbegin(), values.cend(), bindable))
        return nullptr;
    const QVariant h = db.connection().driver()->handle();
    // The driver declares MYSQL*; Qt names the type by its struct.
    if (qstrcmp(h.typeName(), "MYSQL*") != 0 && qstrcmp(h.typeName(), "st_mysql*") != 0)
        return nullptr;
    MYSQL* mysql = *static_cast<MYSQL* const*>(h.constData());
    auto s = std::make_unique<State>();
    s->sql = sql;
    s->backend = db.backend();
    s->stmt = mysql_stmt_init(mysql);
    if (!s->stmt)
        throw StorageError(tr("Out of memory for a statement: \"%1\"").arg(sql.simplified()));
    const QByteArray text = sql.toUtf8();
    if (mysql_stmt_prepare(s->stmt, text.constData(), text.size()) != 0)
        s->fail(tr("Could not prepare the statement"));
    if (mysql_stmt_param_count(s->stmt) != unsigned(values.size()))
        throw StorageError(tr("\"%1\" has %2 placeholders, %3 values given")
                               .arg(sql.simplified())
                               .arg(mysql_stmt_param_count(s->stmt))
                               .arg(values.size()));
    std::vector<Param> params(size_t(values.size()));
    std::vector<MYSQL_BIND> paramBinds(size_t(values.size()), MYSQL_BIND{});
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant& v = values.at(i);
        Param& p = params[size_t(i)];
        MYSQL_BIND& b = paramBinds[size_t(i)];
        b.is_null = &p.isNull;
        if (v.isNull()) {
            p.isNull = 1;
            b.buffer_type = MYSQL_TYPE_NULL;
        } else if (v.metaType().id() == QMetaType::QString) {
            p.text = v.toString().toUtf8();
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = p.text.data();
            b.buffer_length = static_cast<unsigned long>(p.text.size());
        } else {
            p.number = v.toLongLong();
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = &p.number;
        }
    }
    if (!paramBinds.empty() && mysql_stmt_bind_param(s->stmt, paramBinds.data()) != 0)
        s->fail(tr("Could not bind the values"));
    if (mysql_stmt_execute(s->stmt) != 0)
        s->fail(tr("Could not run the statement"));
    MYSQL_RES* meta = mysql_stmt_result_metadata(s->stmt);
    if (!meta)
        throw StorageError(tr("\"%1\" returns no rows").arg(sql.simplified()));
    const unsigned int n = mysql_num_fields(meta);
    const MYSQL_FIELD* fields = mysql_fetch_fields(meta);
    s->columns.resize(n);
    s->binds.assign(n, MYSQL_BIND{});
    for (unsigned int i = 0; i < n; ++i) {
        State::Column& c = s->columns[i];
        MYSQL_BIND& b = s->binds[i];
        c.whole = wholeNumber(fields[i]);
        if (c.whole) {
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = &c.number;
            b.buffer_length = sizeof c.number;
        } else {
            c.text.resize(kTextBuffer);
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = c.text.data();
            b.buffer_length = kTextBuffer;
        }
        b.length = &c.length;
        b.is_null = &c.isNull;
        b.error = &c.error;
    }
    mysql_free_result(meta);
    if (mysql_stmt_bind_result(s->stmt, s->binds.data()) != 0)
        s->fail(tr("Could not bind the result"));
    // All rows to the client first, as Qt's driver does: the connection is free for the
    // caller's next statement even while these rows are still being read.
    if (mysql_stmt_store_result(s->stmt) != 0)
        s->fail(tr("Could not read the result"));
    return std::unique_ptr<MysqlRows>(new MysqlRows(std::move(s)));
}

MysqlRows::MysqlRows(std::unique_ptr<State> state)
    : d(std::move(state))
{
}

MysqlRows::~MysqlRows() = default;

bool MysqlRows::next()
{
    const int rc = mysql_stmt_fetch(d->stmt);
    if (rc == MYSQL_NO_DATA)
        return false;
    if (rc == 1)
        d->fail(tr("Could not fetch a row"));
    if (rc == MYSQL_DATA_TRUNCATED) {
        for (unsigned int i = 0; i < d->columns.size(); ++i) {
            State::Column& c = d->columns[i];
            if (c.isNull || !c.error)
                continue;
            if (c.whole)
                throw StorageError(tr("Column %1 of \"%2\" holds a number beyond 64 bits").arg(i).arg(d->sql.simplified()));
            // Text longer than the buffer: fetch the column again at its full length.
            std::vector<char> whole(c.length);
            MYSQL_BIND b{};
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = whole.data();
            b.buffer_length = c.length;
            if (mysql_stmt_fetch_column(d->stmt, &b, i, 0) != 0)
                d->fail(tr("Could not fetch column %1").arg(i));
            c.text = std::move(whole);
            d->binds[i].buffer = c.text.data();
            d->binds[i].buffer_length = c.length;
            if (mysql_stmt_bind_result(d->stmt, d->binds.data()) != 0) // the larger buffer from the next row on
                d->fail(tr("Could not bind the result"));
        }
    }
    return true;
}

std::optional<qint64> MysqlRows::optionalInt(int column) const
{
    const State::Column& c = d->columns.at(size_t(column));
    if (c.isNull)
        return std::nullopt;
    if (c.whole)
        return c.number;
    bool ok = false;
    const qint64 v = QString::fromUtf8(c.text.data(), qsizetype(c.length)).trimmed().toLongLong(&ok);
    if (!ok)
        throw StorageError(tr("Column %1 of \"%2\" holds \"%3\", not a whole number")
                               .arg(column)
                               .arg(d->sql.simplified(), stringValue(column)));
    return v;
}

QString MysqlRows::stringValue(int column) const
{
    const State::Column& c = d->columns.at(size_t(column));
    if (c.isNull)
        return QString();
    if (c.whole)
        return QString::number(c.number);
    return QString::fromUtf8(c.text.data(), qsizetype(c.length));
}

} // namespace md::storage

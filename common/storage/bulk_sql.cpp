#include "storage/bulk_sql.h"

#include "storage/database.h"
#include "storage/sql_query.h"

namespace md::storage::bulk {

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

} // namespace md::storage::bulk

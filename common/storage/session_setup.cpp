#include "storage/session_setup.h"

#include "storage/storage_error.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace md::storage::detail {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::Database)
};

void run(QSqlDatabase& db, DatabaseConfig::Backend backend, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        throw StorageError::fromSql(q.lastError(), sql, backend);
}

// The first row of a statement, all columns (settings are read as text: no doubles).
QStringList row(QSqlDatabase& db, DatabaseConfig::Backend backend, const QString& sql)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(sql))
        throw StorageError::fromSql(q.lastError(), sql, backend);
    QStringList values;
    if (q.next()) {
        for (int i = 0; i < q.record().count(); ++i)
            values.append(q.value(i).toString());
    }
    return values;
}

QString first(QSqlDatabase& db, DatabaseConfig::Backend backend, const QString& sql)
{
    const QStringList r = row(db, backend, sql);
    return r.isEmpty() ? QString() : r.first();
}

[[noreturn]] void refuse(const DatabaseConfig& config, const QString& problem)
{
    throw StorageError(Tr::tr("The database %1 was not opened: %2").arg(config.displayName(), problem));
}

} // namespace

QString setUpSqlite(QSqlDatabase& db, const DatabaseConfig& config)
{
    constexpr auto B = DatabaseConfig::Backend::Sqlite;
    // busy_timeout first: switching to WAL needs a moment of exclusive access.
    run(db, B, QStringLiteral("PRAGMA busy_timeout = 5000"));
    const QString journal = first(db, B, QStringLiteral("PRAGMA journal_mode = WAL")).toLower();
    run(db, B, QStringLiteral("PRAGMA synchronous = FULL"));
    run(db, B, QStringLiteral("PRAGMA foreign_keys = ON"));

    // Read everything back: a PRAGMA that SQLite does not accept is silently ignored, and WAL
    // is refused on some file systems (network shares) without an error.
    const QString synchronous = first(db, B, QStringLiteral("PRAGMA synchronous"));
    const QString foreignKeys = first(db, B, QStringLiteral("PRAGMA foreign_keys"));
    const QString busy = first(db, B, QStringLiteral("PRAGMA busy_timeout"));
    const bool durable = journal == u"wal" && synchronous == u"2"; // 2 = FULL
    if (!durable && !config.allowNonDurable) {
        refuse(config, Tr::tr("SQLite runs with journal_mode=%1 and synchronous=%2, but a committed "
                              "payment must survive a power cut: journal_mode=wal and synchronous=2 "
                              "(FULL) are required (a network share or a read-only folder cannot "
                              "provide them)")
                           .arg(journal, synchronous));
    }
    if (foreignKeys != u"1")
        refuse(config, Tr::tr("SQLite would not enforce foreign keys (foreign_keys=%1)").arg(foreignKeys));
    if (busy.toLongLong() < 5000)
        refuse(config, Tr::tr("SQLite busy_timeout is %1 ms, expected 5000").arg(busy));
    return QStringLiteral("sqlite: journal_mode=%1, synchronous=%2, foreign_keys=%3, busy_timeout=%4 ms")
        .arg(journal, synchronous, foreignKeys, busy);
}

QString setUpMysql(QSqlDatabase& db, const DatabaseConfig& config)
{
    constexpr auto B = DatabaseConfig::Backend::Mysql;
    // Strict: a value that does not fit is an error, never a silent truncation or a zero date;
    // NO_ENGINE_SUBSTITUTION: ENGINE=InnoDB fails instead of quietly becoming MyISAM (which
    // has no transactions). ONLY_FULL_GROUP_BY: a report query cannot pick an arbitrary row.
    static const char kSqlMode[] = "STRICT_ALL_TABLES,STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
                                   "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,ONLY_FULL_GROUP_BY";
    run(db, B, QStringLiteral("SET NAMES utf8mb4 COLLATE utf8mb4_bin"));
    run(db, B, QStringLiteral("SET SESSION sql_mode = '%1'").arg(QLatin1String(kSqlMode)));
    run(db, B, QStringLiteral("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    run(db, B, QStringLiteral("SET SESSION default_storage_engine = InnoDB"));
    run(db, B, QStringLiteral("SET SESSION time_zone = '+00:00'"));

    const QStringList s = row(db, B, QStringLiteral(
        "SELECT @@SESSION.sql_mode, @@SESSION.character_set_client, @@SESSION.character_set_connection, "
        "@@SESSION.character_set_results, @@SESSION.default_storage_engine, "
        "@@GLOBAL.innodb_flush_log_at_trx_commit, @@GLOBAL.log_bin, @@GLOBAL.sync_binlog, @@version"));
    if (s.size() != 9)
        refuse(config, Tr::tr("the server did not report its settings"));
    // MariaDB (up to 11.0) calls it tx_isolation; MySQL 8 only knows transaction_isolation.
    QString isolation;
    try {
        isolation = first(db, B, QStringLiteral("SELECT @@SESSION.transaction_isolation"));
    } catch (const StorageError&) {
        isolation = first(db, B, QStringLiteral("SELECT @@SESSION.tx_isolation"));
    }
    const QString innodb = first(db, B, QStringLiteral("SELECT SUPPORT FROM information_schema.ENGINES "
                                                    "WHERE ENGINE = 'InnoDB'")).toUpper();

    const QStringList modes = s[0].split(u',');
    if (!modes.contains(u"STRICT_ALL_TABLES") || !modes.contains(u"NO_ENGINE_SUBSTITUTION"))
        refuse(config, Tr::tr("the server did not accept a strict sql_mode (it has \"%1\")").arg(s[0]));
    for (int i = 1; i <= 3; ++i) {
        if (s[i] != u"utf8mb4")
            refuse(config, Tr::tr("the connection character set is %1, not utf8mb4: Chinese names "
                                  "would not be stored faithfully").arg(s[i]));
    }
    if (innodb != u"YES" && innodb != u"DEFAULT")
        refuse(config, Tr::tr("the server has no InnoDB storage engine (transactions need it)"));
    if (s[4].compare(u"InnoDB", Qt::CaseInsensitive) != 0)
        refuse(config, Tr::tr("the default storage engine is %1, not InnoDB").arg(s[4]));
    if (isolation != u"REPEATABLE-READ")
        refuse(config, Tr::tr("the transaction isolation is %1, not REPEATABLE-READ").arg(isolation));

    const QString flush = s[5];
    const bool binlog = s[6] == u"1" || s[6].compare(u"ON", Qt::CaseInsensitive) == 0;
    const QString syncBinlog = s[7];
    if (!config.allowNonDurable) {
        if (flush != u"1")
            refuse(config, Tr::tr("the server does not write a commit to disk before confirming it "
                                  "(innodb_flush_log_at_trx_commit=%1; it must be 1), so a power cut "
                                  "could lose payments that were already confirmed. Set "
                                  "innodb_flush_log_at_trx_commit=1 in the server configuration")
                               .arg(flush));
        if (binlog && syncBinlog != u"1")
            refuse(config, Tr::tr("the binary log is on but sync_binlog=%1 (it must be 1): after a "
                                  "crash the log and the data could disagree")
                               .arg(syncBinlog));
    }
    return QStringLiteral("mysql %1: sql_mode=%2, charset=%3, isolation=%4, engine=%5, "
                          "innodb_flush_log_at_trx_commit=%6, log_bin=%7, sync_binlog=%8")
        .arg(s[8], s[0], s[1], isolation, s[4], flush, s[6], syncBinlog);
}

} // namespace md::storage::detail

#include "storage/dialect.h"
#include "storage/storage_error.h"

#include <catch2/catch.hpp>

using md::storage::Dialect;
using Backend = md::storage::DatabaseConfig::Backend;

TEST_CASE("migration placeholders expand per backend", "[storage][dialect]")
{
    const QString sql = QStringLiteral("CREATE TABLE t (id {id}, n {bigint}, s {text}, b {blob}, at {timestamp}) {table_options}");
    CHECK(Dialect(Backend::Sqlite).expand(sql) ==
          u"CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n BIGINT, s TEXT, b BLOB, at BIGINT) ");
    CHECK(Dialect(Backend::Mysql).expand(sql) ==
          u"CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, n BIGINT, s MEDIUMTEXT, b LONGBLOB, at BIGINT) "
          u"ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    // A table kept in its primary key's order: WITHOUT ROWID on SQLite, InnoDB's own on MySQL.
    const QString clustered = QStringLiteral("CREATE TABLE c (k BIGINT, PRIMARY KEY (k)) {clustered_table_options}");
    CHECK(Dialect(Backend::Sqlite).expand(clustered) == u"CREATE TABLE c (k BIGINT, PRIMARY KEY (k)) WITHOUT ROWID");
    CHECK(Dialect(Backend::Mysql).expand(clustered) ==
          u"CREATE TABLE c (k BIGINT, PRIMARY KEY (k)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    // Braces that are not a placeholder (a JSON default) stay as they are.
    CHECK(Dialect(Backend::Mysql).expand(QStringLiteral("DEFAULT '{\"a\":1}'")) == u"DEFAULT '{\"a\":1}'");
}

TEST_CASE("an unknown placeholder is refused", "[storage][dialect]")
{
    CHECK_THROWS_AS(Dialect(Backend::Sqlite).expand(QStringLiteral("CREATE TABLE t (x {integer})")),
                    md::storage::StorageError);
}

TEST_CASE("transaction statements, row locks and insert-or-ignore differ per backend", "[storage][dialect]")
{
    const Dialect lite(Backend::Sqlite);
    const Dialect my(Backend::Mysql);
    CHECK(lite.beginWrite() == u"BEGIN IMMEDIATE");
    CHECK(my.beginWrite() == u"START TRANSACTION");
    CHECK(lite.forUpdate().isEmpty());
    CHECK(my.forUpdate() == u" FOR UPDATE");
    CHECK(lite.insertOrIgnore(QStringLiteral("t"), {QStringLiteral("a"), QStringLiteral("b")}) ==
          u"INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING");
    CHECK(my.insertOrIgnore(QStringLiteral("t"), {QStringLiteral("a"), QStringLiteral("b")}) ==
          u"INSERT INTO t (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE a = a");
    CHECK_THROWS_AS(lite.insertOrIgnore(QStringLiteral("t; DROP"), {QStringLiteral("a")}), md::storage::StorageError);
    CHECK_THROWS_AS(lite.insertOrIgnore(QStringLiteral("t"), {QStringLiteral("a b")}), md::storage::StorageError);
}

#include "storage/database_config.h"
#include "util/error.h"

#include <catch2/catch.hpp>

using md::storage::DatabaseConfig;

TEST_CASE("a sqlite URL names a file", "[storage][config]")
{
    const DatabaseConfig a = DatabaseConfig::fromUrl(QStringLiteral("sqlite:/var/lib/meterdesk/md.db"));
    CHECK(a.backend == DatabaseConfig::Backend::Sqlite);
    CHECK(a.path == u"/var/lib/meterdesk/md.db");
    CHECK_FALSE(a.allowNonDurable);

    CHECK(DatabaseConfig::fromUrl(QStringLiteral("sqlite:///abs/x.db")).path == u"/abs/x.db");
    CHECK(DatabaseConfig::fromUrl(QStringLiteral("sqlite:data/电费.db")).path == u"data/电费.db");
    // Taken literally: a file name may contain % or spaces.
    CHECK(DatabaseConfig::fromUrl(QStringLiteral("  sqlite:/tmp/a%20b.db ")).path == u"/tmp/a%20b.db");
}

TEST_CASE("a mysql URL names user, password, host, port and database", "[storage][config]")
{
    const DatabaseConfig c = DatabaseConfig::fromUrl(QStringLiteral("mysql://desk:p%40ss%3Aw@db.office:3307/meterdesk"));
    CHECK(c.backend == DatabaseConfig::Backend::Mysql);
    CHECK(c.user == u"desk");
    CHECK(c.password == u"p@ss:w");
    CHECK(c.host == u"db.office");
    CHECK(c.port == 3307);
    CHECK(c.database == u"meterdesk");
    // The display form never shows the password.
    CHECK(c.displayName() == u"mysql://desk@db.office:3307/meterdesk");

    const DatabaseConfig d = DatabaseConfig::fromUrl(QStringLiteral("mysql://root@localhost/md"));
    CHECK(d.port == 3306);
    CHECK(d.password.isEmpty());

    const DatabaseConfig s = DatabaseConfig::fromUrl(QStringLiteral("mysql://root@localhost/md?socket=/run/mysqld/mysqld.sock"));
    CHECK(s.socket == u"/run/mysqld/mysqld.sock");
}

TEST_CASE("a bad database URL is an InputError naming the problem", "[storage][config]")
{
    const auto problemOf = [](const char* url) -> QString {
        try {
            DatabaseConfig::fromUrl(QString::fromUtf8(url));
        } catch (const md::InputError& e) {
            CHECK(e.source() == u"database URL");
            return e.problem();
        }
        FAIL("no error for " << url);
        return {};
    };
    CHECK(problemOf("").contains(u"no database URL"));
    CHECK(problemOf("postgres://x@y/z").contains(u"\"postgres\" is neither"));
    CHECK(problemOf("sqlite:").contains(u"names no file"));
    CHECK(problemOf("sqlite::memory:").contains(u"in-memory"));
    CHECK(problemOf("mysql://root@host").contains(u"must name one database"));
    CHECK(problemOf("mysql://root@host/a/b").contains(u"must name one database"));
    CHECK(problemOf("mysql://host/db").contains(u"names no user"));
    CHECK(problemOf("mysql://root@host:99999/db").contains(u"not valid"));
    CHECK(problemOf("mysql://root@host/db?ssl=1").contains(u"unknown MySQL URL option"));
}

#pragma once

#include "storage/database.h"

#include <catch2/catch.hpp>

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace md::test {

using Backend = storage::DatabaseConfig::Backend;

// Where the scratch MariaDB server of the ctest fixture `mariadb` listens. The fixture
// (tests/tools/mariadb-fixture.sh) writes <build>/tests/mariadb/env; MD_TEST_MYSQL_ENV names
// another env file.
struct MysqlServer
{
    QString host;
    int port = 0;
    QString user;
    QString password;
    QString database; // an existing database to connect to for administration

    // Reads an env file (KEY=value lines); nullopt when it does not exist.
    static std::optional<MysqlServer> fromEnvFile(const QString& path);
    storage::DatabaseConfig config(const QString& databaseName) const;
};

// The fixture's server. When its env file is missing the calling test FAILs with a message
// saying how to start it, unless MD_TEST_SKIP_MYSQL=1 is set (then it is never asked for:
// testBackends() leaves MySQL out).
MysqlServer fixtureServer();

// The backends every storage test runs on: SQLite and MySQL, or SQLite alone (with a warning)
// when MD_TEST_SKIP_MYSQL=1.
std::vector<Backend> testBackends();
bool mysqlSkipped(); // MD_TEST_SKIP_MYSQL=1
QString backendName(Backend backend);

// A fresh, empty database for one test, gone again when this is destroyed: SQLite in a file
// in a new temporary folder, MySQL as a new database (unique name) on the fixture's server.
// Create and destroy it in one thread (it holds a Qt SQL connection for MySQL).
class TestDatabase
{
public:
    explicit TestDatabase(Backend backend);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    Backend backend() const { return m_config.backend; }
    const storage::DatabaseConfig& config() const { return m_config; }
    // A new connection to this database (callable from any thread: each call is its own
    // connection, owned by the calling thread).
    std::unique_ptr<storage::Database> open() const;

private:
    storage::DatabaseConfig m_config;
    std::unique_ptr<QTemporaryDir> m_dir;      // SQLite
    std::unique_ptr<storage::Database> m_admin; // MySQL: creates and drops the database
};

} // namespace md::test

// Runs the enclosing TEST_CASE once per backend (a Catch2 generator), naming the backend in
// every failure message. Use it at the top of the test case.
#define MD_FOR_EACH_BACKEND(var)                                                                     \
    const ::md::test::Backend var = GENERATE(Catch::Generators::from_range(::md::test::testBackends())); \
    INFO("backend: " << ::md::test::backendName(var).toStdString())

// At the top of a test that needs MySQL alone: returns (with a warning) when
// MD_TEST_SKIP_MYSQL=1.
#define MD_MYSQL_ONLY()                                                                            \
    do {                                                                                           \
        if (::md::test::mysqlSkipped()) {                                                          \
            WARN("MD_TEST_SKIP_MYSQL=1: this MySQL test is skipped");                             \
            return;                                                                                \
        }                                                                                          \
    } while (false)

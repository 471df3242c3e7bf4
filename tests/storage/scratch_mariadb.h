#pragma once

#include "support/test_database.h"

#include <QTemporaryDir>

namespace md::test {

// A private MariaDB server for one test that changes server-wide settings (SET GLOBAL), which
// must not disturb the tests running in parallel on the shared fixture server. Started with
// the same script as the fixture (about a second), stopped when this is destroyed.
class ScratchMariadb
{
public:
    ScratchMariadb();
    ScratchMariadb(const ScratchMariadb&) = delete;
    ScratchMariadb& operator=(const ScratchMariadb&) = delete;

    const MysqlServer& server() const { return m_server; }

private:
    // Stops the server also when the constructor fails half-way (a member's destructor runs
    // then; the class's own does not).
    struct Stopper
    {
        QString dir;
        ~Stopper();
    };

    QTemporaryDir m_dir;
    Stopper m_stopper;
    MysqlServer m_server;
};

} // namespace md::test

#pragma once

#include "support/test_database.h"

#include <memory>

namespace md::test {

// A fresh database on one backend, migrated to the product's schema, for ledger tests.
class LedgerFixture
{
public:
    explicit LedgerFixture(Backend backend);
    storage::Database& db() { return *m_db; }
    const storage::DatabaseConfig& config() const { return m_test.config(); }

private:
    TestDatabase m_test;
    std::unique_ptr<storage::Database> m_db;
};

} // namespace md::test

#include "ledger_fixture.h"

#include "schema/migrations.h"
#include "storage/migrator.h"

namespace md::test {

LedgerFixture::LedgerFixture(Backend backend)
    : m_test(backend)
    , m_db(m_test.open())
{
    storage::Migrator::migrate(*m_db, meterdeskMigrations());
}

} // namespace md::test

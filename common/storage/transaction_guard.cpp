#include "storage/transaction_guard.h"

#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDebug>

namespace md::storage {

TransactionGuard::TransactionGuard(Database& db)
    : m_db(db)
{
    if (m_db.m_inTransaction)
        throw StorageError(tr("A transaction is already active on this connection; transactions do not nest"));
    SqlQuery::execDirect(m_db, m_db.dialect().beginWrite());
    m_db.m_inTransaction = true;
    m_active = true;
}

TransactionGuard::~TransactionGuard()
{
    if (!m_active)
        return;
    try {
        rollback();
    } catch (const std::exception& e) {
        // A destructor must not throw (it may run during unwinding). A failed ROLLBACK leaves
        // nothing committed either: the server discards an unfinished transaction when the
        // connection closes.
        qWarning("md::storage: rollback failed: %s", e.what());
        m_db.m_inTransaction = false;
        m_active = false;
    }
}

void TransactionGuard::commit()
{
    if (!m_active)
        throw StorageError(tr("commit() without an active transaction"));
    SqlQuery::execDirect(m_db, m_db.dialect().commit());
    m_active = false;
    m_db.m_inTransaction = false;
}

void TransactionGuard::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    m_db.m_inTransaction = false;
    SqlQuery::execDirect(m_db, m_db.dialect().rollback());
}

} // namespace md::storage

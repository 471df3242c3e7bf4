#pragma once

#include "storage/storage_error.h"

#include <QCoreApplication>

namespace md::storage {

class Database;

// One write transaction, RAII: the constructor begins it with the dialect's statement (BEGIN
// IMMEDIATE on SQLite, START TRANSACTION on MySQL); commit() commits; the destructor rolls
// back whatever was not committed — on an early return, on an exception, after a failed
// statement. Everything one operation writes (postings, receipt number, audit record) goes
// through one guard, so it lands whole or not at all.
//
// Not nestable: a second guard on the same Database while one is active throws StorageError
// (an inner "transaction" that the outer one could still roll back would be a lie).
//
// Retrying after StorageError::isRetryable(): let this guard go out of scope (it rolls back),
// then run the whole transaction again with a new guard.
class TransactionGuard
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::TransactionGuard)

public:
    explicit TransactionGuard(Database& db);
    ~TransactionGuard();
    TransactionGuard(const TransactionGuard&) = delete;
    TransactionGuard& operator=(const TransactionGuard&) = delete;

    // Throws StorageError when the database does not commit; the destructor then rolls back.
    void commit();
    // Rolls back now (throws on failure); the destructor then has nothing to do.
    void rollback();
    bool isActive() const noexcept { return m_active; }

private:
    Database& m_db;
    bool m_active = false;
};

} // namespace md::storage

#include "schema/migrations.h"

namespace md {

// Placeholders are expanded by storage::Dialect: {id} is an auto-increment BIGINT primary key,
// {text} a long UTF-8 text, {table_options} the engine and charset on MySQL. Keys and names
// that are indexed are VARCHAR(<=191) so that utf8mb4 indexes fit on MySQL. Times are BIGINT
// milliseconds since the epoch, UTC. Money is BIGINT fen, so SQL can SUM it exactly.
static const storage::Migration kMigrations[] = {
    {1,
     "ledger: accounts, ledger accounts with cached balances, transactions, postings, counters, operation log",
     {
         R"(CREATE TABLE accounts (
              id {id},
              code VARCHAR(64) NOT NULL UNIQUE,
              tenant_name VARCHAR(191) NOT NULL,
              phone VARCHAR(64) NOT NULL,
              status VARCHAR(16) NOT NULL,
              opened_at BIGINT NOT NULL,
              closed_at BIGINT NULL
            ) {table_options})",
         R"(CREATE TABLE ledger_accounts (
              id {id},
              name VARCHAR(191) NOT NULL UNIQUE,
              kind VARCHAR(16) NOT NULL,
              account_id BIGINT NULL,
              utility VARCHAR(16) NULL,
              channel VARCHAR(16) NULL,
              operator_id BIGINT NULL,
              balance_fen BIGINT NOT NULL DEFAULT 0,
              posting_count BIGINT NOT NULL DEFAULT 0
            ) {table_options})",
         R"(CREATE TABLE transactions (
              id {id},
              kind VARCHAR(16) NOT NULL,
              idem_key VARCHAR(128) NOT NULL UNIQUE,
              fingerprint VARCHAR(64) NOT NULL,
              account_id BIGINT NOT NULL,
              utility VARCHAR(16) NOT NULL,
              operator_id BIGINT NOT NULL,
              meter_id BIGINT NULL,
              receipt_no BIGINT NULL UNIQUE,
              reverses_tx BIGINT NULL UNIQUE,
              amount_fen BIGINT NOT NULL,
              balance_before_fen BIGINT NOT NULL,
              balance_after_fen BIGINT NOT NULL,
              memo {text} NOT NULL,
              detail {text} NOT NULL,
              created_at BIGINT NOT NULL
            ) {table_options})",
         "CREATE INDEX transactions_by_account ON transactions (account_id, id)",
         "CREATE INDEX transactions_by_time ON transactions (created_at)",
         R"(CREATE TABLE postings (
              id {id},
              tx_id BIGINT NOT NULL,
              ledger_account_id BIGINT NOT NULL,
              amount_fen BIGINT NOT NULL,
              FOREIGN KEY (tx_id) REFERENCES transactions (id),
              FOREIGN KEY (ledger_account_id) REFERENCES ledger_accounts (id)
            ) {table_options})",
         "CREATE INDEX postings_by_tx ON postings (tx_id)",
         "CREATE INDEX postings_by_account ON postings (ledger_account_id, tx_id)",
         R"(CREATE TABLE counters (
              name VARCHAR(64) NOT NULL PRIMARY KEY,
              value BIGINT NOT NULL,
              text_value VARCHAR(191) NOT NULL
            ) {table_options})",
         "INSERT INTO counters (name, value, text_value) VALUES ('receipt', 0, '')",
         "INSERT INTO counters (name, value, text_value) VALUES ('operation-log', 0, '')",
         R"(CREATE TABLE operation_log (
              seq BIGINT NOT NULL PRIMARY KEY,
              at_ms BIGINT NOT NULL,
              operator_id BIGINT NOT NULL,
              client VARCHAR(64) NOT NULL,
              action VARCHAR(64) NOT NULL,
              subject VARCHAR(191) NOT NULL,
              detail {text} NOT NULL,
              result VARCHAR(191) NOT NULL,
              prev_hash VARCHAR(64) NOT NULL,
              hash VARCHAR(64) NOT NULL
            ) {table_options})",
         "CREATE INDEX operation_log_by_time ON operation_log (at_ms)",
     }},
};

std::span<const storage::Migration> meterdeskMigrations()
{
    return kMigrations;
}

} // namespace md

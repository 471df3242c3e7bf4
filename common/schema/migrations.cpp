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
    {2,
     "service API: operators with roles, maker-checker approval requests, receipt prints, shift closes",
     {
         // password_hash is libsodium's crypto_pwhash_str text (algorithm and limits inside).
         R"(CREATE TABLE operators (
              id {id},
              name VARCHAR(64) NOT NULL UNIQUE,
              display_name VARCHAR(191) NOT NULL,
              role VARCHAR(16) NOT NULL,
              password_hash VARCHAR(191) NOT NULL,
              must_change_password BIGINT NOT NULL,
              failed_logins BIGINT NOT NULL DEFAULT 0,
              locked_until BIGINT NOT NULL DEFAULT 0,
              active BIGINT NOT NULL DEFAULT 1,
              created_at BIGINT NOT NULL,
              password_changed_at BIGINT NOT NULL
            ) {table_options})",
         // One row per maker-checker request; params is the request's JSON, executed by the
         // approver under the idempotency key `idem_key` so an interrupted approval replays.
         R"(CREATE TABLE approval_requests (
              id {id},
              kind VARCHAR(32) NOT NULL,
              status VARCHAR(16) NOT NULL,
              idem_key VARCHAR(128) NOT NULL UNIQUE,
              fingerprint VARCHAR(64) NOT NULL,
              account_id BIGINT NULL,
              amount_fen BIGINT NOT NULL,
              params {text} NOT NULL,
              requested_by BIGINT NOT NULL,
              requested_at BIGINT NOT NULL,
              decided_by BIGINT NULL,
              decided_at BIGINT NULL,
              decision_note {text} NULL,
              tx_id BIGINT NULL
            ) {table_options})",
         "CREATE INDEX approval_requests_by_status ON approval_requests (status, id)",
         R"(CREATE TABLE receipt_prints (
              id {id},
              receipt_no BIGINT NOT NULL,
              copy_no BIGINT NOT NULL,
              operator_id BIGINT NOT NULL,
              printed_at BIGINT NOT NULL,
              UNIQUE (receipt_no, copy_no)
            ) {table_options})",
         // A cashier's shift closes cover transactions last_tx_id of the previous close < id <=
         // last_tx_id of this one, so consecutive closes neither overlap nor leave gaps.
         R"(CREATE TABLE shift_closes (
              id {id},
              cashier_id BIGINT NOT NULL,
              closed_at BIGINT NOT NULL,
              last_tx_id BIGINT NOT NULL,
              first_receipt BIGINT NULL,
              last_receipt BIGINT NULL,
              receipt_count BIGINT NOT NULL,
              totals {text} NOT NULL
            ) {table_options})",
         "CREATE INDEX shift_closes_by_cashier ON shift_closes (cashier_id, id)",
         "CREATE INDEX transactions_by_operator ON transactions (operator_id, id)",
     }},
};

std::span<const storage::Migration> meterdeskMigrations()
{
    return kMigrations;
}

} // namespace md

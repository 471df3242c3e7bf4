#include "schema/migrations.h"

#include "ledger/wallet_daily.h"
#include "rollup/monthly_rollups.h"

namespace md {

namespace {

// v5's backfill: wallet_daily from the postings, in the default office zone (a service
// configured for another zone rebuilds it when its Ledger first writes).
void backfillWalletDaily(storage::Database& db)
{
    rebuildWalletDaily(db, walletDailyDefaultZone(), false); // wallet_monthly comes with v7
}

// v7's backfill: the monthly rollups summed from the daily ones (one INSERT ... SELECT each).
void backfillMonthlyRollups(storage::Database& db)
{
    rebuildMeterMonthly(db);
    rebuildWalletMonthly(db);
}

} // namespace

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
    {3,
     "collection: meter registry, account collection settings, tariffs, readings, daily rollup, billing and runtime state, alarm events, relay commands",
     {
         // A meter on a bus. options is JSON for protocol details (DI byte order, DL/T 645
         // password/operator code, purchase-count offset); max_rate is the most the meter can
         // count per hour in milli-units (W for kWh, L/h for m3): the plausibility bound.
         R"(CREATE TABLE meters (
              id {id},
              nameplate VARCHAR(64) NOT NULL UNIQUE,
              bus VARCHAR(64) NOT NULL,
              protocol VARCHAR(16) NOT NULL,
              map VARCHAR(64) NOT NULL,
              address VARCHAR(32) NOT NULL,
              options {text} NOT NULL,
              utility VARCHAR(16) NOT NULL,
              account_id BIGINT NULL,
              max_rate BIGINT NOT NULL,
              installed_at BIGINT NOT NULL,
              removed_at BIGINT NULL
            ) {table_options})",
         "CREATE INDEX meters_by_bus ON meters (bus, address)",
         "CREATE INDEX meters_by_account ON meters (account_id)",
         // What collection needs to know about one wallet (account, utility). protected_windows
         // is JSON [["18:00","09:00"], ...] in the office's wall-clock time; holidays
         // ["2025-10-01", ...]; manual is none/trip/close.
         R"(CREATE TABLE account_collection (
              account_id BIGINT NOT NULL,
              utility VARCHAR(16) NOT NULL,
              tariff_key VARCHAR(64) NOT NULL,
              alarm1_fen BIGINT NOT NULL,
              alarm2_fen BIGINT NOT NULL,
              protected_windows {text} NOT NULL,
              holidays {text} NOT NULL,
              force_on BIGINT NOT NULL,
              manual VARCHAR(16) NOT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (account_id, utility)
            ) {table_options})",
         // Tariff files as written (docs/tariffs.md); a changed file is a new revision, the
         // newest revision of a key is in force (its [version] sections keep price history).
         R"(CREATE TABLE tariffs (
              id {id},
              tariff_key VARCHAR(64) NOT NULL,
              revision BIGINT NOT NULL,
              file_text {text} NOT NULL,
              created_at BIGINT NOT NULL,
              UNIQUE (tariff_key, revision)
            ) {table_options})",
         // One row per reading read from a meter, also the refused ones (flags, reason).
         // Register values are cumulative milli-units; a register the meter lacks is NULL.
         R"(CREATE TABLE readings (
              id {id},
              meter_id BIGINT NOT NULL,
              at_ms BIGINT NOT NULL,
              total_milli BIGINT NULL,
              sharp_milli BIGINT NULL,
              peak_milli BIGINT NULL,
              flat_milli BIGINT NULL,
              valley_milli BIGINT NULL,
              switch_state VARCHAR(16) NOT NULL,
              meter_balance_fen BIGINT NULL,
              purchase_count BIGINT NULL,
              flags BIGINT NOT NULL,
              reason VARCHAR(64) NOT NULL,
              tx_id BIGINT NULL,
              UNIQUE (meter_id, at_ms)
            ) {table_options})",
         "CREATE INDEX readings_by_time ON readings (at_ms)",
         // Per meter and local day (office time zone): first/last accepted reading and the
         // billed consumption per register (sum of accepted intervals ending that day).
         R"(CREATE TABLE meter_daily (
              meter_id BIGINT NOT NULL,
              day VARCHAR(10) NOT NULL,
              first_at_ms BIGINT NOT NULL,
              last_at_ms BIGINT NOT NULL,
              first_total_milli BIGINT NULL,
              last_total_milli BIGINT NULL,
              used_total_milli BIGINT NOT NULL,
              used_sharp_milli BIGINT NOT NULL,
              used_peak_milli BIGINT NOT NULL,
              used_flat_milli BIGINT NOT NULL,
              used_valley_milli BIGINT NOT NULL,
              reading_count BIGINT NOT NULL,
              anomaly_count BIGINT NOT NULL,
              PRIMARY KEY (meter_id, day)
            ) {table_options})",
         // common/billing's MeterBillingState as JSON.
         R"(CREATE TABLE meter_billing_state (
              meter_id BIGINT NOT NULL PRIMARY KEY,
              state {text} NOT NULL,
              updated_at BIGINT NOT NULL
            ) {table_options})",
         R"(CREATE TABLE meter_runtime (
              meter_id BIGINT NOT NULL PRIMARY KEY,
              last_good_at_ms BIGINT NULL,
              last_reading_id BIGINT NULL,
              missed_cycles BIGINT NOT NULL,
              lost BIGINT NOT NULL,
              switch_actual VARCHAR(16) NOT NULL,
              switch_desired VARCHAR(16) NOT NULL,
              desired_due_at_ms BIGINT NULL,
              alarm_level VARCHAR(16) NOT NULL,
              updated_at BIGINT NOT NULL
            ) {table_options})",
         "CREATE INDEX meter_runtime_by_last_good ON meter_runtime (last_good_at_ms)",
         // Alarm level changes and purchase-count mismatches, as they happened.
         R"(CREATE TABLE alarm_events (
              id {id},
              account_id BIGINT NULL,
              utility VARCHAR(16) NOT NULL,
              meter_id BIGINT NULL,
              kind VARCHAR(32) NOT NULL,
              from_level VARCHAR(16) NOT NULL,
              to_level VARCHAR(16) NOT NULL,
              balance_fen BIGINT NULL,
              detail {text} NOT NULL,
              at_ms BIGINT NOT NULL
            ) {table_options})",
         "CREATE INDEX alarm_events_by_account ON alarm_events (account_id, id)",
         // Relay/valve commands: requested -> sent -> confirmed | failed; never "done" unless
         // the state was read back.
         R"(CREATE TABLE relay_commands (
              id {id},
              meter_id BIGINT NOT NULL,
              command VARCHAR(16) NOT NULL,
              reason VARCHAR(64) NOT NULL,
              status VARCHAR(16) NOT NULL,
              attempts BIGINT NOT NULL,
              requested_at BIGINT NOT NULL,
              due_at BIGINT NOT NULL,
              sent_at BIGINT NULL,
              confirmed_at BIGINT NULL,
              failed_at BIGINT NULL,
              next_attempt_at BIGINT NULL,
              last_error {text} NOT NULL
            ) {table_options})",
         "CREATE INDEX relay_commands_by_meter ON relay_commands (meter_id, id)",
         "CREATE INDEX relay_commands_by_status ON relay_commands (status, next_attempt_at)",
     }},
    {4,
     "property: sites, buildings, units, rooms; meters in rooms; accounts linked to rooms",
     {
         // The property's structure (物业结构): site (园区/小区) > building (楼栋) > unit (单元) >
         // room (房间/商铺). Codes and names are unique within their parent; a room's area is in
         // hundredths of a square metre (for apportioning shared consumption by area, 公摊).
         R"(CREATE TABLE sites (
              id {id},
              code VARCHAR(64) NOT NULL UNIQUE,
              name VARCHAR(191) NOT NULL UNIQUE,
              remarks {text} NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL
            ) {table_options})",
         R"(CREATE TABLE buildings (
              id {id},
              site_id BIGINT NOT NULL,
              code VARCHAR(64) NOT NULL,
              name VARCHAR(191) NOT NULL,
              remarks {text} NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              UNIQUE (site_id, code),
              UNIQUE (site_id, name),
              FOREIGN KEY (site_id) REFERENCES sites (id)
            ) {table_options})",
         R"(CREATE TABLE units (
              id {id},
              building_id BIGINT NOT NULL,
              code VARCHAR(64) NOT NULL,
              name VARCHAR(191) NOT NULL,
              remarks {text} NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              UNIQUE (building_id, code),
              UNIQUE (building_id, name),
              FOREIGN KEY (building_id) REFERENCES buildings (id)
            ) {table_options})",
         R"(CREATE TABLE rooms (
              id {id},
              unit_id BIGINT NOT NULL,
              code VARCHAR(64) NOT NULL,
              name VARCHAR(191) NOT NULL,
              floor BIGINT NULL,
              area_centi_m2 BIGINT NOT NULL,
              remarks {text} NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              UNIQUE (unit_id, code),
              UNIQUE (unit_id, name),
              FOREIGN KEY (unit_id) REFERENCES units (id)
            ) {table_options})",
         "CREATE INDEX rooms_by_code ON rooms (code)",
         // The room a meter measures (NULL: not placed yet, or a shared/public meter).
         "ALTER TABLE meters ADD COLUMN room_id BIGINT NULL",
         "CREATE INDEX meters_by_room ON meters (room_id)",
         // The rooms an account (a tenant) rents; an open account's rooms are not another open
         // account's (checked by the service). Closed accounts keep their links as history.
         R"(CREATE TABLE account_rooms (
              account_id BIGINT NOT NULL,
              room_id BIGINT NOT NULL,
              linked_at BIGINT NOT NULL,
              PRIMARY KEY (account_id, room_id)
            ) {table_options})",
         "CREATE INDEX account_rooms_by_room ON account_rooms (room_id)",
         // The meter list joins each meter to its wallet's ledger account.
         "CREATE INDEX ledger_accounts_by_wallet ON ledger_accounts (account_id, utility)",
     }},
    {5,
     "reports: wallet_daily (per ledger account and office day: postings by kind, end-of-day balance), meter_daily by day",
     {
         // Kept by the Ledger in the transaction of the postings (common/ledger/wallet_daily.h);
         // debit-positive fen like postings; the kind sums are of recharge, deduction, refund,
         // closing (settlement), transfer, correction and adjustment transactions; balance_fen
         // is every posting up to the end of the day. The zone of the days is the counters row
         // 'wallet_daily_zone'.
         R"(CREATE TABLE wallet_daily (
              ledger_account_id BIGINT NOT NULL,
              day VARCHAR(10) NOT NULL,
              recharge_fen BIGINT NOT NULL DEFAULT 0,
              deduction_fen BIGINT NOT NULL DEFAULT 0,
              refund_fen BIGINT NOT NULL DEFAULT 0,
              settlement_fen BIGINT NOT NULL DEFAULT 0,
              transfer_fen BIGINT NOT NULL DEFAULT 0,
              correction_fen BIGINT NOT NULL DEFAULT 0,
              adjustment_fen BIGINT NOT NULL DEFAULT 0,
              net_fen BIGINT NOT NULL DEFAULT 0,
              balance_fen BIGINT NOT NULL,
              posting_count BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (ledger_account_id, day)
            ) {table_options})",
         "CREATE INDEX wallet_daily_by_day ON wallet_daily (day)",
         "CREATE INDEX meter_daily_by_day ON meter_daily (day)",
     },
     &backfillWalletDaily},
    {6,
     "apportionment (公摊): groups of accounts sharing a common meter, runs with their per-account shares",
     {
         // A common (public-area) meter — one that belongs to no account — shared by a group of
         // accounts, by the area of their rooms (method 'area') or by fixed weights ('weight',
         // apportion_members.weight), priced with tariff_key (common/property/apportionment.h).
         R"(CREATE TABLE apportion_groups (
              id {id},
              name VARCHAR(191) NOT NULL UNIQUE,
              meter_id BIGINT NOT NULL,
              method VARCHAR(16) NOT NULL,
              tariff_key VARCHAR(64) NOT NULL,
              remarks {text} NOT NULL,
              active BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL
            ) {table_options})",
         "CREATE INDEX apportion_groups_by_meter ON apportion_groups (meter_id)",
         R"(CREATE TABLE apportion_members (
              group_id BIGINT NOT NULL,
              account_id BIGINT NOT NULL,
              weight BIGINT NOT NULL,
              PRIMARY KEY (group_id, account_id)
            ) {table_options})",
         // One apportionment of a group over whole office days [period_from, period_to]: the
         // consumption from meter_daily, the priced lines (JSON), the total in fen and the state
         // of its maker-checker request (approval_id): pending, approved (posted) or rejected.
         // live is 1 while pending or approved and NULL once rejected: a period is apportioned
         // once unless its run was rejected (checked on request; the unique index backs it up).
         R"(CREATE TABLE apportion_runs (
              id {id},
              group_id BIGINT NOT NULL,
              meter_id BIGINT NOT NULL,
              utility VARCHAR(16) NOT NULL,
              period_from VARCHAR(10) NOT NULL,
              period_to VARCHAR(10) NOT NULL,
              method VARCHAR(16) NOT NULL,
              tariff_key VARCHAR(64) NOT NULL,
              consumption_milli BIGINT NOT NULL,
              pricing {text} NOT NULL,
              total_fen BIGINT NOT NULL,
              total_weight BIGINT NOT NULL,
              state VARCHAR(16) NOT NULL,
              live BIGINT NULL,
              approval_id BIGINT NULL UNIQUE,
              requested_by BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              decided_at BIGINT NULL,
              UNIQUE (group_id, period_from, live)
            ) {table_options})",
         "CREATE INDEX apportion_runs_by_period ON apportion_runs (period_to, period_from)",
         // Each member's part of a run as requested (what the checker approves is what is
         // posted); tx_id is its deduction once approved; skipped 'closed' for a closed account.
         R"(CREATE TABLE apportion_shares (
              run_id BIGINT NOT NULL,
              account_id BIGINT NOT NULL,
              code VARCHAR(64) NOT NULL,
              tenant_name VARCHAR(191) NOT NULL,
              weight BIGINT NOT NULL,
              amount_fen BIGINT NOT NULL,
              skipped VARCHAR(16) NOT NULL,
              tx_id BIGINT NULL,
              PRIMARY KEY (run_id, account_id)
            ) {table_options})",
     }},
    {7,
     "reports: meter_monthly and wallet_monthly (the daily rollups summed per office month), transactions by operator and time",
     {
         // Per meter and office month (YYYY-MM, the months of meter_daily's days): meter_daily's
         // rows of the month summed (used per register, reading_count, anomaly_count); first_day
         // and last_day are its first and last day rows, and first_at_ms/first_total_milli and
         // last_at_ms/last_total_milli are theirs (first_day's first, last_day's last). Kept by
         // CollectionStore in the transaction of the daily rows (common/rollup/monthly_rollups.h).
         R"(CREATE TABLE meter_monthly (
              meter_id BIGINT NOT NULL,
              month VARCHAR(7) NOT NULL,
              first_day VARCHAR(10) NOT NULL,
              last_day VARCHAR(10) NOT NULL,
              first_at_ms BIGINT NOT NULL,
              last_at_ms BIGINT NOT NULL,
              first_total_milli BIGINT NULL,
              last_total_milli BIGINT NULL,
              used_total_milli BIGINT NOT NULL,
              used_sharp_milli BIGINT NOT NULL,
              used_peak_milli BIGINT NOT NULL,
              used_flat_milli BIGINT NOT NULL,
              used_valley_milli BIGINT NOT NULL,
              reading_count BIGINT NOT NULL,
              anomaly_count BIGINT NOT NULL,
              PRIMARY KEY (meter_id, month)
            ) {table_options})",
         "CREATE INDEX meter_monthly_by_month ON meter_monthly (month)",
         // Per ledger account and office month: wallet_daily's rows of the month summed (kind
         // sums, net, posting_count); balance_fen is that of the month's last day row. Kept by
         // the Ledger with wallet_daily.
         R"(CREATE TABLE wallet_monthly (
              ledger_account_id BIGINT NOT NULL,
              month VARCHAR(7) NOT NULL,
              recharge_fen BIGINT NOT NULL DEFAULT 0,
              deduction_fen BIGINT NOT NULL DEFAULT 0,
              refund_fen BIGINT NOT NULL DEFAULT 0,
              settlement_fen BIGINT NOT NULL DEFAULT 0,
              transfer_fen BIGINT NOT NULL DEFAULT 0,
              correction_fen BIGINT NOT NULL DEFAULT 0,
              adjustment_fen BIGINT NOT NULL DEFAULT 0,
              net_fen BIGINT NOT NULL DEFAULT 0,
              balance_fen BIGINT NOT NULL,
              posting_count BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (ledger_account_id, month)
            ) {table_options})",
         "CREATE INDEX wallet_monthly_by_month ON wallet_monthly (month)",
         // The sales report counts a period's recharges per cashier from this index alone
         // (common/report/sales_report.cpp), the money coming from the drawers' wallet_daily.
         "CREATE INDEX transactions_by_operator_time ON transactions (operator_id, created_at, kind)",
     },
     &backfillMonthlyRollups},
    {8,
     "collection: readings stored in (meter, time) order, numbered from counters 'reading'; meter_runtime.last_reading_id "
     "dropped (the last accepted reading is (meter_id, last_good_at_ms))",
     {
         // The service writes a cycle of every meter at once, so in id order one meter's month
         // lay on ~1,500 pages; keyed by (meter_id, at_ms) it lies on a few neighbouring ones
         // (docs/performance.md "Readings by meter"). id stays the order the readings were
         // stored in (verify-rollups replays a meter's readings in it, as the ingest saw them),
         // taken from counters 'reading' by CollectionStore; nothing looks a reading up by it.
         R"(CREATE TABLE readings_by_meter (
              meter_id BIGINT NOT NULL,
              at_ms BIGINT NOT NULL,
              id BIGINT NOT NULL,
              total_milli BIGINT NULL,
              sharp_milli BIGINT NULL,
              peak_milli BIGINT NULL,
              flat_milli BIGINT NULL,
              valley_milli BIGINT NULL,
              switch_state VARCHAR(16) NOT NULL,
              meter_balance_fen BIGINT NULL,
              purchase_count BIGINT NULL,
              flags BIGINT NOT NULL,
              reason VARCHAR(64) NOT NULL,
              tx_id BIGINT NULL,
              PRIMARY KEY (meter_id, at_ms)
            ) {clustered_table_options})",
         R"(INSERT INTO readings_by_meter (meter_id, at_ms, id, total_milli, sharp_milli, peak_milli, flat_milli,
              valley_milli, switch_state, meter_balance_fen, purchase_count, flags, reason, tx_id)
            SELECT meter_id, at_ms, id, total_milli, sharp_milli, peak_milli, flat_milli, valley_milli, switch_state,
              meter_balance_fen, purchase_count, flags, reason, tx_id
            FROM readings ORDER BY meter_id, at_ms)",
         // Drops readings_by_time too: every query of readings names its meters.
         "DROP TABLE readings",
         "ALTER TABLE readings_by_meter RENAME TO readings",
         "INSERT INTO counters (name, value, text_value) SELECT 'reading', COALESCE(MAX(id), 0), '' FROM readings",
         "ALTER TABLE meter_runtime DROP COLUMN last_reading_id",
     }},
    {9,
     "reports: meter_daily's day rows read from one index (day, meter, consumption per register, readings)",
     {
         // A month by day of every meter (155,000 rows at 5,000 meters) is read from the index
         // alone, not with a primary-key look-up a row: on MariaDB 1.0–1.4 s → 0.5–0.7 s
         // (docs/performance.md "5,000 meters × 3 years on MariaDB"). The ingest rewrites an
         // entry when its day row changes.
         "CREATE INDEX meter_daily_by_day_covering ON meter_daily (day, meter_id, used_total_milli, used_sharp_milli, "
         "used_peak_milli, used_flat_milli, used_valley_milli, reading_count)",
     }},
};

std::span<const storage::Migration> meterdeskMigrations()
{
    return kMigrations;
}

} // namespace md

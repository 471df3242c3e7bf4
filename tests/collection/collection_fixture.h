#pragma once

#include "collection/account_settings.h"
#include "collection/meter_reading.h"
#include "collection/meter_registry.h"
#include "collection/reading_ingestor.h"
#include "ledger/ledger.h"
#include "support/test_database.h"
#include "util/clock.h"

#include <memory>

namespace md::test {

// A migrated database on one backend with a ledger, the collection stores and an ingestor,
// at 2025-03-03 10:00 office time (02:00 UTC). The tariff "flat-e" prices electricity at
// 0.5000 yuan/kWh, rounding half-up.
class CollectionFixture
{
public:
    explicit CollectionFixture(Backend backend, IngestOptions options = {});
    ~CollectionFixture();

    storage::Database& db() { return *m_db; }

    // An open account recharged with `paid` yuan (no fee), with settings for electricity.
    AccountId account(const QString& code, const char16_t* paid, AccountSettings settings = {});
    void recharge(AccountId a, const char16_t* paid);
    // A Modbus meter on bus "b1" for the account (none: unassigned), 20 kW at most.
    MeterId meter(const QString& nameplate, std::optional<AccountId> account, qint64 maxRateW = 20'000);

    // A total-register reading at a UTC time, "1010.000" kWh.
    static MeterReading reading(MeterId m, const QDateTime& utc, const char16_t* totalKwh,
                                SwitchState s = SwitchState::On);

    Money balance(AccountId a) { return ledger.walletBalance(a, Utility::Electricity); }
    qint64 scalar(const QString& sql);

    static const QDateTime kT0; // 2025-03-03 02:00 UTC

private:
    TestDatabase m_test;
    std::unique_ptr<storage::Database> m_db;

public:
    ManualClock clock;
    Ledger ledger;
    MeterRegistry registry;
    AccountSettingsStore settings;
    std::unique_ptr<ReadingIngestor> ingestor;

private:
    int m_keys = 0;
};

// Every row of a query, each as "v1|v2|..." (NULL for a null value).
QStringList queryRows(storage::Database& db, const QString& sql);

} // namespace md::test

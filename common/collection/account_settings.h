#pragma once

#include "control/alarm_policy.h"
#include "control/control_policy.h"
#include "control/protected_windows.h"
#include "money/ids.h"
#include "money/utility.h"

#include <QCoreApplication>
#include <QString>

#include <QHash>

#include <memory>
#include <optional>

namespace md {

namespace storage {
class Database;
class SqlQuery;
}

// What the collection service needs to know about one wallet (account, utility).
struct AccountSettings
{
    AccountId account;
    Utility utility = Utility::Electricity;
    QString tariffKey;               // tariffs.tariff_key; its newest revision is in force
    AlarmThresholds thresholds;
    QList<ProtectedWindow> windows;  // office wall-clock time
    QList<QDate> holidays;
    bool forceOn = false;            // 保电
    ManualOverride manual = ManualOverride::None;
};

// The account_collection table. Runs in the caller's transaction when one is active. Keeps
// get()'s prepared statement: destroy the store before the Database.
class AccountSettingsStore
{
    Q_DECLARE_TR_FUNCTIONS(md::AccountSettingsStore)

public:
    explicit AccountSettingsStore(storage::Database& db);
    ~AccountSettingsStore();
    // Inserts or replaces. Throws InputError for bad thresholds or an empty tariff key.
    void put(const AccountSettings& s, qint64 atMs);
    std::optional<AccountSettings> get(AccountId account, Utility utility);
    // Every utility's settings of these accounts, in a few statements (ingest batches).
    QList<AccountSettings> ofAccounts(const QList<AccountId>& accounts);

private:
    AccountSettings fromRow(const storage::SqlQuery& q, AccountId account, Utility utility);
    storage::Database& m_db;
    std::unique_ptr<storage::SqlQuery> m_get;
    // Parsed protected windows and holidays by their stored JSON text (most accounts share a
    // few; parsing "18:00" is most of reading a settings row).
    QHash<QString, QList<ProtectedWindow>> m_windows;
    QHash<QString, QList<QDate>> m_holidays;
};

} // namespace md

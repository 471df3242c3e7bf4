#pragma once

#include "collection/meter_reading.h"
#include "collection/meter_registry.h"
#include "control/alarm_policy.h"
#include "money/money.h"

#include <QList>
#include <QString>

#include <optional>

namespace md {

namespace storage {
class Database;
}

// The colour a meter is shown in (the meter list, batch operations). One state per meter.
enum class MeterColour { OpenedNormal, Alarm1, Alarm2, Arrears, NotOpened, Lost, ForcedOn, Removed };
QString meterColourKey(MeterColour c); // "opened-normal", "alarm-1", "alarm-2", "arrears", "not-opened", "lost", "forced-on", "removed"

struct MeterColourInputs
{
    bool removed = false;
    bool openAccount = false;                 // assigned to an account that is open
    bool lost = false;                        // meter_runtime.lost
    bool forceOn = false;                     // account_collection.force_on of its wallet
    std::optional<AlarmLevel> runtimeLevel;   // meter_runtime.alarm_level, when the meter has a runtime row
    Money balance;                            // its wallet
    std::optional<AlarmThresholds> thresholds; // account_collection, when configured
};

// Precedence: removed > lost (失联: nothing else is known for sure) > not opened (未开户) >
// forced on (保电) > the alarm level: the collection service's (meter_runtime), else the
// wallet's balance against its thresholds, else arrears below zero.
MeterColour meterColour(const MeterColourInputs& in);

// One wallet of an account (account, utility) in the same colours, by the same rule
// (meterColour): what the front desk's account grid shows. Not opened when the account is not
// open; lost when every installed meter of the wallet is lost; forced on from its collection
// settings; the alarm level the collection service evaluated (the most severe of its installed
// meters), else its balance against its thresholds, else arrears below zero. Never Removed.
MeterColour walletColour(storage::Database& db, AccountId account, Utility utility, Money balance);

// One meter with where it is, whose it is and how it stands.
struct MeterStatus
{
    MeterRecord meter;
    // room (empty when not placed)
    QString roomCode, roomName, roomPath;
    qint64 buildingId = 0;
    // account (empty when none)
    QString accountCode, tenantName, phone, accountStatus;
    MeterColour colour = MeterColour::NotOpened;
    std::optional<Money> balance;            // when assigned
    bool forceOn = false;
    bool lost = false;
    AlarmLevel alarm = AlarmLevel::Normal;
    std::optional<qint64> lastValueMilli;    // total register of the last accepted reading
    std::optional<qint64> lastAtMs;
    SwitchState actual = SwitchState::Unknown;
    SwitchState desired = SwitchState::Unknown;
};

struct MeterFilter
{
    qint64 site = 0, building = 0, unit = 0, room = 0, account = 0, meter = 0; // 0: any
    QString bus;          // empty: any
    QString text;         // case-insensitive, in nameplate, address, room code/name/path, account code, tenant, phone
    bool includeRemoved = false;
};

// The meters matching the filter with their state, by bus and address: one query.
QList<MeterStatus> meterStatuses(storage::Database& db, const MeterFilter& f);

} // namespace md

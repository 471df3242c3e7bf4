#pragma once

#include "money/money.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace md {

// How close a wallet is to being switched off (预警): normal → alarm 1 → alarm 2 → arrears.
enum class AlarmLevel { Normal, Alarm1, Alarm2, Arrears };
QString alarmLevelKey(AlarmLevel l);                       // "normal", "alarm1", "alarm2", "arrears"
std::optional<AlarmLevel> parseAlarmLevel(QStringView key);
QString alarmLevelName(AlarmLevel l);                      // translated, for people

// Per-wallet thresholds in fen: alarm 1 at balance <= alarm1, alarm 2 at balance <= alarm2.
// alarm1 >= alarm2 >= 0 (checked by validate()).
struct AlarmThresholds
{
    Money alarm1;
    Money alarm2;
    // Empty when sound, else a translated problem naming both values.
    QString validate() const;
};

// A change of level, recorded when an ingest (or a recharge) moves the balance across a bound.
struct AlarmChange
{
    AlarmLevel from = AlarmLevel::Normal;
    AlarmLevel to = AlarmLevel::Normal;
    Money balance;
};

class AlarmPolicy
{
    Q_DECLARE_TR_FUNCTIONS(md::AlarmPolicy)

public:
    // Arrears is a balance below zero (the tenant owes); zero itself is alarm 2 at the latest,
    // since alarm2 >= 0. A bound is inclusive: balance == alarm1 is alarm 1.
    static AlarmLevel levelFor(Money balance, const AlarmThresholds& t);
    // The change from `previous`, or nullopt when the level stays.
    static std::optional<AlarmChange> evaluate(AlarmLevel previous, Money balance, const AlarmThresholds& t);
};

} // namespace md

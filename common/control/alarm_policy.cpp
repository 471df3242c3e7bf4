#include "control/alarm_policy.h"

namespace md {

static const std::pair<AlarmLevel, const char*> kLevels[] = {
    {AlarmLevel::Normal, "normal"},
    {AlarmLevel::Alarm1, "alarm1"},
    {AlarmLevel::Alarm2, "alarm2"},
    {AlarmLevel::Arrears, "arrears"},
};

QString alarmLevelKey(AlarmLevel l)
{
    for (const auto& [level, key] : kLevels) {
        if (level == l)
            return QString::fromLatin1(key);
    }
    Q_UNREACHABLE();
}

std::optional<AlarmLevel> parseAlarmLevel(QStringView key)
{
    for (const auto& [level, name] : kLevels) {
        if (key == QLatin1String(name))
            return level;
    }
    return std::nullopt;
}

QString alarmLevelName(AlarmLevel l)
{
    switch (l) {
    case AlarmLevel::Normal:
        return AlarmPolicy::tr("normal");
    case AlarmLevel::Alarm1:
        return AlarmPolicy::tr("low balance (alarm 1)");
    case AlarmLevel::Alarm2:
        return AlarmPolicy::tr("very low balance (alarm 2)");
    case AlarmLevel::Arrears:
        return AlarmPolicy::tr("arrears");
    }
    Q_UNREACHABLE();
}

QString AlarmThresholds::validate() const
{
    if (alarm2.isNegative() || alarm1 < alarm2)
        return AlarmPolicy::tr("Alarm thresholds must satisfy alarm 1 >= alarm 2 >= 0 (got alarm 1 = %1, alarm 2 = %2)")
            .arg(alarm1.toYuanString(), alarm2.toYuanString());
    return {};
}

AlarmLevel AlarmPolicy::levelFor(Money balance, const AlarmThresholds& t)
{
    if (balance.isNegative())
        return AlarmLevel::Arrears;
    if (balance <= t.alarm2)
        return AlarmLevel::Alarm2;
    if (balance <= t.alarm1)
        return AlarmLevel::Alarm1;
    return AlarmLevel::Normal;
}

std::optional<AlarmChange> AlarmPolicy::evaluate(AlarmLevel previous, Money balance, const AlarmThresholds& t)
{
    const AlarmLevel now = levelFor(balance, t);
    if (now == previous)
        return std::nullopt;
    return AlarmChange{previous, now, balance};
}

} // namespace md

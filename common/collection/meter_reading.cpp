#include "collection/meter_reading.h"

namespace md {

static const std::pair<SwitchState, const char*> kStates[] = {
    {SwitchState::Unknown, "unknown"},
    {SwitchState::On, "on"},
    {SwitchState::Off, "off"},
    {SwitchState::ForcedOn, "forced-on"},
};

QString switchStateKey(SwitchState s)
{
    for (const auto& [state, key] : kStates) {
        if (state == s)
            return QString::fromLatin1(key);
    }
    Q_UNREACHABLE();
}

std::optional<SwitchState> parseSwitchState(QStringView key)
{
    for (const auto& [state, name] : kStates) {
        if (key == QLatin1String(name))
            return state;
    }
    return std::nullopt;
}

} // namespace md

#pragma once

#include "billing/reading.h"
#include "money/ids.h"
#include "money/money.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace md {

// The relay (electricity) or valve (water, heat) as the meter reports it.
enum class SwitchState { Unknown, On, Off, ForcedOn };
QString switchStateKey(SwitchState s);                   // "unknown", "on", "off", "forced-on"
std::optional<SwitchState> parseSwitchState(QStringView key);

// What one successful read of one meter brought back: the bus worker (server) fills it from the
// protocol codecs; the ingest pipeline (core) validates, stores and bills it.
struct MeterReading
{
    MeterId meter;
    ReadingSet registers;               // cumulative energy/volume registers, time-stamped (UTC)
    SwitchState switchState = SwitchState::Unknown;
    bool batteryLow = false;            // CJ/T 188 status
    // Meters that keep their own balance (表端费控): what the meter says.
    std::optional<Money> meterBalance;
    std::optional<qint64> purchaseCount;
    QByteArray rawReply;                // the reply frame(s) as received, for diagnostics
};

} // namespace md

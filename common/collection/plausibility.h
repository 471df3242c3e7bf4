#pragma once

#include "billing/reading.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace md {

// Whether a reading may be billed against the meter's previous accepted reading. Pure.
struct Plausibility
{
    enum class Verdict {
        Ok,              // bill it
        First,           // no previous reading: a baseline
        NotAfter,        // not later than the previous reading: anomaly, state unchanged
        Backwards,       // a register went down (a misread or tampering): anomaly, state unchanged
        ImpossibleJump,  // more than max rate × interval: anomaly, state unchanged
        CounterReset,    // the counter restarted (new meter board, rollover): flagged, not billed,
                         // the new values become the baseline
    };
    Verdict verdict = Verdict::Ok;
    QString problem; // translated, empty for Ok/First

    bool billable() const { return verdict == Verdict::Ok; }
    bool isAnomaly() const { return verdict != Verdict::Ok && verdict != Verdict::First; }
    static QString verdictKey(Verdict v); // "ok", "first", "time-not-after", "counter-backwards", ...

    // maxRateMilliPerHour == 0: no jump bound. A register that went down counts as a reset when
    // its new value is no more than the meter could have counted since zero in the interval
    // (with no rate bound: no more than 1 % of the previous value); else it went backwards.
    static Plausibility check(const std::optional<ReadingSet>& previous, const ReadingSet& next,
                              qint64 maxRateMilliPerHour);
};

} // namespace md

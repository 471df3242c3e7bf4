#pragma once

#include "billing/billing_state.h"
#include "billing/deduction.h"
#include "billing/reading.h"
#include "tariff/tariff.h"

namespace md {

// Cumulative charging (DESIGN.md "Numbers"). For each bucket (ladder period, tariff version,
// tier, rate) the amount charged so far is round(quantity so far × price); a deduction posts
// the difference, so the total never drifts however often the meter is read.
//
// Rules, in the order they are applied to an interval between two reading sets:
// - The first reading set only sets the baseline.
// - A meter whose two reading sets carry the same time-of-use registers is billed per
//   register; otherwise by the total register, shared among the time-of-use segments the
//   interval covers in proportion to their length (flag split-segments).
// - The interval is cut at ladder periods, free-allowance months and version changes and each
//   register's quantity is shared among the pieces pro rata by time (largest remainder).
// - Piece by piece in time order: the month's free allowance is used first (free units count
//   toward the ladder like any other consumption but cost nothing), then the ladder tiers.
//   When a piece with several registers crosses a tier bound, each tier's part is shared among
//   the registers in proportion to what each has left (largest remainder): see splitChunks().
// - A fixed monthly charge is posted once for every month the billed history reaches into,
//   at the price of the version in force when the history enters that month.
// - An anomaly (see Anomaly) charges nothing and leaves the state unchanged.
class Biller
{
public:
    static Deduction bill(const Tariff& tariff, MeterBillingState& state, const ReadingSet& next);

    // A meter swap (换表): the new meter's billing state is the old one's — buckets, ladder
    // position (the tier year-to-date), free units used, fixed charges posted — with the new
    // meter's initial reading as its baseline. Billed from there, the new meter's readings
    // cost what one meter counting both would have cost, to the fen, when `initial` is taken
    // at the time of the old meter's final reading (state.last).
    static MeterBillingState continueOnNewMeter(const MeterBillingState& old, const ReadingSet& initial);
};

} // namespace md

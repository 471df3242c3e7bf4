#pragma once

#include "billing/billing_state.h"
#include "billing/reading.h"
#include "money/money.h"
#include "money/price.h"
#include "money/rounding.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace md {

// Why an interval's quantity had to be shared out by time (pro rata, largest remainder).
enum class DeductionFlag : unsigned {
    SplitSegments = 1, // a total-only meter's interval spans time-of-use periods
    SplitPeriods = 2,  // the interval spans a ladder period (month/year) or free-allowance month
    SplitVersions = 4, // the interval spans a change of tariff version
    TierCrossing = 8,  // the cumulative quantity crossed a ladder bound in this interval
};
QStringList flagKeys(unsigned flags); // "split-segments", ...

enum class LineKind { Energy, Free, Fixed };

// One bucket's change: amount = round(after × price) − round(before × price), rounded once.
struct DeductionLine
{
    LineKind kind = LineKind::Energy;
    BucketKey bucket;
    Quantity quantity; // Δ
    Price price;
    Quantity before;
    Quantity after;
    Money chargedBefore;
    Money chargedAfter;
    Money amount;
    Rounding rounding = Rounding::HalfUp;
};

// How the interval's quantity was shared out before pricing: per ladder period, free month,
// version and register (per-register meters) or time-of-use segment (total-only meters).
struct Allocation
{
    QDate version;
    QString tierPeriod;
    QString month; // only where a free allowance makes the month matter
    Register reg = Register::Total;
    std::optional<Rate> segment;
    qint64 durationMs = 0;
    Quantity quantity;
};

enum class BillStatus { Baseline, Billed, Anomaly };

// What is wrong with a reading the biller refused; the state is left as it was and nothing
// is charged, so the collection service can flag the meter and keep the previous baseline.
enum class Anomaly {
    None,
    NoRegisters,      // an empty reading set
    TimeNotAfter,     // not later than the previous reading
    CounterBackwards, // a register is lower than before
    MissingRegister,  // the registers do not match the previous reading's
    NoTariffVersion,  // the interval starts before the first version is effective
    RegisterNotPriced // a time-of-use register whose rate the version does not price
};
QString anomalyKey(Anomaly a);

struct Deduction
{
    BillStatus status = BillStatus::Billed;
    Anomaly anomaly = Anomaly::None;
    QString problem; // translated explanation of an anomaly
    QDateTime from;  // UTC
    QDateTime to;    // UTC
    ReadingSet before;
    ReadingSet after;
    bool byRegister = false; // billed per time-of-use register (else by the total register)
    QList<Allocation> allocations;
    QList<DeductionLine> lines;
    Money total;
    unsigned flags = 0;

    bool hasFlag(DeductionFlag f) const { return (flags & unsigned(f)) != 0; }
    bool isAnomaly() const { return status == BillStatus::Anomaly; }
    // The full explanation, stored with the ledger transaction. Amounts are exact decimal text.
    QJsonObject toJson() const;
    // The same explanation as compact JSON text, byte for byte what
    // QJsonDocument(toJson()).toJson(QJsonDocument::Compact) gives (keys in Qt's sorted order,
    // Qt's string escapes), written directly: the ledger stores and fingerprints this text, so
    // it must not change for stored deductions to replay (tests_ledger compares the two).
    QByteArray toCompactJson() const;
};

} // namespace md

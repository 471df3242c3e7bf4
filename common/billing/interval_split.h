#pragma once

#include "tariff/tariff.h"

#include <QDateTime>
#include <QList>

#include <optional>

namespace md {

// A stretch of a reading interval over which nothing that prices energy changes: one tariff
// version, one ladder period, one free-allowance month and (for total-only meters) one
// time-of-use segment. Its weight is its length, for sharing the interval's quantity pro rata.
struct IntervalPiece
{
    QDateTime from; // UTC
    QDateTime to;   // UTC
    const TariffVersion* version = nullptr; // nullptr before the tariff's first version
    QString tierPeriod;
    QString month; // "2024-03" when the version has a free allowance, else empty
    std::optional<Rate> segment; // only when split by segments
    qint64 weightMs = 0;
};

// Cuts [fromUtc, toUtc) at every local midnight (months, ladder years and versions all start
// at midnight in the tariff's time zone) and, when `bySegments`, at every time-of-use period
// start, then merges neighbours that price alike. Pieces are in time order and cover the
// interval exactly.
QList<IntervalPiece> splitInterval(const Tariff& tariff, const QDateTime& fromUtc, const QDateTime& toUtc,
                                   bool bySegments);

} // namespace md

#pragma once

#include <QList>
#include <QtGlobal>

namespace md {

// Splits `total` (>= 0, integer milli-units) in proportion to `weights` (>= 0) by the
// largest-remainder method: everyone gets the floor of their exact share, and the units left
// over go one each to the largest fractional remainders (ties: earlier entry first). The parts
// always sum exactly to `total`. All-zero weights give everything to the first entry.
QList<qint64> largestRemainder(qint64 total, const QList<qint64>& weights);

// Splits each of `chunks` among several owners whose amounts are `shares`, where
// sum(chunks) == sum(shares): chunk k is shared in proportion to what each owner has left
// after chunks 0..k-1 (largest remainder), and the last chunk takes exactly what is left. So
// every row sums to its chunk and every column to its share. Used when an interval with
// several registers crosses a tier bound. Result: [chunk][owner].
QList<QList<qint64>> splitChunks(const QList<qint64>& chunks, const QList<qint64>& shares);

} // namespace md

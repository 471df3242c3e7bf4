#include "billing/allocation.h"

#include "money/rounding.h"

#include <algorithm>
#include <numeric>

namespace md {

QList<qint64> largestRemainder(qint64 total, const QList<qint64>& weights)
{
    QList<qint64> parts(weights.size(), 0);
    if (weights.isEmpty())
        return parts;
    const Int128 sum = std::accumulate(weights.begin(), weights.end(), Int128(0));
    if (sum == 0) {
        parts[0] = total;
        return parts;
    }
    QList<Int128> remainders(weights.size());
    qint64 given = 0;
    for (qsizetype i = 0; i < weights.size(); ++i) {
        const Int128 exact = Int128(total) * weights.at(i);
        parts[i] = qint64(exact / sum);
        remainders[i] = exact % sum;
        given += parts.at(i);
    }
    QList<qsizetype> order(weights.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](qsizetype a, qsizetype b) { return remainders.at(a) > remainders.at(b); });
    for (qint64 left = total - given, k = 0; left > 0; --left, ++k)
        ++parts[order.at(qsizetype(k))];
    return parts;
}

QList<QList<qint64>> splitChunks(const QList<qint64>& chunks, const QList<qint64>& shares)
{
    QList<QList<qint64>> matrix;
    QList<qint64> remaining = shares;
    for (qsizetype k = 0; k < chunks.size(); ++k) {
        if (k + 1 == chunks.size()) {
            matrix.append(remaining);
            break;
        }
        const QList<qint64> row = largestRemainder(chunks.at(k), remaining);
        for (qsizetype j = 0; j < row.size(); ++j)
            remaining[j] -= row.at(j);
        matrix.append(row);
    }
    return matrix;
}

} // namespace md

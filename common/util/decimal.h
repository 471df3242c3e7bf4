#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace md {

// Exact decimal text <-> scaled integers, the one place where "12.34" becomes 1234.
// No floating point is involved anywhere.

// Parses an optional sign, digits and at most `decimals` fraction digits ("12", "-0.5",
// "3.1415" with decimals >= 4). Rejects empty text, exponent notation, thousands separators,
// more fraction digits than allowed and values that do not fit in qint64.
std::optional<qint64> parseScaled(QStringView text, int decimals);

// Formats value / 10^decimals with exactly `decimals` fraction digits ("-12.30").
QString formatScaled(qint64 value, int decimals);

} // namespace md

#include "money/rounding.h"

#include "util/error.h"

#include <QCoreApplication>
#include <limits>

namespace md {

qint64 divideRounded(Int128 numerator, Int128 denominator, Rounding rounding)
{
    Q_ASSERT(denominator > 0);
    Int128 quotient = numerator / denominator; // truncates toward zero
    const Int128 remainder = numerator % denominator;
    if (remainder != 0) {
        const Int128 away = numerator < 0 ? -1 : 1;
        const Int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
        switch (rounding) {
        case Rounding::Down:
            break;
        case Rounding::Up:
            quotient += away;
            break;
        case Rounding::HalfUp:
            if (twice >= denominator)
                quotient += away;
            break;
        case Rounding::HalfEven:
            if (twice > denominator || (twice == denominator && quotient % 2 != 0))
                quotient += away;
            break;
        }
    }
    if (quotient > std::numeric_limits<qint64>::max() || quotient < std::numeric_limits<qint64>::min())
        throw OverflowError(QCoreApplication::translate("md::Money", "Amount out of range"));
    return qint64(quotient);
}

} // namespace md

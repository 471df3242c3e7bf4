#include "money/price.h"

#include "util/decimal.h"

namespace md {

std::optional<Price> Price::parseYuan(QStringView text)
{
    if (const auto v = parseScaled(text, 4))
        return Price(*v);
    return std::nullopt;
}

QString Price::toYuanString() const
{
    return formatScaled(m_value, 4);
}

Money charge(Quantity quantity, Price price, Rounding rounding)
{
    // milli-units × 1e-4 yuan = 1e-7 yuan = 1e-5 fen.
    const Int128 exact = Int128(quantity.milli()) * price.tenThousandths();
    return Money::fromFen(divideRounded(exact, 100000, rounding));
}

} // namespace md

#pragma once

#include <QtGlobal>

namespace md {

// How an exact fraction of a fen becomes whole fen. Every charge line names its rounding and
// rounds exactly once (DESIGN.md "Numbers").
enum class Rounding {
    HalfUp,   // 四舍五入: 0.5 fen away from zero; the default on Chinese utility bills
    HalfEven, // banker's rounding
    Down,     // toward zero (舍去)
    Up,       // away from zero (进位)
};

// 128-bit intermediate for exact products of two qint64 values (GCC and Clang builtin type;
// __extension__ keeps -Wpedantic quiet about it).
__extension__ typedef __int128 Int128;

// numerator / denominator rounded as named; denominator > 0. Exact for every qint64-sized
// quotient (the numerator may be a 128-bit product).
qint64 divideRounded(Int128 numerator, Int128 denominator, Rounding rounding);

} // namespace md

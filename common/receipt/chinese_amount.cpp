#include "receipt/chinese_amount.h"

namespace md::receipt {

namespace {

constexpr char16_t kDigits[] = u"零壹贰叁肆伍陆柒捌玖";
constexpr char16_t kSmallUnits[] = {u'\0', u'拾', u'佰', u'仟'};

QChar digit(quint64 d)
{
    return QChar(kDigits[d]);
}

// 1..9999 without leading 零; a run of inner zeros gives one 零, trailing zeros nothing.
QString belowTenThousand(quint64 n)
{
    QString out;
    bool zeroPending = false;
    for (int pos = 3; pos >= 0; --pos) {
        quint64 scale = 1;
        for (int i = 0; i < pos; ++i)
            scale *= 10;
        const quint64 d = (n / scale) % 10;
        if (d == 0) {
            zeroPending = !out.isEmpty();
            continue;
        }
        if (zeroPending)
            out += u'零';
        zeroPending = false;
        out += digit(d);
        if (pos > 0)
            out += QChar(kSmallUnits[pos]);
    }
    return out;
}

// n ≥ 1. Groups of four digits: 万 inside a group of eight, 亿 between groups of eight
// (recursively, so 10^16 is 壹亿亿). A lower part that does not reach its top digit position
// is joined with one 零 (壹拾万零伍佰, 壹亿零壹万); one that does needs none (壹拾万柒仟).
QString integerPart(quint64 n)
{
    constexpr quint64 kYi = 100000000;
    constexpr quint64 kWan = 10000;
    if (n >= kYi) {
        const quint64 rest = n % kYi;
        QString out = integerPart(n / kYi) + u'亿';
        if (rest == 0)
            return out;
        if (rest < kYi / 10)
            out += u'零';
        return out + integerPart(rest);
    }
    if (n >= kWan) {
        const quint64 rest = n % kWan;
        QString out = belowTenThousand(n / kWan) + u'万';
        if (rest == 0)
            return out;
        if (rest < kWan / 10)
            out += u'零';
        return out + belowTenThousand(rest);
    }
    return belowTenThousand(n);
}

} // namespace

QString chineseCapitalAmount(Money amount)
{
    const qint64 fen = amount.fen();
    // The magnitude as unsigned, so that the most negative qint64 has one too.
    const quint64 magnitude = fen < 0 ? quint64(0) - quint64(fen) : quint64(fen);
    const quint64 yuan = magnitude / 100;
    const quint64 jiao = (magnitude / 10) % 10;
    const quint64 cents = magnitude % 10;

    QString out;
    if (fen < 0)
        out += u'负';
    if (magnitude == 0)
        return QStringLiteral("零元整");
    if (yuan > 0)
        out += integerPart(yuan) + u'元';
    if (jiao == 0 && cents == 0)
        return out + u'整';
    // 零 after 元 when the 元 digit or the 角 is zero (see the header); none without yuan.
    if (yuan > 0 && (yuan % 10 == 0 || jiao == 0))
        out += u'零';
    if (jiao > 0)
        out += digit(jiao) + QStringLiteral("角");
    if (cents > 0)
        out += digit(cents) + QStringLiteral("分");
    return out;
}

} // namespace md::receipt

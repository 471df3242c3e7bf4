#pragma once

#include "money/money.h"

#include <QString>

namespace md::receipt {

// The amount in Chinese capitals (大写金额) as written on receipts and bank slips, following
// the People's Bank of China rules for filling in bills (《正确填写票据和结算凭证的基本规定》):
//   - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, 元角分; 壹拾 (never a bare 拾);
//   - one 零 for a run of zeros inside the number (¥6,007.14 → 陆仟零柒元壹角肆分);
//   - 整 after 元 when there are no 角 and 分; nothing after 角 or 分 (¥1,409.50 →
//     壹仟肆佰零玖元伍角);
//   - 零 after 元 when the 角 is zero and the 分 is not (¥325.04 → 叁佰贰拾伍元零肆分);
//   - where the rules allow either form, the first one they print: 零 after 元 when the 元
//     digit is zero (¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分) and no 零 after 万 when the 仟 digit
//     is not zero (¥107,000.53 → 壹拾万柒仟元零伍角叁分);
//   - zero is 零元整; above 亿 the count of 亿 is written the same way (万亿, 亿亿).
// The words 人民币 are not included (forms print them); a negative amount (a refund shown as
// money out) is marked with a leading 负, since capitals have no sign of their own.
QString chineseCapitalAmount(Money amount);

} // namespace md::receipt

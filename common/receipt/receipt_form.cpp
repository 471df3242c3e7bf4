#include "receipt/receipt_form.h"

#include "tariff/ini_document.h"
#include "util/decimal.h"
#include "util/error.h"

#include <QStringList>

namespace md::receipt {

namespace {

// lupdate files these messages under the context below.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::receipt::ReceiptForm)
};

const QStringList kFieldIds = {
    QStringLiteral("office"),       QStringLiteral("title"),         QStringLiteral("copy_mark"),
    QStringLiteral("receipt_no"),   QStringLiteral("date_time"),     QStringLiteral("account"),
    QStringLiteral("tenant"),       QStringLiteral("rooms"),         QStringLiteral("meters"),
    QStringLiteral("utility"),      QStringLiteral("channel"),       QStringLiteral("amount"),
    QStringLiteral("amount_capitals"), QStringLiteral("fee"),        QStringLiteral("balance_before"),
    QStringLiteral("balance_after"), QStringLiteral("last_reading"), QStringLiteral("cashier"),
    QStringLiteral("memo")};

int tenthsOfMm(const IniEntry& e, const QString& text, const QString& source)
{
    const auto v = parseScaled(text.trimmed(), 1);
    if (!v || *v < 0 || *v > 10000)
        throw InputError(source, e.line, Tr::tr("\"%1\" is not a length in millimetres from 0 to 1000 (at most one decimal)").arg(text));
    return int(*v);
}

} // namespace

ReceiptForm parseReceiptForm(const QByteArray& data, const QString& source)
{
    ReceiptForm f;
    for (const IniSection& s : parseIni(data, source)) {
        if (s.name == u"paper") {
            for (const IniEntry& e : s.entries) {
                if (e.key == u"font_pt") {
                    bool ok = false;
                    const int pt = e.value.toInt(&ok);
                    if (!ok || pt < 6 || pt > 36)
                        throw InputError(source, e.line, Tr::tr("font_pt must be a whole number from 6 to 36"));
                    f.fontPoints = pt;
                    continue;
                }
                int* target = e.key == u"width_mm"            ? &f.widthTenthMm
                              : e.key == u"height_mm"         ? &f.heightTenthMm
                              : e.key == u"margin_left_mm"    ? &f.marginLeftTenthMm
                              : e.key == u"margin_top_mm"     ? &f.marginTopTenthMm
                              : e.key == u"margin_right_mm"   ? &f.marginRightTenthMm
                              : e.key == u"margin_bottom_mm"  ? &f.marginBottomTenthMm
                                                              : nullptr;
                if (!target)
                    throw InputError(source, e.line, Tr::tr("unknown key \"%1\" in [paper]").arg(e.key));
                *target = tenthsOfMm(e, e.value, source);
            }
        } else if (s.name == u"fields") {
            for (const IniEntry& e : s.entries) {
                if (!kFieldIds.contains(e.key))
                    throw InputError(source, e.line, Tr::tr("unknown receipt field \"%1\" (known: %2)").arg(e.key, kFieldIds.join(u", ")));
                const QStringList xy = e.value.split(u',');
                if (xy.size() != 2)
                    throw InputError(source, e.line, Tr::tr("a field position is \"X_MM, Y_MM\""));
                f.fields.insert(e.key, {tenthsOfMm(e, xy[0], source), tenthsOfMm(e, xy[1], source)});
            }
        } else {
            throw InputError(source, s.line, Tr::tr("unknown section [%1] (known: paper, fields)").arg(s.name));
        }
    }
    if (f.widthTenthMm < 500 || f.heightTenthMm < 500)
        throw InputError(source, 0, Tr::tr("the paper must be at least 50 × 50 mm"));
    if (f.marginLeftTenthMm + f.marginRightTenthMm >= f.widthTenthMm
        || f.marginTopTenthMm + f.marginBottomTenthMm >= f.heightTenthMm)
        throw InputError(source, 0, Tr::tr("the margins leave no room on the paper"));
    for (auto it = f.fields.cbegin(); it != f.fields.cend(); ++it)
        if (it->xTenthMm >= f.widthTenthMm || it->yTenthMm >= f.heightTenthMm)
            throw InputError(source, 0, Tr::tr("the field \"%1\" is placed off the paper").arg(it.key()));
    return f;
}

} // namespace md::receipt

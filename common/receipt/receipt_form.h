#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QMap>
#include <QString>

namespace md::receipt {

// Where a receipt goes on paper. Lengths are in tenths of a millimetre (exact, no floating
// point in the file). Without [fields] the app prints its plain layout (labels and values);
// with [fields] it prints only the values at the given positions, onto a pre-printed form.
//
// The default paper is a 241 × 140 mm sheet (9.5 × 5.5 inch: the common half-height
// continuous form for wide-carriage dot-matrix printers such as the Epson LQ-1600K).
struct ReceiptForm
{
    int widthTenthMm = 2410;
    int heightTenthMm = 1400;
    int marginLeftTenthMm = 100;
    int marginTopTenthMm = 80;
    int marginRightTenthMm = 100;
    int marginBottomTenthMm = 80;
    int fontPoints = 11;
    struct Position
    {
        int xTenthMm = 0; // from the page's top-left corner (not the margins)
        int yTenthMm = 0;
    };
    QMap<QString, Position> fields; // field id (receipt_layout.h) → where its value starts

    bool isPreprinted() const { return !fields.isEmpty(); }
};

// Reads a form file:
//   [paper]  width_mm, height_mm, margin_left_mm, margin_top_mm, margin_right_mm,
//            margin_bottom_mm (decimals to 0.1 mm), font_pt
//   [fields] <field id> = X_MM, Y_MM
// Throws InputError(source, line, problem) for an unknown section, key or field id, a bad
// number or a position off the paper.
ReceiptForm parseReceiptForm(const QByteArray& data, const QString& source);

} // namespace md::receipt

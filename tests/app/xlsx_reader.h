#pragma once

#include <QString>
#include <QStringList>

namespace md::test {

// Reading back an .xlsx the desk wrote (a zip of XML) with `unzip -p`, for the export tests.
QString xlsxMember(const QString& xlsx, const QString& name); // one member as text
QStringList xlsxSharedStrings(const QString& xlsx);          // <si><t>…</t></si> in order

// A cell of a sheet's XML: its type attribute, style index and value (a shared string's text
// for t="s"); all empty when there is no such cell.
struct XlsxCell
{
    QString type;
    QString style;
    QString value;
};
XlsxCell xlsxCell(const QString& sheet, const QStringList& sharedStrings, const QString& ref);

} // namespace md::test

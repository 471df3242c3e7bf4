#include "xlsx_reader.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QRegularExpression>

namespace md::test {

QString xlsxMember(const QString& xlsx, const QString& name)
{
    QProcess unzip;
    unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), xlsx, name});
    REQUIRE(unzip.waitForFinished(20000));
    REQUIRE(unzip.exitCode() == 0);
    return QString::fromUtf8(unzip.readAllStandardOutput());
}

QStringList xlsxSharedStrings(const QString& xlsx)
{
    QStringList out;
    const QRegularExpression si(QStringLiteral("<si><t[^>]*>([^<]*)</t></si>"));
    for (auto it = si.globalMatch(xlsxMember(xlsx, QStringLiteral("xl/sharedStrings.xml"))); it.hasNext();)
        out.append(it.next().captured(1));
    return out;
}

XlsxCell xlsxCell(const QString& sheet, const QStringList& sharedStrings, const QString& ref)
{
    const QRegularExpression re(QStringLiteral("<c r=\"%1\"([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>").arg(ref));
    const auto m = re.match(sheet);
    if (!m.hasMatch())
        return {};
    const QString attrs = m.captured(1);
    XlsxCell c;
    c.type = QRegularExpression(QStringLiteral("t=\"(\\w+)\"")).match(attrs).captured(1);
    c.style = QRegularExpression(QStringLiteral("s=\"(\\d+)\"")).match(attrs).captured(1);
    c.value = c.type == u"s" ? sharedStrings.value(m.captured(2).toInt()) : m.captured(2);
    return c;
}

} // namespace md::test

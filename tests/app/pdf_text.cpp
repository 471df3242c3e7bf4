#include "pdf_text.h"

#include <QProcess>

namespace md::test {

QString pdfText(const QString& pdfPath)
{
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdfPath, QStringLiteral("-")});
    if (!p.waitForFinished(20000) || p.exitCode() != 0)
        return {};
    // The CJK fonts map some radicals and their ideographs to one glyph, and pdftotext reads
    // such a glyph back as the radical (⾥ U+2F65 for 里, ⻆ U+2EC6 for 角). Kangxi radicals fold
    // under NFKC; the supplement radicals we print are mapped by hand.
    QString text = QString::fromUtf8(p.readAllStandardOutput()).normalized(QString::NormalizationForm_KC);
    text.replace(QChar(0x2EC6), QChar(0x89D2)); // ⻆ → 角
    return text;
}

} // namespace md::test

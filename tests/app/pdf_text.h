#pragma once

#include <QString>

namespace md::test {

// The text of a PDF as poppler's pdftotext reads it (-layout), or an empty string when
// pdftotext is missing or fails. Radicals read back for ideographs are folded (see the .cpp).
QString pdfText(const QString& pdfPath);

} // namespace md::test

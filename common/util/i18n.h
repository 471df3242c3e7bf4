#pragma once

#include <QLocale>

namespace md {

// Installs the translator for `locale` (default: the system's) on the running application, so
// every tr() text shows in Chinese on a zh_CN system, and Qt's own (qtbase) where the system
// has it. English needs no translator. Returns false when no translation of ours exists for the
// locale.
bool installTranslations(const QLocale& locale = QLocale::system());

} // namespace md

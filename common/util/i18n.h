#pragma once

#include <QLocale>

namespace md {

// Installs the translator for `locale` (default: the system's) on the running application, so
// every tr() text shows in Chinese on a zh_CN system. English needs no translator. Returns
// false when no translation exists for the locale.
bool installTranslations(const QLocale& locale = QLocale::system());

} // namespace md

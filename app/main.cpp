#include "app_root.h"

#include "util/i18n.h"

#include <QApplication>

#include <cstdio>

// Thin on purpose: everything is built in AppRoot.
int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MeterDesk"));
    QApplication::setApplicationName(QStringLiteral("meterdesk"));
    md::installTranslations();
    QString problem;
    const std::optional<md::app::StartupOptions> options = md::app::parseStartupOptions(QApplication::arguments(), &problem);
    if (!options) {
        const bool help = QApplication::arguments().contains(QStringLiteral("--help"))
                          || QApplication::arguments().contains(QStringLiteral("-h"));
        std::fprintf(help ? stdout : stderr, "%s\n", qPrintable(problem));
        return help ? 0 : 2;
    }
    md::app::AppRoot root;
    if (!root.start(*options))
        return 0;
    return QApplication::exec();
}

#include "app_root.h"

#include "util/i18n.h"

#include <QApplication>

// Thin on purpose: everything is built in AppRoot.
int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MeterDesk"));
    QApplication::setApplicationName(QStringLiteral("meterdesk"));
    md::installTranslations();
    md::app::AppRoot root;
    if (!root.start())
        return 0;
    return QApplication::exec();
}

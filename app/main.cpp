#include <QApplication>
#include <QLabel>

#include "util/i18n.h"

// The front desk is built in its own issue; until then the binary only proves that the Widgets
// stack links and starts.
int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("meterdesk"));
    md::installTranslations();
    QLabel label(QApplication::translate("main", "MeterDesk front desk: not available in this build yet."));
    label.setMargin(24);
    label.show();
    return QApplication::exec();
}

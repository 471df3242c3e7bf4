#include "cli/command.h"
#include "util/i18n.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("meterdeskd"));
    QCoreApplication::setOrganizationName(QStringLiteral("MeterDesk"));
    md::installTranslations();
    QTextStream out(stdout);
    QTextStream err(stderr);
    return md::cli::dispatch(QCoreApplication::arguments(), out, err);
}

#include "cli/command.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("meterdeskd"));
    QCoreApplication::setOrganizationName(QStringLiteral("MeterDesk"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return md::cli::dispatch(QCoreApplication::arguments(), out, err);
}

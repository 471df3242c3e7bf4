#include "cli/bill_command.h"

#include <QCoreApplication>

namespace md::cli {

// Placeholder until this subcommand is written; it fails loudly rather than pretending.
QString billSummary()
{
    return QCoreApplication::translate("md::cli", "(not yet available)");
}

int runBill(const QStringList&, QTextStream&, QTextStream& err)
{
    err << QCoreApplication::translate("md::cli", "This command is not available yet.") << '\n';
    return 2;
}

} // namespace md::cli

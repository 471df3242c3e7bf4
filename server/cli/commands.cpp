#include "cli/audit_verify_command.h"
#include "cli/bill_command.h"
#include "cli/call_command.h"
#include "cli/command.h"
#include "cli/decode_command.h"
#include "cli/seed_demo_command.h"
#include "cli/serve_command.h"
#include "cli/verify_rollups_command.h"

namespace md::cli {

namespace {
const Command kCommands[] = {
    {"bill", &billSummary, &runBill},
    {"decode", &decodeSummary, &runDecode},
    {"serve", &serveSummary, &runServe},
    {"call", &callSummary, &runCall},
    {"audit-verify", &auditVerifySummary, &runAuditVerify},
    {"seed-demo", &seedDemoSummary, &runSeedDemo},
    {"verify-rollups", &verifyRollupsSummary, &runVerifyRollups},
};

void printUsage(QTextStream& out)
{
    out << QCoreApplication::translate("md::cli", "Usage: meterdeskd COMMAND [OPTIONS]") << '\n'
        << QCoreApplication::translate("md::cli", "Commands:") << '\n';
    for (const Command& c : kCommands)
        out << "  " << QString::fromLatin1(c.name).leftJustified(15) << c.summary() << '\n';
    out.flush();
}
} // namespace

std::span<const Command> commands()
{
    return kCommands;
}

int dispatch(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    if (arguments.size() < 2 || arguments.at(1) == u"--help" || arguments.at(1) == u"-h") {
        printUsage(arguments.size() < 2 ? err : out);
        return arguments.size() < 2 ? 2 : 0;
    }
    for (const Command& c : kCommands) {
        if (arguments.at(1) == QLatin1String(c.name)) {
            const int code = c.run(arguments.mid(2), out, err);
            out.flush();
            err.flush();
            return code;
        }
    }
    err << QCoreApplication::translate("md::cli", "Unknown command: %1").arg(arguments.at(1)) << '\n';
    printUsage(err);
    return 2;
}

} // namespace md::cli

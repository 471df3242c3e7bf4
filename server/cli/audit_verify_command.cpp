#include "cli/audit_verify_command.h"

#include "api/audit_verifier.h"
#include "config/service_config.h"
#include "storage/database.h"
#include "util/error.h"

#include <QCoreApplication>

// `meterdeskd audit-verify (--database URL | --config FILE)`: checks the operation log's hash
// chain. Exit 0 when it is whole, 1 naming the first broken record, 2 for usage errors.

namespace md::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::cli", text);
}
} // namespace

QString auditVerifySummary()
{
    return tr("Check the operation log's hash chain (--database URL or --config FILE)");
}

int runAuditVerify(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString url, configPath;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--database" && i + 1 < args.size()) {
            url = args.at(++i);
        } else if (args.at(i) == u"--config" && i + 1 < args.size()) {
            configPath = args.at(++i);
        } else {
            err << tr("Usage: meterdeskd audit-verify (--database URL | --config FILE)") << '\n';
            return 2;
        }
    }
    if (url.isEmpty() == configPath.isEmpty()) {
        err << tr("Usage: meterdeskd audit-verify (--database URL | --config FILE)") << '\n';
        return 2;
    }
    try {
        const storage::DatabaseConfig db =
            url.isEmpty() ? ServiceConfig::readFile(configPath).database : storage::DatabaseConfig::fromUrl(url);
        const auto database = storage::Database::open(db);
        const api::AuditVerdict v = api::AuditVerifier::verify(*database);
        if (v.ok) {
            out << tr("The operation log is intact: %1 records").arg(v.records) << '\n';
            return 0;
        }
        out << tr("BROKEN at record %1: %2").arg(v.firstBroken).arg(v.problem) << '\n';
        return 1;
    } catch (const Error& e) {
        err << e.message() << '\n';
        return 2;
    }
}

} // namespace md::cli

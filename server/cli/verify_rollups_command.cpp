#include "cli/verify_rollups_command.h"

#include "config/service_config.h"
#include "report/rollup_check.h"
#include "storage/database.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QElapsedTimer>

// `meterdeskd verify-rollups (--config FILE | --database URL [--time-zone ZONE])`: recomputes
// the daily rollups from their sources — meter_daily from the raw readings, wallet_daily from
// the postings — and the monthly ones (meter_monthly, wallet_monthly) from the daily ones, and
// prints every (meter, day), (ledger account, day) and (meter or account, month) that differs. Exit 0
// when none, 1 when any, 2 for usage errors.

namespace md::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::cli", text);
}

QString usage()
{
    return tr("Usage: meterdeskd verify-rollups (--config FILE | --database URL [--time-zone ZONE])");
}
} // namespace

QString verifyRollupsSummary()
{
    return tr("Recompute the daily and monthly meter and wallet rollups from readings and postings and list mismatches");
}

int runVerifyRollups(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString url, configPath, zoneId;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--database" && i + 1 < args.size()) {
            url = args.at(++i);
        } else if (args.at(i) == u"--config" && i + 1 < args.size()) {
            configPath = args.at(++i);
        } else if (args.at(i) == u"--time-zone" && i + 1 < args.size()) {
            zoneId = args.at(++i);
        } else {
            err << usage() << '\n';
            return 2;
        }
    }
    if (url.isEmpty() == configPath.isEmpty() || (!zoneId.isEmpty() && !configPath.isEmpty())) {
        err << usage() << '\n';
        return 2;
    }
    try {
        storage::DatabaseConfig dbConfig;
        QTimeZone zone(QByteArrayLiteral("Asia/Shanghai"));
        if (!configPath.isEmpty()) {
            const ServiceConfig config = ServiceConfig::readFile(configPath);
            dbConfig = config.database;
            zone = config.collection.officeZone;
        } else {
            dbConfig = storage::DatabaseConfig::fromUrl(url);
            if (!zoneId.isEmpty())
                zone = QTimeZone(zoneId.toUtf8());
            if (!zone.isValid()) {
                err << tr("Not a time zone: %1").arg(zoneId) << '\n';
                return 2;
            }
        }
        const auto database = storage::Database::open(dbConfig);
        QElapsedTimer timer;
        timer.start();
        const report::RollupCheck r = report::verifyRollups(*database, zone);
        for (const report::RollupMismatch& m : r.mismatches)
            out << tr("MISMATCH meter %1 (%2) day %3: %4").arg(m.meter).arg(m.nameplate, m.day, m.problem) << '\n';
        out << tr("%1 meters, %2 readings, %3 meter-days checked in %4 ms: %5 mismatches")
                   .arg(r.meters)
                   .arg(r.readings)
                   .arg(r.days)
                   .arg(timer.elapsed())
                   .arg(r.mismatches.size())
            << '\n';
        timer.restart();
        const report::WalletRollupCheck w = report::verifyWalletRollups(*database);
        for (const report::WalletRollupMismatch& m : w.mismatches) {
            if (m.ledgerAccount == 0)
                out << tr("MISMATCH wallet_daily: %1").arg(m.problem) << '\n';
            else
                out << tr("MISMATCH ledger account %1 (%2) day %3: %4").arg(m.ledgerAccount).arg(m.name, m.day, m.problem) << '\n';
        }
        out << tr("%1 ledger accounts, %2 account-days (wallet_daily, time zone %3) checked in %4 ms: %5 mismatches")
                   .arg(w.accounts)
                   .arg(w.days)
                   .arg(QString::fromUtf8(w.zone))
                   .arg(timer.elapsed())
                   .arg(w.mismatches.size())
            << '\n';
        timer.restart();
        const report::MonthlyRollupCheck mo = report::verifyMonthlyRollups(*database);
        for (const report::MonthlyRollupMismatch& m : mo.mismatches)
            out << tr("MISMATCH %1 %2 month %3: %4").arg(m.table).arg(m.id).arg(m.month, m.problem) << '\n';
        out << tr("%1 meter-months (meter_monthly), %2 account-months (wallet_monthly) checked against the daily rollups "
                  "in %3 ms: %4 mismatches")
                   .arg(mo.meterMonths)
                   .arg(mo.walletMonths)
                   .arg(timer.elapsed())
                   .arg(mo.mismatches.size())
            << '\n';
        if (!w.zone.isEmpty() && w.zone != zone.id())
            out << tr("Note: wallet_daily is kept in %1, not the office's %2; the service rebuilds it at its next posting")
                       .arg(QString::fromUtf8(w.zone), QString::fromUtf8(zone.id()))
                << '\n';
        return r.mismatches.isEmpty() && w.mismatches.isEmpty() && mo.mismatches.isEmpty() ? 0 : 1;
    } catch (const Error& e) {
        err << e.message() << '\n';
        return 2;
    }
}

} // namespace md::cli

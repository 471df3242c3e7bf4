#pragma once

#include "control/alarm_policy.h"
#include "report/report_table.h"

namespace md::storage {
class Database;
}

namespace md::report {

struct ArrearsQuery
{
    AlarmLevel atLeast = AlarmLevel::Alarm1; // alarm1: alarms and arrears; arrears: arrears only
};

// Arrears and alarms now (欠费/预警): every wallet of an open account whose balance is at or
// below the level, by AlarmPolicy and the wallet's thresholds (account_collection; a wallet
// without settings can only be in arrears). Most severe first, then lowest balance. Columns:
// account, code, tenant, utility, balance, alarm1, alarm2, level (key), level_name, force_on
// (1 when forced on: in arrears but kept supplied). Summary: count per level. Key "arrears".
ReportTable arrearsReport(storage::Database& db, const ArrearsQuery& q);

} // namespace md::report

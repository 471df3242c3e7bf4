#pragma once

#include "report/report_period.h"
#include "report/report_table.h"

namespace md::storage {
class Database;
}

namespace md::report {

struct AlarmHistory
{
    ReportTable events;   // key "alarms"
    ReportTable commands; // key "relay_commands"
};

// Alarm history (报警记录) over the period: every alarm_events row (level changes, lost /
// recovered, purchase-count mismatches, failed purchases) in time order with its account, meter
// and room: at (office wall clock), account, code, tenant, utility, meter, nameplate, room, kind,
// from_level, to_level, balance, detail. Summary: the count per kind. And the relay/valve
// commands not confirmed now (status requested, sent or failed, whenever requested): id,
// meter, nameplate, room, command, reason, status, attempts, requested_at, last_error.
AlarmHistory alarmHistoryReport(storage::Database& db, const ReportPeriod& period);

} // namespace md::report

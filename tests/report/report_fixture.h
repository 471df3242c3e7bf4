#pragma once

#include "collection/meter_reading.h"
#include "ledger/ledger.h"
#include "report/report_table.h"
#include "support/test_database.h"
#include "util/clock.h"

#include <QTimeZone>

#include <initializer_list>
#include <memory>

namespace md::test {

// The reports' dataset, built through the real Ledger on a fresh database (SQLite file or
// MariaDB), the office in Asia/Shanghai. Four accounts, recharges on five channels by two
// cashiers over 2026-01-30 .. 2026-02-05 across the month boundary, deductions, a refund, a
// correction of a recharge, an adjustment, a transfer, a closing that pays out, alarm
// thresholds and daily meter rollups. The amounts are listed in report_fixture.cpp.
class ReportFixture
{
public:
    explicit ReportFixture(Backend backend);

    storage::Database& db() { return *m_db; }
    Ledger& ledger() { return *m_ledger; }
    ManualClock& clock() { return m_clock; }
    // Sets the clock to a wall-clock time in the office (Asia/Shanghai).
    void at(int month, int day, int hour, int minute);
    void exec(const QString& sql);

    static QTimeZone office();
    // A wall-clock time in the office's zone.
    static QDateTime officeTime(int y, int mo, int d, int h, int mi);
    // A reading of `meter` at `at`: the total and, when given, the four TOU registers (sharp,
    // peak, flat, valley), in kWh (meter 6, the fixture's water meter: m³).
    static MeterReading reading(qint64 meter, const QDateTime& at, const char* total,
                                std::initializer_list<const char*> tou = {});

    AccountId a1, a2, a3, a4;
    TransactionId a2SecondRecharge;

private:
    void build();

    TestDatabase m_test;
    std::unique_ptr<storage::Database> m_db;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
};

// `meterdeskd verify-rollups` on the SQLite file DIR/md.db, the office in Asia/Shanghai: its exit
// code, and what it printed in `out` (what it wrote to stderr goes to the test's log).
int verifyRollupsCommand(const QString& dir, QString& out);

// The report's CSV against tests/report/golden/<name>.csv (MD_UPDATE_GOLDEN=1 rewrites it from
// the SQLite run; then read the diff).
void checkReportGolden(const report::ReportTable& table, const QString& name, Backend backend);

inline const OperatorId kWang{2};  // cashier
inline const OperatorId kLi{3};    // cashier
inline const OperatorId kZhou{4};  // manager

} // namespace md::test

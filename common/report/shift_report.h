#pragma once

#include "money/ids.h"
#include "money/money.h"
#include "report/report_table.h"

#include <QMap>
#include <QTimeZone>

#include <optional>

namespace md::storage {
class Database;
}

namespace md::report {

// Which of a cashier's transactions a shift covers: a time range [fromMs, toMs), or the
// transaction ids (afterTx, throughTx] as a shift close records them (shift_closes).
struct ShiftRange
{
    std::optional<qint64> fromMs, toMs;
    std::optional<qint64> afterTx, throughTx;
};

// A cashier's drawer over a shift (交班): per channel the takings (money in, corrections of
// it included: the drawer held the money) and refunds (money out), and the receipts the
// cashier issued. shift.close records these same totals.
struct ShiftTotals
{
    QMap<QString, std::pair<Money, Money>> perChannel; // channel key -> takings, refunds; channels with postings
    Money takings;
    Money refunds;
    qint64 receiptCount = 0;
    std::optional<qint64> firstReceipt, lastReceipt;
};
ShiftTotals shiftTotals(storage::Database& db, OperatorId cashier, const ShiftRange& range);

struct ShiftQuery
{
    OperatorId cashier;
    ShiftRange range;
    QTimeZone zone; // for the from/to shown in the summary
};

// The shift report: one row per channel (all six), takings, refunds, net; the summary names
// the cashier, the range and the receipt numbers (count, first, last). Key "shift".
ReportTable shiftReport(storage::Database& db, const ShiftQuery& q);

} // namespace md::report

// receipt.* and shift.close: reprints (numbered copies, logged) and a cashier's shift close.

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/money_queries.h"
#include "report/shift_report.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace md::api {

using storage::SqlQuery;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("md::api", text);
}

QJsonObject requireReceipt(CallContext& c, qint64 no)
{
    std::optional<QJsonObject> r = receiptJson(c.service.db(), no);
    if (!r)
        throw ApiError(ReceiptNotFound, tr("There is no receipt number %1").arg(no));
    return *r;
}

QJsonValue getReceipt(CallContext& c)
{
    return requireReceipt(c, c.params.integer("receipt"));
}

QJsonValue reprint(CallContext& c)
{
    const qint64 no = c.params.integer("receipt");
    storage::Database& db = c.service.db();
    storage::TransactionGuard guard(db);
    QJsonObject r = requireReceipt(c, no);
    SqlQuery last(db, QStringLiteral("SELECT COALESCE(MAX(copy_no), 0) FROM receipt_prints WHERE receipt_no = ?"));
    last.bind(no);
    const qint64 copyNo = last.scalarInt() + 1;
    SqlQuery insert(db, QStringLiteral("INSERT INTO receipt_prints (receipt_no, copy_no, operator_id, printed_at) "
                                       "VALUES (?, ?, ?, ?)"));
    insert.bind(no);
    insert.bind(copyNo);
    insert.bind(c.who.id.v);
    insert.bind(c.service.nowMs());
    insert.exec();
    c.service.log(c.session, c.who.id, QStringLiteral("receipt-reprint"), QStringLiteral("receipt:%1").arg(no),
                  {{QStringLiteral("copy_no"), copyNo}});
    guard.commit();
    r.insert(QStringLiteral("copy"), true);
    r.insert(QStringLiteral("copy_no"), copyNo);
    r.insert(QStringLiteral("copies_printed"), copyNo);
    return r;
}

// Everything the cashier posted since their previous close: takings and refunds per channel
// from their ledger accounts' postings, and the receipts they issued (report::shiftTotals).
QJsonValue closeShift(CallContext& c)
{
    storage::Database& db = c.service.db();
    const qint64 cashier = c.who.id.v;
    storage::TransactionGuard guard(db);
    SqlQuery prev(db, QStringLiteral("SELECT COALESCE(MAX(last_tx_id), 0) FROM shift_closes WHERE cashier_id = ?"));
    prev.bind(cashier);
    const qint64 fromTx = prev.scalarInt();
    // Transactions of all desks share one id sequence; the close covers ids up to the newest.
    SqlQuery top(db, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM transactions"));
    const qint64 toTx = std::max(fromTx, top.scalarInt());

    // The same totals as the shift report (report.shift with this close's shift_close id).
    report::ShiftRange range;
    range.afterTx = fromTx;
    range.throughTx = toTx;
    const report::ShiftTotals shift = report::shiftTotals(db, c.who.id, range);
    const Money totalIn = shift.takings;
    const Money totalOut = shift.refunds;
    QJsonArray channels;
    QJsonObject totals;
    for (auto it = shift.perChannel.cbegin(); it != shift.perChannel.cend(); ++it) {
        const QJsonObject row{{QStringLiteral("channel"), it.key()},
                              {QStringLiteral("takings"), yuan(it->first)},
                              {QStringLiteral("refunds"), yuan(it->second)},
                              {QStringLiteral("net"), yuan(it->first - it->second)}};
        channels.append(row);
        totals.insert(it.key(), row);
    }
    const std::optional<qint64> first = shift.firstReceipt;
    const std::optional<qint64> lastNo = shift.lastReceipt;
    const qint64 count = shift.receiptCount;

    const qint64 now = c.service.nowMs();
    SqlQuery insert(db, QStringLiteral("INSERT INTO shift_closes (cashier_id, closed_at, last_tx_id, first_receipt, "
                                       "last_receipt, receipt_count, totals) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    const QVariant nullId{QMetaType(QMetaType::LongLong)};
    insert.bind(cashier);
    insert.bind(now);
    insert.bind(toTx);
    insert.bind(first ? QVariant(*first) : nullId);
    insert.bind(lastNo ? QVariant(*lastNo) : nullId);
    insert.bind(count);
    insert.bind(QString::fromUtf8(QJsonDocument(totals).toJson(QJsonDocument::Compact)));
    insert.exec();
    const qint64 closeId = insert.lastInsertId();
    QJsonObject result{{QStringLiteral("shift_close"), closeId},
                       {QStringLiteral("cashier"), cashier},
                       {QStringLiteral("closed_at"), isoUtc(now)},
                       {QStringLiteral("after_transaction"), fromTx},
                       {QStringLiteral("through_transaction"), toTx},
                       {QStringLiteral("channels"), channels},
                       {QStringLiteral("takings"), yuan(totalIn)},
                       {QStringLiteral("refunds"), yuan(totalOut)},
                       {QStringLiteral("net"), yuan(totalIn - totalOut)},
                       {QStringLiteral("receipt_count"), count},
                       {QStringLiteral("first_receipt"), first ? QJsonValue(*first) : QJsonValue()},
                       {QStringLiteral("last_receipt"), lastNo ? QJsonValue(*lastNo) : QJsonValue()}};
    c.service.log(c.session, c.who.id, QStringLiteral("shift-close"), QStringLiteral("operator:%1").arg(cashier),
                  {{QStringLiteral("shift_close"), closeId},
                   {QStringLiteral("net"), yuan(totalIn - totalOut)},
                   {QStringLiteral("receipt_count"), count}});
    guard.commit();
    return result;
}

const MethodDef kMethods[] = {
    {"receipt.get", &getReceipt},
    {"receipt.reprint", &reprint},
    {"shift.close", &closeShift},
};

} // namespace

std::span<const MethodDef> receiptMethods()
{
    return kMethods;
}

} // namespace md::api

// approval.*: the checker's side of maker–checker. An approval runs the requested ledger
// operation under the request's own ledger key (approval-<id>) as the maker (whose drawer or
// wallet it concerns), then marks the request approved. The two commits are separate (the
// ledger owns its transaction); if the service stops between them, approving again replays the
// ledger operation and completes the request, and a rejection is refused because the money
// has moved.

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/apportion_api.h"
#include "api/approval_store.h"
#include "api/money_queries.h"
#include "ledger/ledger.h"
#include "report/operator_names.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <QJsonArray>

namespace md::api {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("md::api", text);
}

// Stored params were written by account_methods.cpp; a bad one is an internal error.
Money storedMoney(const QJsonObject& p, const char* name)
{
    const std::optional<Money> m = Money::parseYuan(p.value(QLatin1String(name)).toString());
    if (!m)
        throw ApiError(InternalError, tr("The stored request has no valid %1").arg(QLatin1String(name)));
    return *m;
}

TransactionResult execute(ApiService& s, const ApprovalRow& row)
{
    const QJsonObject& p = row.params;
    const QString key = row.ledgerKey();
    const AccountId account{p.value(u"account").toInteger()};
    const Utility utility = parseUtility(p.value(u"utility").toString()).value_or(Utility::Electricity);
    const Channel channel = parseChannel(p.value(u"channel").toString()).value_or(Channel::Cash);
    if (row.kind == u"refund")
        return s.ledger().refund({key, account, utility, channel, row.requestedBy, storedMoney(p, "amount"),
                                  p.value(u"memo").toString()});
    if (row.kind == u"correction")
        return s.ledger().correct({key, TransactionId{p.value(u"transaction").toInteger()}, row.requestedBy,
                                   p.value(u"reason").toString()});
    if (row.kind == u"adjustment")
        return s.ledger().adjust({key, account, utility, row.requestedBy, storedMoney(p, "amount"),
                                  p.value(u"reason").toString()});
    if (row.kind == u"closing")
        return s.ledger().closeAccount({key, account, channel, row.requestedBy, p.value(u"memo").toString()});
    throw ApiError(InternalError, tr("Unknown request kind %1").arg(row.kind));
}

ApprovalRow pendingRequest(CallContext& c, ApprovalStore& store)
{
    const qint64 id = c.params.integer("id");
    std::optional<ApprovalRow> row = store.find(id);
    if (!row)
        throw ApiError(ApprovalNotFound, tr("There is no request %1").arg(id));
    if (row->status != u"pending")
        throw ApiError(ApprovalAlreadyDecided, tr("Request %1 is already %2").arg(id).arg(row->status));
    return *row;
}

void refuse(CallContext& c, const ApprovalRow& row, const QString& action, const ApiError& error)
{
    storage::TransactionGuard guard(c.service.db());
    c.service.log(c.session, c.who.id, action, QStringLiteral("approval:%1").arg(row.id),
                  {{QStringLiteral("kind"), row.kind}, {QStringLiteral("code"), error.code()}},
                  QStringLiteral("refused: %1").arg(error.code()));
    guard.commit();
}

// An approved tariff change: the new revision, the decision and its log record in one
// transaction (no ledger operation: tariffs move no money themselves).
QJsonValue approveTariff(CallContext& c, ApprovalStore& store, const ApprovalRow& row, const QString& action)
{
    qint64 revision = 0;
    try {
        storage::TransactionGuard guard(c.service.db());
        revision = applyTariff(c.service, row.params);
        if (!store.decide(row.id, QStringLiteral("approved"), c.who.id, c.service.nowMs(),
                          c.params.optString("note", QStringLiteral("")), std::nullopt))
            throw ApiError(ApprovalAlreadyDecided, tr("Request %1 was decided meanwhile").arg(row.id));
        c.service.log(c.session, c.who.id, action, QStringLiteral("approval:%1").arg(row.id),
                      {{QStringLiteral("kind"), row.kind},
                       {QStringLiteral("tariff"), row.params.value(u"tariff")},
                       {QStringLiteral("revision"), revision},
                       {QStringLiteral("requested_by"), row.requestedBy.v}});
        guard.commit();
    } catch (const ApiError&) {
        throw;
    } catch (const std::exception& e) {
        const ApiError error = toApiError(e);
        refuse(c, row, action, error);
        throw error;
    }
    const ApprovalRow decided = store.find(row.id).value_or(row);
    c.service.notify(QStringLiteral("event.approval.decided"), decided.toJson());
    return QJsonObject{{QStringLiteral("approval"), decided.toJson()},
                       {QStringLiteral("tariff"), row.params.value(u"tariff")},
                       {QStringLiteral("revision"), revision}};
}

QJsonValue approve(CallContext& c)
{
    ApprovalStore store(c.service.db());
    const ApprovalRow row = pendingRequest(c, store);
    const QString action = QStringLiteral("approval-approve");
    if (row.requestedBy == c.who.id) {
        const ApiError error(SelfApproval, tr("A request must be approved by another operator than the one who made it"));
        refuse(c, row, action, error);
        throw error;
    }
    if (row.kind == u"tariff")
        return approveTariff(c, store, row, action);
    if (row.kind == u"apportionment")
        return approveApportionment(c, store, row, action, [&](const ApiError& e) { refuse(c, row, action, e); });
    TransactionResult result;
    try {
        result = execute(c.service, row);
    } catch (const std::exception& e) {
        const ApiError error = toApiError(e);
        refuse(c, row, action, error);
        throw error;
    }
    const QString note = c.params.optString("note", QStringLiteral(""));
    storage::TransactionGuard guard(c.service.db());
    if (!store.decide(row.id, QStringLiteral("approved"), c.who.id, c.service.nowMs(), note, result.id.v))
        throw ApiError(ApprovalAlreadyDecided, tr("Request %1 was decided meanwhile").arg(row.id));
    c.service.log(c.session, c.who.id, action, QStringLiteral("approval:%1").arg(row.id),
                  {{QStringLiteral("kind"), row.kind},
                   {QStringLiteral("transaction"), result.id.v},
                   {QStringLiteral("requested_by"), row.requestedBy.v}});
    guard.commit();
    const ApprovalRow decided = store.find(row.id).value_or(row);
    c.service.notify(QStringLiteral("event.approval.decided"), decided.toJson());
    // A refund, correction or adjustment moves a wallet: its alarm level and relays follow.
    c.service.walletChanged(result.account, result.utility);
    QJsonObject tx = transactionJson(result);
    if (result.receiptNo > 0) {
        if (auto receipt = receiptJson(c.service.db(), result.receiptNo))
            tx.insert(QStringLiteral("receipt_record"), *receipt);
    }
    return QJsonObject{{QStringLiteral("approval"), decided.toJson()}, {QStringLiteral("transaction"), tx}};
}

QJsonValue reject(CallContext& c)
{
    ApprovalStore store(c.service.db());
    const ApprovalRow row = pendingRequest(c, store);
    const QString reason = c.params.string("reason");
    storage::TransactionGuard guard(c.service.db());
    if (store.ledgerTransaction(row.ledgerKey()))
        throw ApiError(ApprovalAlreadyDecided,
                       tr("Request %1 was already carried out (approve it again to complete it)").arg(row.id));
    if (row.kind == u"apportionment")
        rejectApportionment(c.service, row); // its period may be apportioned again
    if (!store.decide(row.id, QStringLiteral("rejected"), c.who.id, c.service.nowMs(), reason, std::nullopt))
        throw ApiError(ApprovalAlreadyDecided, tr("Request %1 was decided meanwhile").arg(row.id));
    c.service.log(c.session, c.who.id, QStringLiteral("approval-reject"), QStringLiteral("approval:%1").arg(row.id),
                  {{QStringLiteral("kind"), row.kind}, {QStringLiteral("reason"), reason}});
    guard.commit();
    const ApprovalRow decided = store.find(row.id).value_or(row);
    c.service.notify(QStringLiteral("event.approval.decided"), decided.toJson());
    return QJsonObject{{QStringLiteral("approval"), decided.toJson()}};
}

QJsonValue list(CallContext& c)
{
    const QString status = c.params.optString("status", QStringLiteral(""));
    if (!status.isEmpty() && status != u"pending" && status != u"approved" && status != u"rejected")
        throw ApiError(InvalidParams, tr("Parameter \"status\": pending, approved or rejected"));
    const qint64 limit = c.params.optInteger("limit").value_or(100);
    if (limit < 1 || limit > 500)
        throw ApiError(InvalidParams, tr("Parameter \"limit\": from 1 to 500"));
    // Who asked and who decided, by name as well as id (the approvals view shows names).
    const QMap<qint64, report::OperatorLabel> names = report::operatorLabels(c.service.db());
    const auto addName = [&names](QJsonObject& o, const char* idKey, const char* nameKey, const char* displayKey) {
        if (!o.contains(QLatin1String(idKey)))
            return;
        const report::OperatorLabel who = names.value(o.value(QLatin1String(idKey)).toInteger());
        o.insert(QLatin1String(nameKey), who.name);
        o.insert(QLatin1String(displayKey), who.displayName);
    };
    // One account's requests (the account detail's pending tab): `account` (an id) or `code`,
    // as the other methods name an account.
    std::optional<qint64> account;
    if (c.params.has("account")) {
        account = c.params.integer("account");
        storage::SqlQuery known(c.service.db(), QStringLiteral("SELECT COUNT(*) FROM accounts WHERE id = ?"));
        known.bind(*account);
        if (known.scalarInt() == 0)
            throw ApiError(AccountNotFound, tr("There is no account %1").arg(*account));
    } else if (c.params.has("code")) {
        const QString code = c.params.string("code");
        const std::optional<AccountId> id = accountIdByCode(c.service.db(), code);
        if (!id)
            throw ApiError(AccountNotFound, tr("There is no account numbered %1").arg(code));
        account = id->v;
    }
    const QList<ApprovalRow> found = ApprovalStore(c.service.db()).list(status, limit, account);
    // And the account's number (what a desk shows), one query for the page.
    QMap<qint64, QString> codes;
    for (const ApprovalRow& r : found)
        if (r.account)
            codes.insert(*r.account, QString());
    if (!codes.isEmpty()) {
        storage::SqlQuery q(c.service.db(),
                            QStringLiteral("SELECT id, code FROM accounts WHERE id IN (%1)").arg(storage::placeholders(codes.size())));
        for (auto it = codes.cbegin(); it != codes.cend(); ++it)
            q.bind(it.key());
        q.exec();
        while (q.next())
            codes.insert(q.intValue(0), q.stringValue(1));
    }
    QJsonArray rows;
    for (const ApprovalRow& r : found) {
        QJsonObject o = r.toJson();
        addName(o, "requested_by", "requested_by_name", "requested_by_display_name");
        addName(o, "decided_by", "decided_by_name", "decided_by_display_name");
        if (r.account)
            o.insert(QStringLiteral("account_code"), codes.value(*r.account));
        rows.append(o);
    }
    return QJsonObject{{QStringLiteral("approvals"), rows}};
}

const MethodDef kMethods[] = {
    {"approval.list", &list},
    {"approval.approve", &approve},
    {"approval.reject", &reject},
};

} // namespace

std::span<const MethodDef> approvalMethods()
{
    return kMethods;
}

} // namespace md::api

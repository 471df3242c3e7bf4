// account.*: open, look up, recharge; refunds, corrections, adjustments and paying-out
// closings become maker–checker requests (approval_methods.cpp runs them once approved).

#include "api/account_methods.h"

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/approval_store.h"
#include "api/money_queries.h"
#include "collection/account_settings.h"
#include "collection/tariff_store.h"
#include "storage/sql_query.h"
#include "tariff/tariff.h"
#include "util/error.h"
#include "ledger/fingerprint.h"
#include "ledger/ledger.h"
#include "property/meter_status.h"
#include "storage/transaction_guard.h"

#include <QJsonDocument>

namespace md::api {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("md::api", text);
}

AccountId accountParam(CallContext& c)
{
    if (c.params.has("code") && !c.params.has("account")) {
        const QString code = c.params.string("code");
        if (const auto id = accountIdByCode(c.service.db(), code))
            return *id;
        throw ApiError(AccountNotFound, tr("There is no account numbered %1").arg(code));
    }
    return AccountId{c.params.integer("account")};
}

QJsonObject withReceipt(CallContext& c, const TransactionResult& r)
{
    QJsonObject o = transactionJson(r);
    if (r.receiptNo > 0) {
        if (auto receipt = receiptJson(c.service.db(), r.receiptNo))
            o.insert(QStringLiteral("receipt_record"), *receipt);
    }
    return o;
}

void notifyBalance(CallContext& c, const TransactionResult& r)
{
    c.service.notify(QStringLiteral("event.account.changed"),
                     {{QStringLiteral("account"), r.account.v},
                      {QStringLiteral("utility"), utilityKey(r.utility)},
                      {QStringLiteral("balance"), yuan(r.balanceAfter)},
                      {QStringLiteral("transaction"), r.id.v}});
    c.service.walletChanged(r.account, r.utility);
}

QJsonValue openAccount(CallContext& c)
{
    OpenAccountRequest r;
    r.idempotencyKey = c.params.key();
    r.code = c.params.string("code");
    r.tenantName = c.params.string("tenant_name");
    r.phone = c.params.optString("phone", QStringLiteral(""));
    r.operatorId = c.who.id;
    return transactionJson(c.service.ledger().openAccount(r));
}

QJsonValue getAccount(CallContext& c)
{
    const AccountId id = accountParam(c);
    std::optional<QJsonObject> o = accountJson(c.service.db(), id);
    if (!o)
        throw ApiError(AccountNotFound, tr("Account %1 does not exist").arg(id.v));
    QJsonObject wallets, states;
    for (Utility u : kAllUtilities) {
        const Money balance = c.service.ledger().walletBalance(id, u);
        wallets.insert(utilityKey(u), yuan(balance));
        // Each wallet's colour by meter.list's rule: alarms and 保电 included, not the balance alone.
        states.insert(utilityKey(u), meterColourKey(walletColour(c.service.db(), id, u, balance)));
    }
    o->insert(QStringLiteral("wallets"), wallets);
    o->insert(QStringLiteral("states"), states);
    return *o;
}

QJsonValue listTransactions(CallContext& c)
{
    const AccountId id = accountParam(c);
    const qint64 limit = c.params.optInteger("limit").value_or(50);
    if (limit < 1 || limit > 500)
        throw ApiError(InvalidParams, tr("Parameter \"limit\": from 1 to 500"));
    const qint64 before = c.params.optInteger("before").value_or(std::numeric_limits<qint64>::max());
    return QJsonObject{{QStringLiteral("transactions"), accountTransactions(c.service.db(), id, before, limit)}};
}

// The wallet's tariff (account.configure) takes its service fee out of the payment and caps
// the balance (囤积上限), with the version in force today. A retried key keeps the fee it was
// posted with (the tariff may have changed since): the ledger answers it from the record.
void applyTariffRules(CallContext& c, RechargeRequest& r)
{
    storage::SqlQuery stored(c.service.db(), QStringLiteral("SELECT amount_fen - (balance_after_fen - balance_before_fen) "
                                                            "FROM transactions WHERE idem_key = ? AND kind = 'recharge'"));
    stored.bind(r.idempotencyKey).exec();
    if (stored.next()) {
        r.fee = Money::fromFen(stored.intValue(0));
        return;
    }
    const std::optional<AccountSettings> settings = AccountSettingsStore(c.service.db()).get(r.account, r.utility);
    if (!settings)
        return; // no tariff yet: no fee, no cap
    std::shared_ptr<const Tariff> tariff;
    try {
        tariff = TariffStore(c.service.db()).current(settings->tariffKey);
    } catch (const InputError&) {
        return; // the wallet names a tariff not (yet) in the database: it is not billed either
    }
    const QDate today = QDateTime::fromMSecsSinceEpoch(c.service.nowMs(), QTimeZone::utc()).toTimeZone(tariff->timeZone).date();
    if (const TariffVersion* v = tariff->versionAt(today)) {
        r.fee = v->serviceFeeFor(r.paid);
        r.balanceCap = v->balanceCap;
    }
}

QJsonValue recharge(CallContext& c)
{
    RechargeRequest r;
    r.idempotencyKey = c.params.key();
    r.account = accountParam(c);
    r.utility = c.params.utility();
    r.channel = c.params.channel();
    r.cashier = c.who.id;
    r.paid = c.params.money("amount");
    r.memo = c.params.optString("memo", QStringLiteral(""));
    applyTariffRules(c, r);
    const TransactionResult result = c.service.ledger().recharge(r);
    if (!result.replayed)
        notifyBalance(c, result);
    return withReceipt(c, result);
}

} // namespace

QJsonObject requestApproval(CallContext& c, const QString& kind, const QString& key, std::optional<AccountId> account,
                            Money amount, const QJsonObject& params)
{
    ApprovalStore store(c.service.db());
    const QByteArray canonical = QJsonDocument(params).toJson(QJsonDocument::Compact); // keys sorted
    const QString fingerprint = QString::fromLatin1(
        Fingerprint("approval").add("kind", kind).add("by", c.who.id.v).add("params", canonical).hex());
    storage::TransactionGuard guard(c.service.db());
    if (const std::optional<ApprovalRow> existing = store.findByKey(key)) {
        if (existing->fingerprint != fingerprint)
            throw ApiError(IdempotencyConflict,
                           tr("The key %1 was already used for a different request; nothing was done").arg(key));
        return {{QStringLiteral("status"), existing->status},
                {QStringLiteral("approval"), existing->toJson()},
                {QStringLiteral("replayed"), true}};
    }
    ApprovalRow row;
    row.kind = kind;
    row.key = key;
    row.fingerprint = fingerprint;
    if (account)
        row.account = account->v;
    row.amount = amount;
    row.params = params;
    row.requestedBy = c.who.id;
    row.requestedAtMs = c.service.nowMs();
    row.status = QStringLiteral("pending");
    row.id = store.insert(row);
    c.service.log(c.session, c.who.id, QStringLiteral("approval-request"), QStringLiteral("approval:%1").arg(row.id),
                  {{QStringLiteral("kind"), kind}, {QStringLiteral("params"), params}});
    guard.commit();
    c.service.notify(QStringLiteral("event.approval.requested"), row.toJson());
    return {{QStringLiteral("status"), row.status},
            {QStringLiteral("approval"), row.toJson()},
            {QStringLiteral("replayed"), false}};
}

namespace {

QJsonValue refund(CallContext& c)
{
    const QString key = c.params.key();
    const AccountId account = accountParam(c);
    const Money amount = c.params.money("amount");
    if (!amount.isPositive())
        throw ApiError(InvalidAmount, tr("The amount must be greater than zero (got %1)").arg(yuan(amount)));
    const QJsonObject params{{QStringLiteral("account"), account.v},
                             {QStringLiteral("utility"), utilityKey(c.params.utility())},
                             {QStringLiteral("channel"), channelKey(c.params.channel())},
                             {QStringLiteral("amount"), yuan(amount)},
                             {QStringLiteral("memo"), c.params.optString("memo", QStringLiteral(""))}};
    return requestApproval(c, QStringLiteral("refund"), key, account, amount, params);
}

QJsonValue correct(CallContext& c)
{
    const QString key = c.params.key();
    const qint64 tx = c.params.integer("transaction");
    const std::optional<TransactionResult> original = c.service.ledger().transaction(TransactionId{tx});
    if (!original)
        throw ApiError(TransactionNotFound, tr("Transaction %1 does not exist").arg(tx));
    const QJsonObject params{{QStringLiteral("transaction"), tx},
                             {QStringLiteral("reason"), c.params.string("reason")}};
    return requestApproval(c, QStringLiteral("correction"), key, original->account, original->amount, params);
}

QJsonValue adjust(CallContext& c)
{
    const QString key = c.params.key();
    const AccountId account = accountParam(c);
    const Money amount = c.params.money("amount");
    if (amount.isZero())
        throw ApiError(InvalidAmount, tr("An adjustment of zero changes nothing"));
    const QJsonObject params{{QStringLiteral("account"), account.v},
                             {QStringLiteral("utility"), utilityKey(c.params.utility())},
                             {QStringLiteral("amount"), yuan(amount)},
                             {QStringLiteral("reason"), c.params.string("reason")}};
    return requestApproval(c, QStringLiteral("adjustment"), key, account, amount, params);
}

QJsonValue closeAccount(CallContext& c)
{
    const QString key = c.params.key();
    const AccountId account = accountParam(c);
    const Channel channel = c.params.channel();
    const QString memo = c.params.optString("memo", QStringLiteral(""));
    Money net;
    for (Utility u : kAllUtilities)
        net += c.service.ledger().walletBalance(account, u);
    // A closing that pays money out needs a second operator; one that only collects arrears
    // (or settles nothing) takes effect at once. A key already used for a request replays it;
    // a closed account goes to the ledger, which replays its key or refuses.
    const bool requested = ApprovalStore(c.service.db()).findByKey(key).has_value();
    if (requested || (net.isPositive() && c.service.ledger().isAccountOpen(account))) {
        const QJsonObject params{{QStringLiteral("account"), account.v},
                                 {QStringLiteral("channel"), channelKey(channel)},
                                 {QStringLiteral("memo"), memo}};
        return requestApproval(c, QStringLiteral("closing"), key, account, net, params);
    }
    const TransactionResult r = c.service.ledger().closeAccount({key, account, channel, c.who.id, memo});
    QJsonObject o{{QStringLiteral("status"), QStringLiteral("done")},
                  {QStringLiteral("transaction"), withReceipt(c, r)}};
    return o;
}

const MethodDef kMethods[] = {
    {"account.open", &openAccount},
    {"account.get", &getAccount},
    {"account.transactions", &listTransactions},
    {"account.recharge", &recharge},
    {"account.refund", &refund},
    {"account.close", &closeAccount},
    {"account.correct", &correct},
    {"account.adjust", &adjust},
};

} // namespace

std::span<const MethodDef> accountMethods()
{
    return kMethods;
}

} // namespace md::api

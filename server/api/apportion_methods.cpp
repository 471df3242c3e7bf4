// apportion.*: public-area apportionment (公摊). Groups of accounts share a common meter;
// apportion.preview computes a period's shares (nothing stored); apportion.request stores the
// run and files it as a maker–checker request of kind `apportionment`; another manager's
// approval.approve posts one deduction per account in ONE database transaction with the run's
// state and the request's decision (approveApportionment below). The rules of pricing and
// splitting are in common/property/apportionment.h and docs/apportionment.md.

#include "api/apportion_api.h"
#include "api/approval_store.h"
#include "api/money_queries.h"
#include "ledger/fingerprint.h"
#include "ledger/ledger.h"
#include "property/apportion_store.h"
#include "report/apportionment_report.h"
#include "report/report_render.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/storage_error.h"
#include "storage/transaction_guard.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace md::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

[[noreturn]] void rethrow(const ApportionError& e)
{
    switch (e.kind()) {
    case ApportionError::Kind::Invalid:
        throw ApiError(InvalidParams, e.message());
    case ApportionError::Kind::NotFound:
        throw ApiError(ApportionNotFound, e.message());
    case ApportionError::Kind::AlreadyApportioned:
        throw ApiError(AlreadyApportioned, e.message());
    case ApportionError::Kind::NothingToApportion:
        throw ApiError(NothingToApportion, e.message());
    }
    throw ApiError(InternalError, e.message());
}

QDate dayParam(CallContext& c, const char* name)
{
    const QString s = c.params.string(name);
    const QDate d = QDate::fromString(s, Qt::ISODate);
    if (!d.isValid() || s.size() != 10)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": a day as YYYY-MM-DD is required (got \"%2\")")
                                          .arg(QLatin1String(name), s));
    return d;
}

QList<ApportionMember> membersParam(CallContext& c, ApportionMethod method)
{
    QList<ApportionMember> out;
    for (const QJsonValue& v : c.params.optArray("members").value_or(QJsonArray())) {
        ApportionMember m;
        if (v.isDouble()) {
            m.account = AccountId{v.toInteger()};
        } else if (v.isObject() && v.toObject().value(u"account").isDouble()) {
            m.account = AccountId{v.toObject().value(u"account").toInteger()};
            m.weight = v.toObject().value(u"weight").toInteger(-1);
        } else if (v.isObject() && v.toObject().value(u"code").isString()) {
            const QString code = v.toObject().value(u"code").toString();
            const std::optional<AccountId> id = accountIdByCode(c.service.db(), code);
            if (!id)
                throw ApiError(AccountNotFound, Tr::tr("There is no account numbered %1").arg(code));
            m.account = *id;
            m.weight = v.toObject().value(u"weight").toInteger(-1);
        } else {
            throw ApiError(InvalidParams,
                           Tr::tr("Parameter \"members\": account ids, or objects with account (or code) and weight"));
        }
        if (method == ApportionMethod::Weight && m.weight < 0)
            throw ApiError(InvalidParams, Tr::tr("Parameter \"members\": by weight, every member needs a weight of 0 or more "
                                                 "(account %1)")
                                              .arg(m.account.v));
        if (method == ApportionMethod::Area)
            m.weight = 0;
        out.append(m);
    }
    return out;
}

ApportionMethod methodParam(CallContext& c, ApportionMethod fallback)
{
    const QString key = c.params.optString("method", apportionMethodKey(fallback));
    const auto m = parseApportionMethod(key);
    if (!m)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"method\": area or weight (got \"%1\")").arg(key));
    return *m;
}

QJsonValue createGroup(CallContext& c)
{
    ApportionGroup g;
    g.name = c.params.string("name");
    if (c.params.has("nameplate") && !c.params.has("meter")) {
        const QString nameplate = c.params.string("nameplate");
        storage::SqlQuery q(c.service.db(), QStringLiteral("SELECT id FROM meters WHERE nameplate = ?"));
        q.bind(nameplate).exec();
        if (!q.next())
            throw ApiError(MeterNotFound, Tr::tr("There is no meter %1").arg(nameplate));
        g.meter = MeterId{q.intValue(0)};
    } else {
        g.meter = MeterId{c.params.integer("meter")};
    }
    g.method = methodParam(c, ApportionMethod::Area);
    g.tariffKey = c.params.string("tariff");
    g.remarks = c.params.optString("remarks", QStringLiteral(""));
    g.active = c.params.optBool("active", true);
    g.members = membersParam(c, g.method);
    storage::TransactionGuard guard(c.service.db());
    ApportionStore store(c.service.db());
    try {
        g.id = store.createGroup(g, c.service.nowMs());
    } catch (const ApportionError& e) {
        rethrow(e);
    }
    const QJsonObject result = store.group(g.id).value_or(g).toJson();
    c.service.log(c.session, c.who.id, QStringLiteral("apportion-group-create"),
                  QStringLiteral("apportion-group:%1").arg(g.id), result);
    guard.commit();
    return result;
}

QJsonValue updateGroup(CallContext& c)
{
    const qint64 id = c.params.integer("id");
    storage::TransactionGuard guard(c.service.db());
    ApportionStore store(c.service.db());
    const std::optional<ApportionGroup> before = store.group(id);
    if (!before)
        throw ApiError(ApportionNotFound, Tr::tr("There is no apportionment group %1").arg(id));
    ApportionGroup g = *before;
    g.name = c.params.optString("name", g.name);
    g.method = methodParam(c, g.method);
    g.tariffKey = c.params.optString("tariff", g.tariffKey);
    g.remarks = c.params.optString("remarks", g.remarks);
    g.active = c.params.optBool("active", g.active);
    if (c.params.has("members"))
        g.members = membersParam(c, g.method);
    else if (g.method != before->method)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"members\": a new method needs its members (and weights) again"));
    try {
        store.updateGroup(g, c.service.nowMs());
    } catch (const ApportionError& e) {
        rethrow(e);
    }
    const QJsonObject after = store.group(id).value_or(g).toJson();
    c.service.log(c.session, c.who.id, QStringLiteral("apportion-group-update"), QStringLiteral("apportion-group:%1").arg(id),
                  {{QStringLiteral("before"), before->toJson()}, {QStringLiteral("after"), after}});
    guard.commit();
    return after;
}

QJsonValue listGroups(CallContext& c)
{
    QJsonArray out;
    for (const ApportionGroup& g : ApportionStore(c.service.db()).groups())
        out.append(g.toJson());
    return QJsonObject{{QStringLiteral("groups"), out}};
}

QJsonValue preview(CallContext& c)
{
    const qint64 group = c.params.integer("group");
    const QDate from = dayParam(c, "from");
    const QDate to = dayParam(c, "to");
    try {
        return ApportionStore(c.service.db()).compute(group, from, to).toJson();
    } catch (const ApportionError& e) {
        rethrow(e);
    }
}

QJsonValue request(CallContext& c)
{
    const QString key = c.params.key();
    const qint64 group = c.params.integer("group");
    const QDate from = dayParam(c, "from");
    const QDate to = dayParam(c, "to");
    // A period still running would freeze part of its consumption and block the rest of it
    // (a period is apportioned once): only whole past days, in the office's calendar.
    const QDate today = QDateTime::fromMSecsSinceEpoch(c.service.nowMs(), QTimeZone::utc()).toTimeZone(c.service.officeZone()).date();
    if (to >= today)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"to\": the period must be over (before %1)").arg(today.toString(Qt::ISODate)));
    const QString kind = QStringLiteral("apportionment");
    // The maker's input is the request's content: a retry with the same key replays the stored
    // request even when new readings would change the figures now.
    const QJsonObject input{{QStringLiteral("group"), group},
                            {QStringLiteral("from"), from.toString(Qt::ISODate)},
                            {QStringLiteral("to"), to.toString(Qt::ISODate)}};
    const QString fingerprint =
        QString::fromLatin1(Fingerprint("approval")
                                .add("kind", kind)
                                .add("by", c.who.id.v)
                                .add("params", QJsonDocument(input).toJson(QJsonDocument::Compact))
                                .hex());
    storage::Database& db = c.service.db();
    ApprovalStore approvals(db);
    ApportionStore store(db);
    storage::TransactionGuard guard(db);
    if (const std::optional<ApprovalRow> existing = approvals.findByKey(key)) {
        if (existing->fingerprint != fingerprint)
            throw ApiError(IdempotencyConflict,
                           Tr::tr("The key %1 was already used for a different request; nothing was done").arg(key));
        QJsonObject o{{QStringLiteral("status"), existing->status},
                      {QStringLiteral("approval"), existing->toJson()},
                      {QStringLiteral("replayed"), true}};
        if (const auto run = store.run(existing->params.value(u"run").toInteger()))
            o.insert(QStringLiteral("run"), run->toJson());
        return o;
    }
    ApprovalRow row;
    qint64 runId = 0;
    try {
        const Apportionment a = store.compute(group, from, to);
        runId = store.insertRun(a, c.who.id, c.service.nowMs());
        row.amount = a.priced.total;
        row.params = input;
        row.params.insert(QStringLiteral("run"), runId);
        row.params.insert(QStringLiteral("group_name"), a.groupName);
        row.params.insert(QStringLiteral("meter"), a.meter.v);
        row.params.insert(QStringLiteral("nameplate"), a.nameplate);
        row.params.insert(QStringLiteral("utility"), utilityKey(a.utility));
        row.params.insert(QStringLiteral("consumption"), a.toJson().value(u"consumption"));
        row.params.insert(QStringLiteral("total"), a.priced.total.toYuanString());
        // The accounts that share it (a closed member is left out).
        row.params.insert(QStringLiteral("accounts"),
                          qint64(std::count_if(a.shares.cbegin(), a.shares.cend(),
                                               [](const ApportionShare& s) { return s.skipped.isEmpty(); })));
    } catch (const ApportionError& e) {
        rethrow(e);
    }
    row.kind = kind;
    row.key = key;
    row.fingerprint = fingerprint;
    row.requestedBy = c.who.id;
    row.requestedAtMs = c.service.nowMs();
    row.status = QStringLiteral("pending");
    row.id = approvals.insert(row);
    store.attachApproval(runId, row.id);
    c.service.log(c.session, c.who.id, QStringLiteral("approval-request"), QStringLiteral("approval:%1").arg(row.id),
                  {{QStringLiteral("kind"), kind}, {QStringLiteral("params"), row.params}});
    guard.commit();
    c.service.notify(QStringLiteral("event.approval.requested"), row.toJson());
    QJsonObject o{{QStringLiteral("status"), row.status},
                  {QStringLiteral("approval"), row.toJson()},
                  {QStringLiteral("replayed"), false}};
    if (const auto run = store.run(runId))
        o.insert(QStringLiteral("run"), run->toJson());
    return o;
}

// report.apportionment: the approved runs of a period, one row per account share.
QJsonValue report(CallContext& c)
{
    const QDate from = dayParam(c, "from");
    const QDate to = dayParam(c, "to");
    if (to < from || from.daysTo(to) > 36525)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"to\": from the day of \"from\" to a century after it"));
    const report::ReportTable table = report::apportionmentReport(c.service.db(), from, to);
    QJsonObject o = report::toJson(table);
    if (c.params.optBool("csv", false))
        o.insert(QStringLiteral("csv"), QString::fromUtf8(report::toCsv(table)));
    return o;
}

const MethodDef kMethods[] = {
    {"apportion.group.create", &createGroup},
    {"apportion.group.update", &updateGroup},
    {"apportion.group.list", &listGroups},
    {"apportion.preview", &preview},
    {"apportion.request", &request},
    {"report.apportionment", &report},
};

constexpr int kMaxAttempts = 8;

} // namespace

std::span<const MethodDef> apportionMethods()
{
    return kMethods;
}

QJsonValue approveApportionment(CallContext& c, ApprovalStore& store, const ApprovalRow& row, const QString& action,
                                const std::function<void(const ApiError&)>& refused)
{
    storage::Database& db = c.service.db();
    const qint64 runId = row.params.value(u"run").toInteger();
    const QString note = c.params.optString("note", QStringLiteral(""));
    QList<TransactionResult> posted;
    for (int attempt = 1;; ++attempt) {
        try {
            storage::TransactionGuard guard(db);
            posted = ApportionStore(db).post(c.service.ledger(), runId, row.ledgerKey(), c.service.nowMs());
            if (!store.decide(row.id, QStringLiteral("approved"), c.who.id, c.service.nowMs(), note, std::nullopt))
                throw ApiError(ApprovalAlreadyDecided, Tr::tr("Request %1 was decided meanwhile").arg(row.id));
            QJsonArray ids;
            Money total;
            for (const TransactionResult& t : std::as_const(posted)) {
                ids.append(t.id.v);
                total += t.amount;
            }
            c.service.log(c.session, c.who.id, action, QStringLiteral("approval:%1").arg(row.id),
                          {{QStringLiteral("kind"), row.kind},
                           {QStringLiteral("run"), runId},
                           {QStringLiteral("transactions"), ids},
                           {QStringLiteral("total"), yuan(total)},
                           {QStringLiteral("requested_by"), row.requestedBy.v}});
            guard.commit();
            break;
        } catch (const ApiError&) {
            throw;
        } catch (const storage::StorageError& e) {
            // A deadlock or lock timeout rolled everything back: run it all again.
            if (attempt < kMaxAttempts && e.isRetryable())
                continue;
            const ApiError error = toApiError(e);
            refused(error);
            throw error;
        } catch (const ApportionError& e) {
            try {
                rethrow(e);
            } catch (const ApiError& error) {
                refused(error);
                throw;
            }
        } catch (const std::exception& e) {
            const ApiError error = toApiError(e);
            refused(error);
            throw error;
        }
    }
    const ApprovalRow decided = store.find(row.id).value_or(row);
    c.service.notify(QStringLiteral("event.approval.decided"), decided.toJson());
    QJsonArray transactions;
    for (const TransactionResult& t : std::as_const(posted)) {
        c.service.notify(QStringLiteral("event.account.changed"),
                         {{QStringLiteral("account"), t.account.v},
                          {QStringLiteral("utility"), utilityKey(t.utility)},
                          {QStringLiteral("balance"), yuan(t.balanceAfter)},
                          {QStringLiteral("transaction"), t.id.v}});
        c.service.walletChanged(t.account, t.utility);
        transactions.append(transactionJson(t));
    }
    QJsonObject o{{QStringLiteral("approval"), decided.toJson()}, {QStringLiteral("transactions"), transactions}};
    if (const auto run = ApportionStore(db).run(runId))
        o.insert(QStringLiteral("run"), run->toJson());
    return o;
}

void rejectApportionment(ApiService& service, const ApprovalRow& row)
{
    try {
        ApportionStore(service.db()).reject(row.params.value(u"run").toInteger(), service.nowMs());
    } catch (const ApportionError& e) {
        rethrow(e);
    }
}

} // namespace md::api

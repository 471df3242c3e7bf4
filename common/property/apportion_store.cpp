#include "property/apportion_store.h"

#include "collection/tariff_store.h"
#include "ledger/ledger.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "tariff/tariff.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace md {

using storage::SqlQuery;

namespace {

using Kind = ApportionError::Kind;

// A null QString binds as SQL NULL: the text columns are NOT NULL.
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QString day(const QDate& d)
{
    return d.toString(Qt::ISODate);
}

QJsonArray linesJson(const PricedConsumption& p, Unit unit)
{
    QJsonArray lines;
    for (const PricedLine& l : p.lines)
        lines.append(QJsonObject{{QStringLiteral("rate"), l.rate},
                                 {QStringLiteral("price"), l.price.toYuanString()},
                                 {QStringLiteral("quantity"), Quantity::fromMilli(l.quantityMilli, unit).toString()}});
    return lines;
}

QList<PricedLine> linesFromJson(const QByteArray& json)
{
    QList<PricedLine> out;
    for (const QJsonValue& v : QJsonDocument::fromJson(json).array()) {
        const QJsonObject o = v.toObject();
        PricedLine l;
        l.rate = o.value(u"rate").toString();
        l.price = Price::parseYuan(o.value(u"price").toString()).value_or(Price());
        l.quantityMilli = o.value(u"quantity_milli").toInteger();
        out.append(l);
    }
    return out;
}

QByteArray linesForStorage(const PricedConsumption& p)
{
    QJsonArray lines;
    for (const PricedLine& l : p.lines)
        lines.append(QJsonObject{{QStringLiteral("rate"), l.rate},
                                 {QStringLiteral("price"), l.price.toYuanString()},
                                 {QStringLiteral("quantity_milli"), l.quantityMilli}});
    return QJsonDocument(lines).toJson(QJsonDocument::Compact);
}

} // namespace

QJsonObject ApportionGroup::toJson() const
{
    QJsonArray m;
    for (const ApportionMember& x : members) {
        QJsonObject o{{QStringLiteral("account"), x.account.v}};
        if (!x.code.isEmpty())
            o.insert(QStringLiteral("code"), x.code);
        if (method == ApportionMethod::Weight)
            o.insert(QStringLiteral("weight"), x.weight);
        m.append(o);
    }
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("meter"), meter.v},
            {QStringLiteral("nameplate"), nameplate},
            {QStringLiteral("method"), apportionMethodKey(method)},
            {QStringLiteral("tariff"), tariffKey},
            {QStringLiteral("remarks"), remarks},
            {QStringLiteral("active"), active},
            {QStringLiteral("members"), m}};
}

QJsonObject Apportionment::toJson() const
{
    const Unit unit = defaultUnit(utility);
    QJsonArray s;
    for (const ApportionShare& x : shares) {
        QJsonObject o{{QStringLiteral("account"), x.account.v},
                      {QStringLiteral("code"), x.code},
                      {QStringLiteral("tenant_name"), x.tenant},
                      {QStringLiteral("weight"), x.weight},
                      {QStringLiteral("amount"), x.amount.toYuanString()}};
        if (!x.skipped.isEmpty())
            o.insert(QStringLiteral("skipped"), x.skipped);
        if (x.transaction)
            o.insert(QStringLiteral("transaction"), x.transaction->v);
        s.append(o);
    }
    QJsonObject o{{QStringLiteral("group"), group},
                  {QStringLiteral("group_name"), groupName},
                  {QStringLiteral("meter"), meter.v},
                  {QStringLiteral("nameplate"), nameplate},
                  {QStringLiteral("utility"), utilityKey(utility)},
                  {QStringLiteral("from"), day(from)},
                  {QStringLiteral("to"), day(to)},
                  {QStringLiteral("method"), apportionMethodKey(method)},
                  {QStringLiteral("tariff"), tariffKey},
                  {QStringLiteral("consumption"), Quantity::fromMilli(priced.consumptionMilli, unit).toString()},
                  {QStringLiteral("unit"), unitKey(unit)},
                  {QStringLiteral("lines"), linesJson(priced, unit)},
                  {QStringLiteral("total"), priced.total.toYuanString()},
                  {QStringLiteral("total_weight"), totalWeight},
                  {QStringLiteral("shares"), s}};
    if (run > 0) {
        o.insert(QStringLiteral("run"), run);
        o.insert(QStringLiteral("state"), state);
        o.insert(QStringLiteral("requested_by"), requestedBy.v);
        if (approval)
            o.insert(QStringLiteral("approval"), *approval);
    }
    return o;
}

QByteArray Apportionment::explanation(const ApportionShare& share) const
{
    const Unit unit = defaultUnit(utility);
    const QJsonObject a{{QStringLiteral("run"), run},
                        {QStringLiteral("group"), group},
                        {QStringLiteral("group_name"), groupName},
                        {QStringLiteral("meter"), meter.v},
                        {QStringLiteral("nameplate"), nameplate},
                        {QStringLiteral("from"), day(from)},
                        {QStringLiteral("to"), day(to)},
                        {QStringLiteral("consumption"), Quantity::fromMilli(priced.consumptionMilli, unit).toString()},
                        {QStringLiteral("unit"), unitKey(unit)},
                        {QStringLiteral("tariff"), tariffKey},
                        {QStringLiteral("lines"), linesJson(priced, unit)},
                        {QStringLiteral("total"), priced.total.toYuanString()},
                        {QStringLiteral("method"), apportionMethodKey(method)},
                        {QStringLiteral("weight"), share.weight},
                        {QStringLiteral("total_weight"), totalWeight},
                        {QStringLiteral("share"), QStringLiteral("%1/%2").arg(share.weight).arg(totalWeight)},
                        {QStringLiteral("amount"), share.amount.toYuanString()}};
    return QJsonDocument(QJsonObject{{QStringLiteral("apportionment"), a}}).toJson(QJsonDocument::Compact);
}

ApportionStore::ApportionStore(storage::Database& db)
    : m_db(db)
{
}

void ApportionStore::checkGroup(const ApportionGroup& g, bool creating)
{
    const QString name = g.name.trimmed();
    if (name.isEmpty() || name.size() > 191)
        throw ApportionError(Kind::Invalid, tr("A group needs a name of 1 to 191 characters"));
    SqlQuery same(m_db, QStringLiteral("SELECT COUNT(*) FROM apportion_groups WHERE name = ? AND id <> ?"));
    same.bind(name).bind(g.id);
    if (same.scalarInt() > 0)
        throw ApportionError(Kind::Invalid, tr("There is already a group named \"%1\"").arg(name));
    SqlQuery meter(m_db, QStringLiteral("SELECT utility, account_id, removed_at FROM meters WHERE id = ?"));
    meter.bind(g.meter.v).exec();
    if (!meter.next())
        throw ApportionError(Kind::NotFound, tr("There is no meter %1").arg(g.meter.v));
    const Utility utility = parseUtility(meter.stringValue(0)).value_or(Utility::Electricity);
    if (creating) {
        if (meter.optionalInt(1))
            throw ApportionError(Kind::Invalid, tr("Meter %1 belongs to an account and is billed to its wallet: "
                                                   "only a meter of no account can be shared")
                                                    .arg(g.meter.v));
        if (meter.optionalInt(2))
            throw ApportionError(Kind::Invalid, tr("Meter %1 was removed").arg(g.meter.v));
    }
    if (g.active) {
        SqlQuery shared(m_db, QStringLiteral("SELECT name FROM apportion_groups WHERE meter_id = ? AND id <> ? AND active = 1"));
        shared.bind(g.meter.v).bind(g.id).exec();
        if (shared.next())
            throw ApportionError(Kind::Invalid, tr("Meter %1 is already shared by the group \"%2\"")
                                                    .arg(g.meter.v)
                                                    .arg(shared.stringValue(0)));
    }
    std::shared_ptr<const Tariff> tariff;
    try {
        tariff = TariffStore(m_db).current(g.tariffKey);
    } catch (const InputError&) {
        throw ApportionError(Kind::Invalid, tr("There is no tariff \"%1\"").arg(g.tariffKey));
    }
    if (tariff->utility != utility)
        throw ApportionError(Kind::Invalid, tr("The tariff \"%1\" is for %2, the meter measures %3")
                                                .arg(g.tariffKey, utilityName(tariff->utility), utilityName(utility)));
    QList<qint64> seen;
    for (const ApportionMember& m : g.members) {
        if (seen.contains(m.account.v))
            throw ApportionError(Kind::Invalid, tr("Account %1 is listed twice").arg(m.account.v));
        seen.append(m.account.v);
        if (m.weight < 0 || (g.method == ApportionMethod::Weight && m.weight > 1000000000))
            throw ApportionError(Kind::Invalid, tr("Account %1: a share from 0 to 1000000000").arg(m.account.v));
        SqlQuery a(m_db, QStringLiteral("SELECT COUNT(*) FROM accounts WHERE id = ?"));
        a.bind(m.account.v);
        if (a.scalarInt() == 0)
            throw ApportionError(Kind::Invalid, tr("There is no account %1").arg(m.account.v));
    }
}

void ApportionStore::writeMembers(const ApportionGroup& g)
{
    SqlQuery del(m_db, QStringLiteral("DELETE FROM apportion_members WHERE group_id = ?"));
    del.bind(g.id).exec();
    for (const ApportionMember& m : g.members) {
        SqlQuery ins(m_db, QStringLiteral("INSERT INTO apportion_members (group_id, account_id, weight) VALUES (?, ?, ?)"));
        ins.bind(g.id).bind(m.account.v).bind(g.method == ApportionMethod::Weight ? m.weight : qint64(0)).exec();
    }
}

qint64 ApportionStore::createGroup(const ApportionGroup& group, qint64 nowMs)
{
    ApportionGroup g = group;
    g.id = 0; // a new group: every other group's name and meter count
    checkGroup(g, true);
    SqlQuery q(m_db, QStringLiteral("INSERT INTO apportion_groups (name, meter_id, method, tariff_key, remarks, active, "
                                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(g.name.trimmed()).bind(g.meter.v).bind(apportionMethodKey(g.method)).bind(g.tariffKey).bind(text(g.remarks));
    q.bind(qint64(g.active ? 1 : 0)).bind(nowMs).bind(nowMs).exec();
    g.id = q.lastInsertId();
    writeMembers(g);
    return g.id;
}

void ApportionStore::updateGroup(const ApportionGroup& g, qint64 nowMs)
{
    const std::optional<ApportionGroup> before = group(g.id);
    if (!before)
        throw ApportionError(Kind::NotFound, tr("There is no apportionment group %1").arg(g.id));
    ApportionGroup next = g;
    next.meter = before->meter;
    checkGroup(next, false);
    SqlQuery q(m_db, QStringLiteral("UPDATE apportion_groups SET name = ?, method = ?, tariff_key = ?, remarks = ?, "
                                    "active = ?, updated_at = ? WHERE id = ?"));
    q.bind(next.name.trimmed()).bind(apportionMethodKey(next.method)).bind(next.tariffKey).bind(text(next.remarks));
    q.bind(qint64(next.active ? 1 : 0)).bind(nowMs).bind(next.id).exec();
    writeMembers(next);
}

std::optional<ApportionGroup> ApportionStore::group(qint64 id)
{
    for (const ApportionGroup& g : groups()) {
        if (g.id == id)
            return g;
    }
    return std::nullopt;
}

QList<ApportionGroup> ApportionStore::groups()
{
    SqlQuery q(m_db, QStringLiteral("SELECT g.id, g.name, g.meter_id, g.method, g.tariff_key, g.remarks, g.active, m.nameplate "
                                    "FROM apportion_groups g LEFT JOIN meters m ON m.id = g.meter_id ORDER BY g.name, g.id"));
    q.exec();
    QList<ApportionGroup> out;
    while (q.next()) {
        ApportionGroup g;
        g.id = q.intValue(0);
        g.name = q.stringValue(1);
        g.meter = MeterId{q.intValue(2)};
        g.method = parseApportionMethod(q.stringValue(3)).value_or(ApportionMethod::Area);
        g.tariffKey = q.stringValue(4);
        g.remarks = q.stringValue(5);
        g.active = q.intValue(6) != 0;
        g.nameplate = q.stringValue(7);
        out.append(g);
    }
    SqlQuery m(m_db, QStringLiteral("SELECT x.group_id, x.account_id, x.weight, a.code FROM apportion_members x "
                                    "LEFT JOIN accounts a ON a.id = x.account_id ORDER BY x.group_id, x.account_id"));
    m.exec();
    while (m.next()) {
        const qint64 gid = m.intValue(0);
        for (ApportionGroup& g : out) {
            if (g.id == gid)
                g.members.append({AccountId{m.intValue(1)}, m.intValue(2), m.stringValue(3)});
        }
    }
    return out;
}

Apportionment ApportionStore::compute(qint64 groupId, QDate from, QDate to)
{
    const std::optional<ApportionGroup> g = group(groupId);
    if (!g)
        throw ApportionError(Kind::NotFound, tr("There is no apportionment group %1").arg(groupId));
    if (!g->active)
        throw ApportionError(Kind::Invalid, tr("The group \"%1\" is not active").arg(g->name));
    if (!from.isValid() || !to.isValid() || to < from || from.daysTo(to) > 366)
        throw ApportionError(Kind::Invalid, tr("A period is from one day to another, at most a year and a day"));
    Apportionment a;
    a.group = g->id;
    a.groupName = g->name;
    a.meter = g->meter;
    a.from = from;
    a.to = to;
    a.method = g->method;
    a.tariffKey = g->tariffKey;
    SqlQuery meter(m_db, QStringLiteral("SELECT nameplate, utility, account_id FROM meters WHERE id = ?"));
    meter.bind(g->meter.v).exec();
    if (!meter.next())
        throw ApportionError(Kind::NotFound, tr("There is no meter %1").arg(g->meter.v));
    a.nameplate = meter.stringValue(0);
    a.utility = parseUtility(meter.stringValue(1)).value_or(Utility::Electricity);
    // Placed in a rented room since the group was made, its readings bill that account: sharing
    // them as well would charge the consumption twice.
    if (meter.optionalInt(2))
        throw ApportionError(Kind::Invalid, tr("Meter %1 now belongs to account %2 and is billed to it: it cannot be shared")
                                                .arg(a.nameplate)
                                                .arg(*meter.optionalInt(2)));

    SqlQuery d(m_db, QStringLiteral("SELECT day, used_total_milli, used_sharp_milli, used_peak_milli, used_flat_milli, "
                                    "used_valley_milli FROM meter_daily WHERE meter_id = ? AND day >= ? AND day <= ? "
                                    "ORDER BY day"));
    d.bind(g->meter.v).bind(day(from)).bind(day(to)).exec();
    QList<DailyConsumption> days;
    while (d.next())
        days.append({QDate::fromString(d.stringValue(0), Qt::ISODate), d.intValue(1), d.intValue(2), d.intValue(3),
                     d.intValue(4), d.intValue(5)});
    std::shared_ptr<const Tariff> tariff;
    try {
        tariff = TariffStore(m_db).current(g->tariffKey);
    } catch (const InputError&) {
        throw ApportionError(Kind::Invalid, tr("There is no tariff \"%1\"").arg(g->tariffKey));
    }
    a.priced = priceConsumption(*tariff, days);

    SqlQuery m(m_db, QStringLiteral("SELECT m.account_id, m.weight, a.code, a.tenant_name, a.status, "
                                    "(SELECT COALESCE(SUM(r.area_centi_m2), 0) FROM account_rooms ar "
                                    "JOIN rooms r ON r.id = ar.room_id WHERE ar.account_id = m.account_id) "
                                    "FROM apportion_members m JOIN accounts a ON a.id = m.account_id "
                                    "WHERE m.group_id = ? ORDER BY m.account_id"));
    m.bind(g->id).exec();
    QList<WeightedAccount> weights;
    while (m.next()) {
        ApportionShare s;
        s.account = AccountId{m.intValue(0)};
        s.code = m.stringValue(2);
        s.tenant = m.stringValue(3);
        if (m.stringValue(4) != u"open")
            s.skipped = QStringLiteral("closed");
        else
            s.weight = g->method == ApportionMethod::Area ? m.intValue(5) : m.intValue(1);
        a.totalWeight += s.weight;
        weights.append({s.account, s.weight});
        a.shares.append(s);
    }
    const QList<Money> amounts = splitLargestRemainder(a.priced.total, weights);
    for (qsizetype i = 0; i < a.shares.size(); ++i)
        a.shares[i].amount = amounts.at(i);
    return a;
}

qint64 ApportionStore::insertRun(const Apportionment& a, OperatorId by, qint64 nowMs)
{
    if (!a.priced.total.isPositive())
        throw ApportionError(Kind::NothingToApportion,
                             tr("Nothing to apportion: the meter %1 used %2 from %3 to %4, which costs %5")
                                 .arg(a.nameplate,
                                      Quantity::fromMilli(a.priced.consumptionMilli, defaultUnit(a.utility)).toStringWithUnit(),
                                      day(a.from), day(a.to), a.priced.total.toYuanString()));
    // The group's row lock queues two requests for the same group (MySQL; SQLite's write
    // transaction is exclusive already), so the overlap check below cannot race. The check is a
    // locking read too: under REPEATABLE READ a plain SELECT would read the snapshot this
    // transaction took at its first read (compute()), before the other request committed.
    SqlQuery lock(m_db, QStringLiteral("SELECT id FROM apportion_groups WHERE id = ?") + m_db.dialect().forUpdate());
    lock.bind(a.group).exec();
    SqlQuery overlap(m_db, QStringLiteral("SELECT id, period_from, period_to, state FROM apportion_runs WHERE group_id = ? "
                                          "AND live = 1 AND period_from <= ? AND period_to >= ? ORDER BY id") +
                               m_db.dialect().forUpdate());
    overlap.bind(a.group).bind(day(a.to)).bind(day(a.from)).exec();
    if (overlap.next())
        throw ApportionError(Kind::AlreadyApportioned,
                             tr("The group \"%1\" was already apportioned from %2 to %3 (run %4, %5)")
                                 .arg(a.groupName, overlap.stringValue(1), overlap.stringValue(2))
                                 .arg(overlap.intValue(0))
                                 .arg(overlap.stringValue(3)));
    SqlQuery q(m_db, QStringLiteral("INSERT INTO apportion_runs (group_id, meter_id, utility, period_from, period_to, "
                                    "method, tariff_key, consumption_milli, pricing, total_fen, total_weight, state, live, "
                                    "requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 1, ?, ?)"));
    q.bind(a.group).bind(a.meter.v).bind(utilityKey(a.utility)).bind(day(a.from)).bind(day(a.to));
    q.bind(apportionMethodKey(a.method)).bind(a.tariffKey).bind(a.priced.consumptionMilli);
    q.bind(QString::fromUtf8(linesForStorage(a.priced))).bind(a.priced.total.fen()).bind(a.totalWeight);
    q.bind(by.v).bind(nowMs).exec();
    const qint64 run = q.lastInsertId();
    for (const ApportionShare& s : a.shares) {
        SqlQuery ins(m_db, QStringLiteral("INSERT INTO apportion_shares (run_id, account_id, code, tenant_name, weight, "
                                          "amount_fen, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        ins.bind(run).bind(s.account.v).bind(text(s.code)).bind(text(s.tenant)).bind(s.weight).bind(s.amount.fen());
        ins.bind(text(s.skipped));
        ins.exec();
    }
    return run;
}

void ApportionStore::attachApproval(qint64 run, qint64 approval)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE apportion_runs SET approval_id = ? WHERE id = ?"));
    q.bind(approval).bind(run).exec();
}

std::optional<Apportionment> ApportionStore::run(qint64 id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT r.group_id, g.name, r.meter_id, m.nameplate, r.utility, r.period_from, "
                                    "r.period_to, r.method, r.tariff_key, r.consumption_milli, r.pricing, r.total_fen, "
                                    "r.total_weight, r.state, r.approval_id, r.requested_by FROM apportion_runs r "
                                    "JOIN apportion_groups g ON g.id = r.group_id JOIN meters m ON m.id = r.meter_id "
                                    "WHERE r.id = ?"));
    q.bind(id).exec();
    if (!q.next())
        return std::nullopt;
    Apportionment a;
    a.run = id;
    a.group = q.intValue(0);
    a.groupName = q.stringValue(1);
    a.meter = MeterId{q.intValue(2)};
    a.nameplate = q.stringValue(3);
    a.utility = parseUtility(q.stringValue(4)).value_or(Utility::Electricity);
    a.from = QDate::fromString(q.stringValue(5), Qt::ISODate);
    a.to = QDate::fromString(q.stringValue(6), Qt::ISODate);
    a.method = parseApportionMethod(q.stringValue(7)).value_or(ApportionMethod::Area);
    a.tariffKey = q.stringValue(8);
    a.priced.consumptionMilli = q.intValue(9);
    a.priced.lines = linesFromJson(q.stringValue(10).toUtf8());
    a.priced.total = Money::fromFen(q.intValue(11));
    a.totalWeight = q.intValue(12);
    a.state = q.stringValue(13);
    a.approval = q.optionalInt(14);
    a.requestedBy = OperatorId{q.intValue(15)};
    SqlQuery s(m_db, QStringLiteral("SELECT account_id, code, tenant_name, weight, amount_fen, skipped, tx_id "
                                    "FROM apportion_shares WHERE run_id = ? ORDER BY account_id"));
    s.bind(id).exec();
    while (s.next()) {
        ApportionShare x;
        x.account = AccountId{s.intValue(0)};
        x.code = s.stringValue(1);
        x.tenant = s.stringValue(2);
        x.weight = s.intValue(3);
        x.amount = Money::fromFen(s.intValue(4));
        x.skipped = s.stringValue(5);
        if (const auto tx = s.optionalInt(6))
            x.transaction = TransactionId{*tx};
        a.shares.append(x);
    }
    return a;
}

QList<TransactionResult> ApportionStore::post(Ledger& ledger, qint64 runId, const QString& keyPrefix, qint64 nowMs)
{
    if (!m_db.inTransaction())
        throw Error(tr("An apportionment is posted inside the caller's transaction"));
    // The run's row lock first: a second approval (another service on the same MySQL) waits,
    // then reads the state the first one committed.
    SqlQuery lock(m_db, QStringLiteral("SELECT state FROM apportion_runs WHERE id = ?") + m_db.dialect().forUpdate());
    lock.bind(runId).exec();
    if (lock.next() && lock.stringValue(0) != u"pending")
        throw ApportionError(Kind::AlreadyApportioned, tr("Apportionment run %1 is already %2").arg(runId).arg(lock.stringValue(0)));
    std::optional<Apportionment> a = run(runId);
    if (!a)
        throw ApportionError(Kind::NotFound, tr("There is no apportionment run %1").arg(runId));
    if (a->state != u"pending")
        throw ApportionError(Kind::AlreadyApportioned, tr("Apportionment run %1 is already %2").arg(runId).arg(a->state));
    // The ledger's locking order (docs/ledger.md): every tenant account of the run first, in
    // ascending id, before the first deduction takes a ledger account and the log head; locked
    // one by one inside each deduction, a recharge on a later account would deadlock with us.
    const auto charged = std::count_if(a->shares.cbegin(), a->shares.cend(),
                                       [](const ApportionShare& s) { return s.amount.isPositive(); });
    if (charged > 0) {
        SqlQuery lockAccounts(m_db,
                              QStringLiteral("SELECT id FROM accounts WHERE id IN (%1) ORDER BY id").arg(storage::placeholders(charged)) +
                                  m_db.dialect().forUpdate());
        for (const ApportionShare& s : std::as_const(a->shares)) {
            if (s.amount.isPositive())
                lockAccounts.bind(s.account.v);
        }
        lockAccounts.exec();
    }
    QList<TransactionResult> results;
    for (const ApportionShare& s : std::as_const(a->shares)) {
        if (!s.amount.isPositive())
            continue;
        DeductionRequest r;
        r.idempotencyKey = QStringLiteral("%1:%2").arg(keyPrefix).arg(s.account.v);
        r.account = s.account;
        r.utility = a->utility;
        r.meter = a->meter;
        r.amount = s.amount;
        r.explanation = a->explanation(s);
        const TransactionResult t = ledger.deduct(r);
        SqlQuery q(m_db, QStringLiteral("UPDATE apportion_shares SET tx_id = ? WHERE run_id = ? AND account_id = ?"));
        q.bind(t.id.v).bind(runId).bind(s.account.v).exec();
        results.append(t);
    }
    SqlQuery q(m_db, QStringLiteral("UPDATE apportion_runs SET state = 'approved', decided_at = ? WHERE id = ? "
                                    "AND state = 'pending'"));
    q.bind(nowMs).bind(runId).exec();
    if (q.rowsAffected() != 1)
        throw ApportionError(Kind::AlreadyApportioned, tr("Apportionment run %1 was decided meanwhile").arg(runId));
    return results;
}

void ApportionStore::reject(qint64 runId, qint64 nowMs)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE apportion_runs SET state = 'rejected', live = NULL, decided_at = ? "
                                    "WHERE id = ? AND state = 'pending'"));
    q.bind(nowMs).bind(runId).exec();
    if (q.rowsAffected() != 1)
        throw ApportionError(Kind::AlreadyApportioned, tr("Apportionment run %1 is no longer pending").arg(runId));
}

} // namespace md

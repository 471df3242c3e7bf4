#include "property/meter_status.h"

#include "collection/meter_registry.h"

#include "storage/database.h"
#include "storage/sql_query.h"

#include <QJsonDocument>

namespace md {

using storage::SqlQuery;

QString meterColourKey(MeterColour c)
{
    switch (c) {
    case MeterColour::OpenedNormal:
        return QStringLiteral("opened-normal");
    case MeterColour::Alarm1:
        return QStringLiteral("alarm-1");
    case MeterColour::Alarm2:
        return QStringLiteral("alarm-2");
    case MeterColour::Arrears:
        return QStringLiteral("arrears");
    case MeterColour::NotOpened:
        return QStringLiteral("not-opened");
    case MeterColour::Lost:
        return QStringLiteral("lost");
    case MeterColour::ForcedOn:
        return QStringLiteral("forced-on");
    case MeterColour::Removed:
        return QStringLiteral("removed");
    }
    Q_UNREACHABLE();
}

MeterColour meterColour(const MeterColourInputs& in)
{
    if (in.removed)
        return MeterColour::Removed;
    if (in.lost)
        return MeterColour::Lost;
    if (!in.openAccount)
        return MeterColour::NotOpened;
    if (in.forceOn)
        return MeterColour::ForcedOn;
    AlarmLevel level = in.balance.isNegative() ? AlarmLevel::Arrears : AlarmLevel::Normal;
    if (in.runtimeLevel)
        level = *in.runtimeLevel;
    else if (in.thresholds)
        level = AlarmPolicy::levelFor(in.balance, *in.thresholds);
    switch (level) {
    case AlarmLevel::Normal:
        return MeterColour::OpenedNormal;
    case AlarmLevel::Alarm1:
        return MeterColour::Alarm1;
    case AlarmLevel::Alarm2:
        return MeterColour::Alarm2;
    case AlarmLevel::Arrears:
        return MeterColour::Arrears;
    }
    Q_UNREACHABLE();
}

MeterColour walletColour(storage::Database& db, AccountId account, Utility utility, Money balance)
{
    MeterColourInputs in;
    in.balance = balance;
    {
        SqlQuery q(db, QStringLiteral("SELECT a.status, ac.force_on, ac.alarm1_fen, ac.alarm2_fen FROM accounts a "
                                      "LEFT JOIN account_collection ac ON ac.account_id = a.id AND ac.utility = ? "
                                      "WHERE a.id = ?"));
        q.bind(utilityKey(utility));
        q.bind(account.v);
        q.exec();
        if (!q.next())
            return MeterColour::NotOpened;
        in.openAccount = q.stringValue(0) == u"open";
        in.forceOn = q.optionalInt(1).value_or(0) != 0;
        if (const auto a1 = q.optionalInt(2))
            in.thresholds = AlarmThresholds{Money::fromFen(*a1), Money::fromFen(q.optionalInt(3).value_or(0))};
    }
    SqlQuery q(db, QStringLiteral("SELECT rt.meter_id, rt.lost, rt.alarm_level FROM meters m "
                                  "LEFT JOIN meter_runtime rt ON rt.meter_id = m.id "
                                  "WHERE m.account_id = ? AND m.utility = ? AND m.removed_at IS NULL"));
    q.bind(account.v);
    q.bind(utilityKey(utility));
    q.exec();
    int meters = 0, lost = 0;
    while (q.next()) {
        ++meters;
        if (!q.optionalInt(0))
            continue;
        if (q.intValue(1) != 0)
            ++lost;
        if (const auto level = parseAlarmLevel(q.stringValue(2)); level && (!in.runtimeLevel || *level > *in.runtimeLevel))
            in.runtimeLevel = level;
    }
    in.lost = meters > 0 && lost == meters;
    return meterColour(in);
}

QList<MeterStatus> meterStatuses(storage::Database& db, const MeterFilter& f)
{
    QString sql = QStringLiteral(
        "SELECT m.id, m.nameplate, m.bus, m.protocol, m.map, m.address, m.options, m.utility, m.account_id, m.max_rate, "
        "m.installed_at, m.removed_at, m.room_id, "
        "r.code, r.name, u.code, b.id, b.code, s.code, "                             // 13..18
        "a.code, a.tenant_name, a.phone, a.status, "                                 // 19..22
        "la.balance_fen, ac.force_on, ac.alarm1_fen, ac.alarm2_fen, "                // 23..26
        "rt.meter_id, rt.lost, rt.alarm_level, rt.switch_actual, rt.switch_desired, " // 27..31
        "rd.total_milli, rd.at_ms "                                                  // 32..33
        "FROM meters m "
        "LEFT JOIN rooms r ON r.id = m.room_id "
        "LEFT JOIN units u ON u.id = r.unit_id "
        "LEFT JOIN buildings b ON b.id = u.building_id "
        "LEFT JOIN sites s ON s.id = b.site_id "
        "LEFT JOIN accounts a ON a.id = m.account_id "
        "LEFT JOIN ledger_accounts la ON la.kind = 'wallet' AND la.account_id = m.account_id AND la.utility = m.utility "
        "LEFT JOIN account_collection ac ON ac.account_id = m.account_id AND ac.utility = m.utility "
        "LEFT JOIN meter_runtime rt ON rt.meter_id = m.id "
        "LEFT JOIN readings rd ON rd.meter_id = rt.meter_id AND rd.at_ms = rt.last_good_at_ms "
        "WHERE 1 = 1");
    QVariantList binds;
    const auto where = [&](const char* clause, const QVariant& v) {
        sql += QLatin1String(clause);
        binds.append(v);
    };
    if (!f.includeRemoved)
        sql += QStringLiteral(" AND m.removed_at IS NULL");
    if (f.meter)
        where(" AND m.id = ?", f.meter);
    if (f.site)
        where(" AND s.id = ?", f.site);
    if (f.building)
        where(" AND b.id = ?", f.building);
    if (f.unit)
        where(" AND u.id = ?", f.unit);
    if (f.room)
        where(" AND r.id = ?", f.room);
    if (f.account)
        where(" AND m.account_id = ?", f.account);
    if (!f.bus.isEmpty())
        where(" AND m.bus = ?", f.bus);
    sql += QStringLiteral(" ORDER BY m.bus, m.address, m.id");
    SqlQuery q(db, sql);
    for (const QVariant& v : binds)
        q.bind(v);
    q.exec();
    QList<MeterStatus> out;
    const QString needle = f.text.trimmed();
    while (q.next()) {
        MeterStatus s;
        s.meter = MeterRegistry::fromRow(q);
        MeterRecord& m = s.meter;
        if (m.room) {
            s.roomCode = q.stringValue(13);
            s.roomName = q.stringValue(14);
            s.buildingId = q.optionalInt(16).value_or(0);
            s.roomPath = QStringList{q.stringValue(18), q.stringValue(17), q.stringValue(15), s.roomCode}.join(u'/');
        }
        if (m.account) {
            s.accountCode = q.stringValue(19);
            s.tenantName = q.stringValue(20);
            s.phone = q.stringValue(21);
            s.accountStatus = q.stringValue(22);
            s.balance = Money::fromFen(-q.optionalInt(23).value_or(0)); // a wallet's postings are negative credits
        }
        s.forceOn = q.optionalInt(24).value_or(0) != 0;
        std::optional<AlarmThresholds> thresholds;
        if (const auto a1 = q.optionalInt(25))
            thresholds = AlarmThresholds{Money::fromFen(*a1), Money::fromFen(q.optionalInt(26).value_or(0))};
        std::optional<AlarmLevel> runtimeLevel;
        if (q.optionalInt(27)) {
            s.lost = q.intValue(28) != 0;
            runtimeLevel = parseAlarmLevel(q.stringValue(29));
            s.actual = parseSwitchState(q.stringValue(30)).value_or(SwitchState::Unknown);
            s.desired = parseSwitchState(q.stringValue(31)).value_or(SwitchState::Unknown);
        }
        s.lastValueMilli = q.optionalInt(32);
        s.lastAtMs = q.optionalInt(33);
        MeterColourInputs in;
        in.removed = m.removed.has_value();
        in.openAccount = m.account && s.accountStatus == u"open";
        in.lost = s.lost;
        in.forceOn = s.forceOn;
        in.runtimeLevel = runtimeLevel;
        in.balance = s.balance.value_or(Money());
        in.thresholds = thresholds;
        s.colour = meterColour(in);
        if (runtimeLevel)
            s.alarm = *runtimeLevel;
        else if (thresholds && s.balance)
            s.alarm = AlarmPolicy::levelFor(*s.balance, *thresholds);
        if (!needle.isEmpty()) {
            const QString hay = QStringList{m.nameplate, m.address, s.roomCode, s.roomName, s.roomPath, s.accountCode,
                                            s.tenantName, s.phone}
                                    .join(QChar(0x1f));
            if (!hay.contains(needle, Qt::CaseInsensitive))
                continue;
        }
        out.append(s);
    }
    return out;
}

} // namespace md

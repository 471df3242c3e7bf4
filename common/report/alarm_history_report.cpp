#include "report/alarm_history_report.h"

#include "property/property_store.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDateTime>
#include <QMap>

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::AlarmHistoryReport)
};

QString wallClock(qint64 ms, const QTimeZone& zone)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

void setIf(ReportTable& t, int r, const QString& key, const std::optional<qint64>& v, bool money = false)
{
    if (v)
        t.set(r, key, money ? Cell::money(Money::fromFen(*v)) : Cell::integer(*v));
}

} // namespace

AlarmHistory alarmHistoryReport(storage::Database& db, const ReportPeriod& period)
{
    ReadSnapshot snapshot(db);
    AlarmHistory out;
    ReportTable& ev = out.events;
    ev = ReportTable(QStringLiteral("alarms"), Tr::tr("Alarm history"));
    ev.addColumn(QStringLiteral("at"), Tr::tr("Time"), ColumnType::Text);
    ev.addColumn(QStringLiteral("account"), Tr::tr("Account ID"), ColumnType::Integer);
    ev.addColumn(QStringLiteral("code"), Tr::tr("Account"), ColumnType::Text);
    ev.addColumn(QStringLiteral("tenant"), Tr::tr("Tenant"), ColumnType::Text);
    ev.addColumn(QStringLiteral("utility"), Tr::tr("Utility"), ColumnType::Text);
    ev.addColumn(QStringLiteral("meter"), Tr::tr("Meter ID"), ColumnType::Integer);
    ev.addColumn(QStringLiteral("nameplate"), Tr::tr("Meter"), ColumnType::Text);
    ev.addColumn(QStringLiteral("room"), Tr::tr("Room"), ColumnType::Text);
    ev.addColumn(QStringLiteral("kind"), Tr::tr("Kind"), ColumnType::Text);
    ev.addColumn(QStringLiteral("from_level"), Tr::tr("From"), ColumnType::Text);
    ev.addColumn(QStringLiteral("to_level"), Tr::tr("To"), ColumnType::Text);
    ev.addColumn(QStringLiteral("balance"), Tr::tr("Balance"), ColumnType::Money);
    ev.addColumn(QStringLiteral("detail"), Tr::tr("Detail"), ColumnType::Text);

    const QHash<qint64, QString> paths = PropertyStore(db).roomPaths(); // rooms as the desk names them
    storage::SqlQuery e(db, QStringLiteral("SELECT e.at_ms, e.account_id, a.code, a.tenant_name, e.utility, e.meter_id, "
                                           "m.nameplate, m.room_id, e.kind, e.from_level, e.to_level, e.balance_fen, e.detail "
                                           "FROM alarm_events e LEFT JOIN accounts a ON a.id = e.account_id "
                                           "LEFT JOIN meters m ON m.id = e.meter_id "
                                           "WHERE e.at_ms >= ? AND e.at_ms < ? ORDER BY e.at_ms, e.id"));
    e.bind(period.startMs());
    e.bind(period.endMs());
    e.exec();
    QMap<QString, qint64> perKind;
    while (e.next()) {
        const int r = ev.appendRow();
        ev.set(r, QStringLiteral("at"), Cell::text(wallClock(e.intValue(0), period.zone)));
        setIf(ev, r, QStringLiteral("account"), e.optionalInt(1));
        ev.set(r, QStringLiteral("code"), Cell::text(e.stringValue(2)));
        ev.set(r, QStringLiteral("tenant"), Cell::text(e.stringValue(3)));
        ev.set(r, QStringLiteral("utility"), Cell::text(e.stringValue(4)));
        setIf(ev, r, QStringLiteral("meter"), e.optionalInt(5));
        ev.set(r, QStringLiteral("nameplate"), Cell::text(e.stringValue(6)));
        ev.set(r, QStringLiteral("room"), Cell::text(paths.value(e.optionalInt(7).value_or(0))));
        ev.set(r, QStringLiteral("kind"), Cell::text(e.stringValue(8)));
        ev.set(r, QStringLiteral("from_level"), Cell::text(e.stringValue(9)));
        ev.set(r, QStringLiteral("to_level"), Cell::text(e.stringValue(10)));
        setIf(ev, r, QStringLiteral("balance"), e.optionalInt(11), true);
        ev.set(r, QStringLiteral("detail"), Cell::text(e.stringValue(12)));
        ++perKind[e.stringValue(8)];
    }
    ev.computeTotals(Tr::tr("Total"));
    ev.addSummary(QStringLiteral("from"), Tr::tr("From"), ColumnType::Date, Cell::date(period.from));
    ev.addSummary(QStringLiteral("to"), Tr::tr("To"), ColumnType::Date, Cell::date(period.to));
    ev.addSummary(QStringLiteral("events"), Tr::tr("Events"), ColumnType::Integer, Cell::integer(ev.rows().size()));
    for (auto it = perKind.cbegin(); it != perKind.cend(); ++it)
        ev.addSummary(QStringLiteral("kind_") + it.key(), Tr::tr("Events: %1").arg(it.key()), ColumnType::Integer, Cell::integer(it.value()));

    ReportTable& cmd = out.commands;
    cmd = ReportTable(QStringLiteral("relay_commands"), Tr::tr("Unconfirmed relay commands"));
    cmd.addColumn(QStringLiteral("id"), Tr::tr("Command ID"), ColumnType::Integer);
    cmd.addColumn(QStringLiteral("meter"), Tr::tr("Meter ID"), ColumnType::Integer);
    cmd.addColumn(QStringLiteral("nameplate"), Tr::tr("Meter"), ColumnType::Text);
    cmd.addColumn(QStringLiteral("room"), Tr::tr("Room"), ColumnType::Text);
    cmd.addColumn(QStringLiteral("account"), Tr::tr("Account ID"), ColumnType::Integer);
    cmd.addColumn(QStringLiteral("code"), Tr::tr("Account"), ColumnType::Text);
    cmd.addColumn(QStringLiteral("command"), Tr::tr("Command"), ColumnType::Text);
    cmd.addColumn(QStringLiteral("reason"), Tr::tr("Reason"), ColumnType::Text);
    cmd.addColumn(QStringLiteral("status"), Tr::tr("Status"), ColumnType::Text);
    cmd.addColumn(QStringLiteral("attempts"), Tr::tr("Attempts"), ColumnType::Integer);
    cmd.addColumn(QStringLiteral("requested_at"), Tr::tr("Requested"), ColumnType::Text);
    cmd.addColumn(QStringLiteral("last_error"), Tr::tr("Last error"), ColumnType::Text);
    storage::SqlQuery c(db, QStringLiteral("SELECT c.id, c.meter_id, m.nameplate, m.room_id, m.account_id, a.code, c.command, "
                                           "c.reason, c.status, c.attempts, c.requested_at, c.last_error "
                                           "FROM relay_commands c LEFT JOIN meters m ON m.id = c.meter_id "
                                           "LEFT JOIN accounts a ON a.id = m.account_id "
                                           "WHERE c.status IN ('requested', 'sent', 'failed') ORDER BY c.id"));
    c.exec();
    QMap<QString, qint64> perStatus;
    while (c.next()) {
        const int r = cmd.appendRow();
        cmd.set(r, QStringLiteral("id"), Cell::integer(c.intValue(0)));
        cmd.set(r, QStringLiteral("meter"), Cell::integer(c.intValue(1)));
        cmd.set(r, QStringLiteral("nameplate"), Cell::text(c.stringValue(2)));
        cmd.set(r, QStringLiteral("room"), Cell::text(paths.value(c.optionalInt(3).value_or(0))));
        setIf(cmd, r, QStringLiteral("account"), c.optionalInt(4));
        cmd.set(r, QStringLiteral("code"), Cell::text(c.stringValue(5)));
        cmd.set(r, QStringLiteral("command"), Cell::text(c.stringValue(6)));
        cmd.set(r, QStringLiteral("reason"), Cell::text(c.stringValue(7)));
        cmd.set(r, QStringLiteral("status"), Cell::text(c.stringValue(8)));
        cmd.set(r, QStringLiteral("attempts"), Cell::integer(c.intValue(9)));
        cmd.set(r, QStringLiteral("requested_at"), Cell::text(wallClock(c.intValue(10), period.zone)));
        cmd.set(r, QStringLiteral("last_error"), Cell::text(c.stringValue(11)));
        ++perStatus[c.stringValue(8)];
    }
    cmd.computeTotals(Tr::tr("Total"));
    const std::pair<const char*, QString> statuses[] = {
        {"requested", Tr::tr("Requested")}, {"sent", Tr::tr("Sent, not confirmed")}, {"failed", Tr::tr("Failed")}};
    for (const auto& [key, header] : statuses)
        cmd.addSummary(QLatin1String(key), header, ColumnType::Integer, Cell::integer(perStatus.value(QLatin1String(key))));
    return out;
}

} // namespace md::report

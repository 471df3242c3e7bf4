#include "collection/relay_command_log.h"

#include "control/control_policy.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "util/error.h"

namespace md {

using storage::SqlQuery;

namespace {

const std::pair<RelayCommand::Status, const char*> kStatuses[] = {
    {RelayCommand::Status::Requested, "requested"}, {RelayCommand::Status::Sent, "sent"},
    {RelayCommand::Status::Confirmed, "confirmed"}, {RelayCommand::Status::Failed, "failed"},
    {RelayCommand::Status::Superseded, "superseded"},
};

RelayCommand::Status parseStatus(const QString& key)
{
    for (const auto& [s, name] : kStatuses) {
        if (key == QLatin1String(name))
            return s;
    }
    return RelayCommand::Status::Failed;
}

QVariant nullInt()
{
    return QVariant(QMetaType(QMetaType::LongLong));
}

std::optional<QDateTime> optTime(const SqlQuery& q, int column)
{
    if (const auto v = q.optionalInt(column))
        return QDateTime::fromMSecsSinceEpoch(*v, Qt::UTC);
    return std::nullopt;
}

const QString kColumns = QStringLiteral("id, meter_id, command, reason, status, attempts, requested_at, due_at, sent_at, "
                                        "confirmed_at, failed_at, next_attempt_at, last_error");

} // namespace

QString relayStatusKey(RelayCommand::Status s)
{
    for (const auto& [status, key] : kStatuses) {
        if (status == s)
            return QString::fromLatin1(key);
    }
    Q_UNREACHABLE();
}

RelayCommandLog::RelayCommandLog(storage::Database& db)
    : m_db(db)
{
}

QList<RelayCommand> RelayCommandLog::select(const QString& where, const QVariantList& values)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM relay_commands WHERE %2 ORDER BY id").arg(kColumns, where));
    for (const QVariant& v : values)
        q.bind(v);
    q.exec();
    QList<RelayCommand> out;
    while (q.next()) {
        RelayCommand c;
        c.id = q.intValue(0);
        c.meter = MeterId{q.intValue(1)};
        c.command = parseSwitchState(q.stringValue(2)).value_or(SwitchState::Off);
        c.reason = q.stringValue(3);
        c.status = parseStatus(q.stringValue(4));
        c.attempts = int(q.intValue(5));
        c.requestedAt = QDateTime::fromMSecsSinceEpoch(q.intValue(6), Qt::UTC);
        c.dueAt = QDateTime::fromMSecsSinceEpoch(q.intValue(7), Qt::UTC);
        c.sentAt = optTime(q, 8);
        c.confirmedAt = optTime(q, 9);
        c.failedAt = optTime(q, 10);
        c.nextAttemptAt = optTime(q, 11);
        c.lastError = q.stringValue(12);
        out.append(c);
    }
    return out;
}

std::optional<RelayCommand> RelayCommandLog::byId(qint64 id)
{
    const QList<RelayCommand> found = select(QStringLiteral("id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<RelayCommand>(found.first());
}

std::optional<RelayCommand> RelayCommandLog::openFor(MeterId meter)
{
    const QList<RelayCommand> found =
        select(QStringLiteral("meter_id = ? AND status IN ('requested', 'sent')"), {meter.v});
    return found.isEmpty() ? std::nullopt : std::optional<RelayCommand>(found.last());
}

QList<RelayCommand> RelayCommandLog::due(const QDateTime& now)
{
    const qint64 ms = now.toMSecsSinceEpoch();
    return select(QStringLiteral("(status = 'requested' AND due_at <= ?) OR (status = 'sent' AND next_attempt_at <= ?)"),
                  {ms, ms});
}

qint64 RelayCommandLog::request(MeterId meter, SwitchState command, const QString& reason, const QDateTime& dueAt,
                                const QDateTime& now)
{
    if (command != SwitchState::On && command != SwitchState::Off)
        throw InputError(QStringLiteral("relay command"), 0, tr("A relay command is either on or off"));
    if (const auto open = openFor(meter)) {
        if (open->command == command)
            return open->id;
        setStatus(open->id, RelayCommand::Status::Superseded);
    }
    SqlQuery q(m_db, QStringLiteral("INSERT INTO relay_commands (meter_id, command, reason, status, attempts, requested_at, "
                                    "due_at, sent_at, confirmed_at, failed_at, next_attempt_at, last_error) "
                                    "VALUES (?, ?, ?, 'requested', 0, ?, ?, NULL, NULL, NULL, NULL, '')"));
    q.bind(meter.v)
        .bind(switchStateKey(command))
        .bind(reason.isNull() ? QStringLiteral("") : reason) // a null QString binds as NULL
        .bind(now.toMSecsSinceEpoch())
        .bind((dueAt.isValid() ? dueAt : now).toMSecsSinceEpoch())
        .exec();
    return q.lastInsertId();
}

std::optional<qint64> RelayCommandLog::supersedeOpen(MeterId meter)
{
    const auto open = openFor(meter);
    if (!open)
        return std::nullopt;
    setStatus(open->id, RelayCommand::Status::Superseded);
    return open->id;
}

void RelayCommandLog::setStatus(qint64 id, RelayCommand::Status s)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE relay_commands SET status = ? WHERE id = ?"));
    q.bind(relayStatusKey(s)).bind(id).exec();
}

void RelayCommandLog::markSent(qint64 id, const QDateTime& now)
{
    // Until a read-back says otherwise, the next attempt is due after this attempt's backoff.
    const auto c = byId(id);
    if (!c)
        throw InputError(QStringLiteral("relay command"), 0, tr("There is no relay command %1").arg(id));
    const int attempts = c->attempts + 1;
    const auto delay = ControlPolicy::retryDelayMs(attempts);
    SqlQuery q(m_db, QStringLiteral("UPDATE relay_commands SET status = 'sent', attempts = ?, sent_at = ?, "
                                    "next_attempt_at = ? WHERE id = ?"));
    q.bind(qint64(attempts))
        .bind(now.toMSecsSinceEpoch())
        .bind(delay ? QVariant(now.toMSecsSinceEpoch() + *delay) : nullInt())
        .bind(id)
        .exec();
}

void RelayCommandLog::confirm(qint64 id, const QDateTime& now)
{
    SqlQuery q(m_db, QStringLiteral("UPDATE relay_commands SET status = 'confirmed', confirmed_at = ?, next_attempt_at = NULL "
                                    "WHERE id = ?"));
    q.bind(now.toMSecsSinceEpoch()).bind(id).exec();
}

RelayCommand::Status RelayCommandLog::unconfirmed(qint64 id, const QString& problem, const QDateTime& now)
{
    const QString error = problem.isNull() ? QStringLiteral("") : problem;
    const auto c = byId(id);
    if (!c)
        throw InputError(QStringLiteral("relay command"), 0, tr("There is no relay command %1").arg(id));
    const auto delay = ControlPolicy::retryDelayMs(c->attempts);
    if (delay) {
        SqlQuery q(m_db, QStringLiteral("UPDATE relay_commands SET next_attempt_at = ?, last_error = ? WHERE id = ?"));
        q.bind(now.toMSecsSinceEpoch() + *delay).bind(error).bind(id).exec();
        return RelayCommand::Status::Sent;
    }
    SqlQuery q(m_db, QStringLiteral("UPDATE relay_commands SET status = 'failed', failed_at = ?, next_attempt_at = NULL, "
                                    "last_error = ? WHERE id = ?"));
    q.bind(now.toMSecsSinceEpoch()).bind(error).bind(id).exec();
    return RelayCommand::Status::Failed;
}

} // namespace md

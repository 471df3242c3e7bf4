#pragma once

#include "collection/meter_reading.h"
#include "money/ids.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace md {

namespace storage {
class Database;
}

// One relay/valve command as the relay_commands table keeps it. A command is done only when
// the meter's state was read back (confirmed); an unconfirmed send is retried on
// ControlPolicy::retryDelayMs() and, after the last attempt, reported failed — never shown as
// done.
struct RelayCommand
{
    enum class Status { Requested, Sent, Confirmed, Failed, Superseded };
    qint64 id = 0;
    MeterId meter;
    SwitchState command = SwitchState::Off; // On (close) or Off (trip)
    QString reason;                         // ControlDecision::reason, "manual-trip", ...
    Status status = Status::Requested;
    int attempts = 0;
    QDateTime requestedAt;
    QDateTime dueAt;                        // a deferred trip: the protected window's end
    std::optional<QDateTime> sentAt;        // last send
    std::optional<QDateTime> confirmedAt;
    std::optional<QDateTime> failedAt;
    std::optional<QDateTime> nextAttemptAt; // when an unconfirmed send is tried again
    QString lastError;
};
QString relayStatusKey(RelayCommand::Status s); // "requested", "sent", "confirmed", "failed", "superseded"

// The relay_commands table, inside the caller's transaction when one is active.
class RelayCommandLog
{
    Q_DECLARE_TR_FUNCTIONS(md::RelayCommandLog)

public:
    explicit RelayCommandLog(storage::Database& db);

    // A new command for the meter; an open command (requested/sent) for the same meter that
    // asks for something else is superseded; one asking for the same is returned instead.
    qint64 request(MeterId meter, SwitchState command, const QString& reason, const QDateTime& dueAt,
                   const QDateTime& now);
    // The command went out (attempts + 1).
    void markSent(qint64 id, const QDateTime& now);
    // The read-back shows the commanded state.
    void confirm(qint64 id, const QDateTime& now);
    // The read-back did not show it (or no answer): retried after the backoff, or failed
    // after ControlPolicy::kMaxAttempts sends. Returns the new status.
    RelayCommand::Status unconfirmed(qint64 id, const QString& error, const QDateTime& now);

    // The meter's open command (if any) is no longer wanted: the desired state changed back
    // before it went out or was confirmed. Returns the superseded command's id.
    std::optional<qint64> supersedeOpen(MeterId meter);

    std::optional<RelayCommand> byId(qint64 id);
    std::optional<RelayCommand> openFor(MeterId meter); // requested or sent
    // Commands to send now: requested and due, or sent and past their next attempt.
    QList<RelayCommand> due(const QDateTime& now);

private:
    QList<RelayCommand> select(const QString& where, const QVariantList& values);
    void setStatus(qint64 id, RelayCommand::Status s);
    storage::Database& m_db;
};

} // namespace md

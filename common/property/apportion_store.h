#pragma once

#include "ledger/ledger_requests.h"
#include "money/utility.h"
#include "property/apportionment.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace md {

class Ledger;
namespace storage {
class Database;
}

// A group of accounts sharing a common meter (公摊组). The meter must belong to no account (a
// tenant's own meter is billed to its wallet already). By area, each open member's weight is
// the area of all the rooms it rents (account_rooms, 0.01 m²) at the time of the computation;
// by weight, its fixed share.
struct ApportionMember
{
    AccountId account;
    qint64 weight = 0; // by weight: the share (>= 0); by area: not used (0)
    QString code = {}; // the account's code, as read (groups()); not written
};

struct ApportionGroup
{
    qint64 id = 0;
    QString name;
    MeterId meter;
    QString nameplate; // the meter's, as read (groups()); not written
    ApportionMethod method = ApportionMethod::Area;
    QString tariffKey;
    QString remarks;
    bool active = true;
    QList<ApportionMember> members; // by account id

    QJsonObject toJson() const;
};

// One account's part of a computation or of a stored run.
struct ApportionShare
{
    AccountId account;
    QString code;
    QString tenant;
    qint64 weight = 0;     // what the split used (0 for a skipped account)
    Money amount;
    QString skipped;       // "closed" when left out; empty otherwise
    std::optional<TransactionId> transaction; // posted runs
};

// A computed apportionment (apportion.preview), or a stored run (apportion_runs).
struct Apportionment
{
    qint64 run = 0;                // 0 for a preview
    qint64 group = 0;
    QString groupName;
    MeterId meter;
    QString nameplate;
    Utility utility = Utility::Electricity;
    QDate from, to;                // whole office days, inclusive
    ApportionMethod method = ApportionMethod::Area;
    QString tariffKey;
    PricedConsumption priced;
    qint64 totalWeight = 0;
    QList<ApportionShare> shares;  // by account id
    QString state;                 // runs: pending, approved, rejected
    std::optional<qint64> approval;
    OperatorId requestedBy;

    QJsonObject toJson() const;
    // The explanation stored with one account's deduction (transactions.detail).
    QByteArray explanation(const ApportionShare& share) const;
};

class ApportionStore
{
    Q_DECLARE_TR_FUNCTIONS(md::ApportionStore)

public:
    explicit ApportionStore(storage::Database& db);

    // Checks and stores a new group (and its members); returns its id. Throws
    // ApportionError: Invalid (empty or used name, a meter that is removed or belongs to an
    // account, a tariff not in the database or of another utility, an unknown account, a
    // negative weight, an account twice), NotFound (no such meter).
    qint64 createGroup(const ApportionGroup& g, qint64 nowMs);
    // Replaces name, method, tariff, remarks, active and members of group g.id (the meter stays).
    void updateGroup(const ApportionGroup& g, qint64 nowMs);
    std::optional<ApportionGroup> group(qint64 id);
    QList<ApportionGroup> groups(); // by name

    // The apportionment of a group over whole days [from, to] as it would be requested now;
    // nothing is written. Throws ApportionError (NotFound: no such group; Invalid: inactive
    // group, bad period, no tariff prices).
    Apportionment compute(qint64 groupId, QDate from, QDate to);

    // Stores a computation as a pending run (in the caller's transaction) and returns its id.
    // Throws AlreadyApportioned when a pending or approved run of the group overlaps the
    // period, NothingToApportion when the total is zero.
    qint64 insertRun(const Apportionment& a, OperatorId by, qint64 nowMs);
    void attachApproval(qint64 run, qint64 approval);
    std::optional<Apportionment> run(qint64 id);

    // Posts a pending run: one deduction per share above zero (ledger key `<keyPrefix>:<account>`,
    // so a replay finds them), and marks the run approved. Must run inside the caller's
    // transaction (the ledger joins it): all the deductions and the run's state land together.
    // A closed account makes the ledger refuse (LedgerRuleError) and nothing is kept.
    QList<TransactionResult> post(Ledger& ledger, qint64 run, const QString& keyPrefix, qint64 nowMs);
    // Marks a pending run rejected: its period may be apportioned again.
    void reject(qint64 run, qint64 nowMs);

private:
    void checkGroup(const ApportionGroup& g, bool creating);
    void writeMembers(const ApportionGroup& g);

    storage::Database& m_db;
};

} // namespace md

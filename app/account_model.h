#pragma once

#include "money/money.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace md::app {

// The state colours of the main grid and its legend. An account's state is its wallets'
// states as account.get gives them (`states`, by meter.list's rule: thresholds, 保电 and the
// collection service's evaluation included), the most pressing one; without them (an older
// service) Normal, Arrears (a negative wallet) or NotOpened (closed).
enum class AccountState { Normal, Alarm1, Alarm2, Arrears, NotOpened, Lost, ForcedOn, Count };
QColor stateColor(AccountState state);
QString stateName(AccountState state);

// Accounts the front desk has seen (looked up, opened, recharged, or pushed by the service),
// one row each, kept current by event.account.changed. The API has no account listing yet,
// so the grid fills as the desk works.
class AccountModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Code, Tenant, Phone, Status, Electricity, Water, Heat, Count };
    // SortRole: balances as fen (numbers sort as numbers), the text elsewhere.
    enum Role { StateRole = Qt::UserRole, AccountIdRole, SortRole };

    explicit AccountModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // account.get's result: inserts or updates the row.
    void upsert(const QJsonObject& account);
    // event.account.changed: updates one wallet of a known account (unknown ones are skipped:
    // the event carries no tenant; the desk looks them up when it needs them). The event has
    // no state: true when the account is on the grid and its account.get is to be asked again.
    bool applyBalanceEvent(const QJsonObject& params);
    // Many rows at once (a refresh): one reset instead of a row signal per account.
    void replaceAll(const QList<QJsonObject>& accounts);

    int rowOfCode(const QString& code) const;
    QString codeAt(int row) const { return m_rows.at(row).code; }

private:
    struct Row
    {
        qint64 id = 0;
        QString code;
        QString tenant;
        QString phone;
        bool open = true;
        Money electricity;
        Money water;
        Money heat;
        std::optional<AccountState> state; // from the wallets' states, when the service gave them
    };
    static Row rowFrom(const QJsonObject& account);
    AccountState stateOf(const Row& row) const;

    QList<Row> m_rows;
};

} // namespace md::app

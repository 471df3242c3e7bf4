#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace md::app {

// One account's ledger as account.transactions gives it (newest first), a page at a time:
// append() adds an older page below. The explanation of a row (a deduction's readings, tier
// or segment lines and prices: the transaction's `detail`) is explanationAt().
class LedgerModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Id, At, Kind, Utility, Amount, BalanceBefore, BalanceAfter, Receipt, Memo, Count };
    enum Role { TransactionIdRole = Qt::UserRole };

    explicit LedgerModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void clear();
    void append(const QJsonArray& transactions);
    // The smallest transaction id shown (account.transactions' `before` for the next page), 0 when empty.
    qint64 oldestId() const;
    QJsonObject rowAt(int row) const { return m_rows.at(row); }
    // A person-readable explanation of a transaction: its fields and its detail, line by line.
    static QString explain(const QJsonObject& transaction);
    static QString kindName(const QString& kind);
    static QString utilityName(const QString& utility);

private:
    QList<QJsonObject> m_rows;
};

} // namespace md::app

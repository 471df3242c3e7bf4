#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QList>

namespace md::app {

struct AuditRow
{
    qint64 seq = 0;
    QDateTime at; // UTC
    qint64 operatorId = 0;
    QString operatorName; // the service's, empty for its own records
    QString client;
    QString action;
    QString subject;
    QString detail; // compact JSON
    QString detailText; // "key: value, ..." for the table
    QString result;
};

// audit.query's records in seq order, one row each; "load more" appends the next page.
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Seq, Time, Operator, Client, Action, Subject, Detail, Result, Count };
    enum DataRole { ActionKeyRole = Qt::UserRole, OperatorIdRole, SeqRole };

    explicit AuditModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void clear();
    void append(const QJsonArray& records);
    // Operator id → login name, when the role may list operators; otherwise "#id" is shown.
    void setOperatorNames(const QHash<qint64, QString>& names);
    // id → name of the operators in the rows so far.
    QHash<qint64, QString> namesSeen() const;
    qint64 lastSeq() const { return m_rows.isEmpty() ? 0 : m_rows.last().seq; }
    const AuditRow& rowAt(int row) const { return m_rows.at(row); }

    // The actions the service logs, for the filter; and their names as people read them.
    static QStringList knownActions();
    static QString actionName(const QString& key);

private:
    QString operatorText(const AuditRow& r) const;

    QList<AuditRow> m_rows;
    QHash<qint64, QString> m_names;
};

} // namespace md::app

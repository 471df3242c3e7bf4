#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QWidget>

class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QTableView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

// One meter's raw readings (meter.readings), one row each, oldest first.
class ReadingModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { At, Total, Sharp, Peak, Flat, Valley, Status, Reason, Count };

    explicit ReadingModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void replaceAll(const QList<QJsonObject>& readings, const QString& unit);
    const QJsonObject& rowAt(int row) const { return m_rows.at(row); }
    const QString& unit() const { return m_unit; }
    // A reading's flags as a person reads them ("billed", "refused: …").
    static QString statusText(const QJsonObject& reading);

private:
    QList<QJsonObject> m_rows;
    QString m_unit;
};

// 抄表记录: the raw readings of one of the account's meters over a span of days, as a table
// and as a chart of the total register (refused readings are listed, not drawn). All pages of
// meter.readings are fetched (a month of 15-minute readings is two).
class ReadingHistoryView : public QWidget
{
    Q_OBJECT

public:
    explicit ReadingHistoryView(api::ServiceClient& client, QWidget* parent = nullptr);

    // The meters to choose from: id → label ("E-0001 (电)"); keeps the chosen one if still there.
    void setMeters(const QList<std::pair<qint64, QString>>& meters);
    void setMeter(qint64 meter);
    qint64 meter() const;
    void setDays(const QDate& from, const QDate& to);
    void reload();

    ReadingModel& model() { return *m_model; }
    QTableView* view() const { return m_view; }
    QChartView* chart() const { return m_chart; }
    QLabel* note() const { return m_note; }

signals:
    void loaded(int readings);

private:
    void fetch(const QString& after, int generation);
    void showAll();

    api::ServiceClient& m_client;
    QComboBox* m_meter;
    QDateEdit* m_from;
    QDateEdit* m_to;
    ReadingModel* m_model;
    QTableView* m_view;
    QChartView* m_chart;
    QLabel* m_note;
    QList<QJsonObject> m_pending; // pages so far
    QString m_unit;
    int m_generation = 0;
};

} // namespace md::app

#pragma once

#include "money/money.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace md::report {

// What a column holds. Money is whole fen, a quantity thousandths of its unit (Wh, litres):
// both are kept as exact integers and formatted only when rendered.
enum class ColumnType { Text, Integer, Money, Quantity, Date };
QString columnTypeKey(ColumnType t); // "text", "integer", "money", "quantity", "date"

struct Column
{
    QString key;    // stable, for programs and golden files: "cash", "opening"
    QString header; // translated, for people
    ColumnType type = ColumnType::Text;
    bool summed = false; // added up in the totals row
};

// One value of a row. Empty (no value) renders as null in JSON and an empty CSV field.
struct Cell
{
    std::variant<std::monostate, QString, qint64, QDate> value;

    Cell() = default;
    static Cell text(const QString& s) { return Cell(s); }
    static Cell integer(qint64 v) { return Cell(v); }
    static Cell money(Money m) { return Cell(m.fen()); }
    static Cell quantityMilli(qint64 milli) { return Cell(milli); }
    static Cell date(const QDate& d) { return Cell(d); }

    bool isEmpty() const { return std::holds_alternative<std::monostate>(value); }
    qint64 number() const { return std::holds_alternative<qint64>(value) ? std::get<qint64>(value) : 0; }

    bool operator==(const Cell&) const = default;

private:
    template <typename T>
    explicit Cell(T v)
        : value(std::move(v))
    {
    }
};

using Row = QList<Cell>;

// A report computed once: typed columns, rows, a totals row, and a few summary values (the
// receipt range of a shift, a reconciliation's verdict). Rendered to JSON for the API and to
// CSV for export and golden tests (report_render.h); it never sees a widget.
class ReportTable
{
    Q_DECLARE_TR_FUNCTIONS(md::report::ReportTable)

public:
    ReportTable() = default;
    ReportTable(QString key, QString title);

    const QString& key() const { return m_key; }
    const QString& title() const { return m_title; }

    void addColumn(const QString& key, const QString& header, ColumnType type, bool summed = false);
    const QList<Column>& columns() const { return m_columns; }
    // The column's index; throws md::Error for a key the table does not have (a programming
    // error, caught by the first test that renders the report).
    int columnIndex(const QString& key) const;

    // A new empty row; fill it with set().
    int appendRow();
    void set(int row, const QString& key, const Cell& value);
    void set(int row, int column, const Cell& value); // a column from columnIndex(), for long tables
    const QList<Row>& rows() const { return m_rows; }
    const Cell& cell(int row, const QString& key) const;
    Money money(int row, const QString& key) const { return Money::fromFen(cell(row, key).number()); }

    // Totals of the summed columns, `label` in the first text column. Call after the last row.
    void computeTotals(const QString& label);
    const std::optional<Row>& totals() const { return m_totals; }
    Money totalMoney(const QString& key) const;

    // Named values about the whole report, typed like columns, in the order added.
    void addSummary(const QString& key, const QString& header, ColumnType type, const Cell& value);
    const QList<Column>& summaryColumns() const { return m_summaryColumns; }
    const Row& summary() const { return m_summary; }
    const Cell& summaryValue(const QString& key) const;

private:
    void check(const Column& c, const Cell& v) const;

    QString m_key;
    QString m_title;
    QList<Column> m_columns;
    QList<Row> m_rows;
    std::optional<Row> m_totals;
    QList<Column> m_summaryColumns;
    Row m_summary;
};

} // namespace md::report

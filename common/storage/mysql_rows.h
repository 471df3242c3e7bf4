#pragma once

// Only in builds with MD_MYSQL_DIRECT_READ (common/storage/CMakeLists.txt); used by
// bulk::selectRows().

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

namespace md::storage {

class Database;

// The rows of a SELECT on MySQL, run as a prepared statement of the client library on the
// connection Qt opened (QSqlDriver::handle(): the same session and transaction), and read from
// the statement's own result buffers. Qt's driver turns every value into a QVariant, and a
// DECIMAL (what MariaDB's SUM of BIGINT columns is) through QString::toDouble first even when
// it then hands back the text: 60 % of a consumption report's instructions at 5,000 meters.
// Here whole numbers (integer columns, DECIMALs without a fraction) arrive as 64-bit integers,
// converted by the client library, and a value that does not fit is an error, never a clipped
// number. Other columns arrive as text.
class MysqlRows
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::MysqlRows)

public:
    // Prepares and runs `sql` with `values` (whole numbers, text, nulls); nullptr when `db` is
    // not MySQL or a value is of another type: then run it through SqlQuery. Throws
    // StorageError when the server refuses the statement.
    static std::unique_ptr<MysqlRows> run(Database& db, const QString& sql, const QList<QVariant>& values);
    ~MysqlRows();

    MysqlRows(const MysqlRows&) = delete;
    MysqlRows& operator=(const MysqlRows&) = delete;

    // The next row; false after the last. Throws StorageError when the fetch fails or a whole
    // number does not fit in 64 bits.
    bool next();

    std::optional<qint64> optionalInt(int column) const; // NULL → nullopt; text parsed exactly
    QString stringValue(int column) const;               // NULL → empty

private:
    struct State;
    explicit MysqlRows(std::unique_ptr<State> state);
    std::unique_ptr<State> d;
};

} // namespace md::storage

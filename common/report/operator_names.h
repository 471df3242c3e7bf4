#pragma once

#include <QMap>
#include <QString>

namespace md::storage {
class Database;
}

namespace md::report {

// Operator id -> login name, for the cashier columns of reports (the operators table is small).
QMap<qint64, QString> operatorNames(storage::Database& db);

} // namespace md::report

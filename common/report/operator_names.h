#pragma once

#include <QMap>
#include <QString>

namespace md::storage {
class Database;
}

namespace md::report {

// Operator id -> login name, for the cashier columns of reports (the operators table is small).
QMap<qint64, QString> operatorNames(storage::Database& db);

// An operator as a person reads it: the login name and the display name (e.g. wang, 王芳).
struct OperatorLabel
{
    QString name;
    QString displayName;
};

// Operator id -> login and display name, for lists that name who did what (approval.list).
QMap<qint64, OperatorLabel> operatorLabels(storage::Database& db);

} // namespace md::report

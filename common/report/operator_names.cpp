#include "report/operator_names.h"

#include "storage/sql_query.h"

namespace md::report {

QMap<qint64, QString> operatorNames(storage::Database& db)
{
    storage::SqlQuery q(db, QStringLiteral("SELECT id, name FROM operators"));
    q.exec();
    QMap<qint64, QString> names;
    while (q.next())
        names.insert(q.intValue(0), q.stringValue(1));
    return names;
}

QMap<qint64, OperatorLabel> operatorLabels(storage::Database& db)
{
    storage::SqlQuery q(db, QStringLiteral("SELECT id, name, display_name FROM operators"));
    q.exec();
    QMap<qint64, OperatorLabel> labels;
    while (q.next())
        labels.insert(q.intValue(0), OperatorLabel{q.stringValue(1), q.stringValue(2)});
    return labels;
}

} // namespace md::report

#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace md::cli {

QString verifyRollupsSummary();
int runVerifyRollups(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace md::cli

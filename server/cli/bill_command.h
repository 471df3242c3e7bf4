#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace md::cli {

QString billSummary();
int runBill(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace md::cli

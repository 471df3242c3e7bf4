#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace md::cli {

QString callSummary();
int runCall(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace md::cli

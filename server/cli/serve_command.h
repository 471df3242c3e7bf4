#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace md::cli {

QString serveSummary();
int runServe(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace md::cli

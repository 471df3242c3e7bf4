#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace md::cli {

QString seedDemoSummary();
int runSeedDemo(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace md::cli

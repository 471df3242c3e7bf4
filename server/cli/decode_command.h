#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace md::cli {

QString decodeSummary();
int runDecode(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace md::cli

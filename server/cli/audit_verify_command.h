#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace md::cli {

QString auditVerifySummary();
int runAuditVerify(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace md::cli

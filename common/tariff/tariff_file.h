#pragma once

#include "tariff/tariff.h"

#include <QByteArray>
#include <QString>

namespace md {

// Reads a tariff definition file (format: docs/tariffs.md). Everything is checked before a
// Tariff is returned; the first problem throws InputError(source, line, problem).
Tariff parseTariff(const QByteArray& data, const QString& source);

// parseTariff() on a file's content; a file that cannot be read is an InputError too.
Tariff loadTariffFile(const QString& path);

} // namespace md

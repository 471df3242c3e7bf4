#pragma once

#include "tariff/ini_document.h"
#include "tariff/tariff.h"

namespace md {

// Turns one [version] section into a checked TariffVersion (prices, ladder, periods, fees).
// Throws InputError(source, line, problem) at the first problem.
TariffVersion readTariffVersion(const IniSection& section, const QString& source, Unit unit);

// The line of the section's `effective` key (the header's line when it has none).
int effectiveLine(const IniSection& section);

} // namespace md

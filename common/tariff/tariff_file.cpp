#include "tariff/tariff_file.h"

#include "tariff/ini_document.h"
#include "tariff/tariff_version_reader.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>

namespace md {

namespace {
// The translation context of this file's messages (lupdate files Tr::tr calls under it).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::TariffFile)
};

void readTariffSection(const IniSection& section, const QString& source, Tariff& t)
{
    QSet<QString> seen;
    const IniEntry* unitEntry = nullptr;
    bool haveUtility = false;
    for (const IniEntry& e : section.entries) {
        if (seen.contains(e.key))
            throw InputError(source, e.line, Tr::tr("Duplicate key \"%1\"").arg(e.key));
        seen.insert(e.key);
        if (e.key == u"id") {
            static const QString allowed = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
            if (e.value.isEmpty() || !std::all_of(e.value.begin(), e.value.end(), [](QChar c) { return allowed.contains(c); }))
                throw InputError(source, e.line,
                                 Tr::tr("The id must be letters, digits, \"-\", \"_\" or \".\" (got \"%1\")").arg(e.value));
            t.id = e.value;
        } else if (e.key == u"name") {
            t.name = e.value;
        } else if (e.key == u"utility") {
            const auto u = parseUtility(e.value);
            if (!u)
                throw InputError(source, e.line,
                                 Tr::tr("Unknown utility \"%1\" (expected electricity, water or heat)").arg(e.value));
            t.utility = *u;
            haveUtility = true;
        } else if (e.key == u"unit") {
            unitEntry = &e;
        } else if (e.key == u"timezone") {
            const QTimeZone zone(e.value.toUtf8());
            if (!zone.isValid())
                throw InputError(source, e.line, Tr::tr("Unknown time zone \"%1\"").arg(e.value));
            t.timeZone = zone;
        } else {
            throw InputError(source, e.line, Tr::tr("Unknown key \"%1\" in [tariff]").arg(e.key));
        }
    }
    if (t.id.isEmpty())
        throw InputError(source, section.line, Tr::tr("[tariff] needs an id"));
    if (!haveUtility)
        throw InputError(source, section.line, Tr::tr("[tariff] needs a utility (electricity, water or heat)"));
    if (t.name.isEmpty())
        t.name = t.id;
    if (!t.timeZone.isValid())
        t.timeZone = QTimeZone::systemTimeZone(); // the office's own clock
    t.unit = defaultUnit(t.utility);
    if (unitEntry) {
        const auto unit = parseUnit(unitEntry->value);
        if (!unit)
            throw InputError(source, unitEntry->line, Tr::tr("Unknown unit \"%1\" (expected kWh, m3 or GJ)").arg(unitEntry->value));
        const bool fits = t.utility == Utility::Electricity ? *unit == Unit::KilowattHour
                        : t.utility == Utility::Water       ? *unit == Unit::CubicMetre
                                                            : *unit != Unit::CubicMetre;
        if (!fits)
            throw InputError(source, unitEntry->line,
                             Tr::tr("The unit %1 does not measure %2").arg(unitEntry->value, utilityKey(t.utility)));
        t.unit = *unit;
    }
}
} // namespace

Tariff parseTariff(const QByteArray& data, const QString& source)
{
    const QList<IniSection> sections = parseIni(data, source);
    for (const IniSection& s : sections) { // a misspelt header is the likelier mistake: name it first
        if (s.name != u"tariff" && s.name != u"version")
            throw InputError(source, s.line, Tr::tr("Unknown section [%1] (expected [tariff] or [version])").arg(s.name));
    }
    Tariff tariff;
    bool haveTariff = false;
    int lastVersionLine = 0;
    for (const IniSection& s : sections) {
        if (s.name == u"tariff") {
            if (haveTariff)
                throw InputError(source, s.line, Tr::tr("Only one [tariff] section is allowed"));
            readTariffSection(s, source, tariff);
            haveTariff = true;
        } else { // [version]
            if (!haveTariff)
                throw InputError(source, s.line, Tr::tr("[tariff] must come before the first [version]"));
            TariffVersion v = readTariffVersion(s, source, tariff.unit);
            if (!tariff.versions.isEmpty() && v.effective <= tariff.versions.back().effective)
                throw InputError(source, effectiveLine(s),
                                 Tr::tr("Versions must be in increasing order of their effective date "
                                    "(%1 is not after %2 on line %3)")
                                     .arg(v.effective.toString(Qt::ISODate),
                                          tariff.versions.back().effective.toString(Qt::ISODate))
                                     .arg(lastVersionLine));
            lastVersionLine = effectiveLine(s);
            tariff.versions.append(std::move(v));
        }
    }
    if (!haveTariff)
        throw InputError(source, 0, Tr::tr("The file has no [tariff] section"));
    if (tariff.versions.isEmpty())
        throw InputError(source, 0, Tr::tr("The file has no [version] section"));
    return tariff;
}

Tariff loadTariffFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path, 0, Tr::tr("Cannot read the file: %1").arg(file.errorString()));
    return parseTariff(file.readAll(), path);
}

} // namespace md

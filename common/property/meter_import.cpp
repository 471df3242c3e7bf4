#include "property/meter_import.h"

#include "property/property_store.h"
#include "protocol/cjt188.h"
#include "protocol/dlt645_frame.h"
#include "protocol/register_map.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace md {

using storage::SqlQuery;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::MeterImport)
};

const QStringList kRequired{QStringLiteral("nameplate"), QStringLiteral("bus"), QStringLiteral("protocol"),
                            QStringLiteral("address")};

std::optional<QDateTime> parseUtcTime(const QString& text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        t = QDateTime(d, QTime(0, 0), Qt::UTC);
    }
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC); // a time without an offset is UTC, as everywhere in the API
    return t.toUTC();
}

} // namespace

QString normalizedBusAddress(const QString& protocol, const QString& address)
{
    if (protocol == u"modbus") {
        bool ok = false;
        const uint unit = address.trimmed().toUInt(&ok);
        if (ok)
            return QString::number(unit);
    }
    return address.trimmed();
}

QList<ImportProblem> meterRecordProblems(const MeterRecord& m, int line)
{
    QList<ImportProblem> out;
    const auto add = [&](const char* column, const QString& value, const QString& message) {
        out.append({line, QLatin1String(column), value, message});
    };
    if (m.nameplate.trimmed().isEmpty() || m.nameplate.size() > 64 || m.nameplate != m.nameplate.trimmed())
        add("nameplate", m.nameplate, Tr::tr("a nameplate number has 1 to 64 characters without surrounding spaces"));
    if (m.bus.trimmed().isEmpty() || m.bus.size() > 64)
        add("bus", m.bus, Tr::tr("a bus name (as in the service configuration) of 1 to 64 characters is required"));
    if (m.protocol == u"modbus") {
        bool ok = false;
        const uint unit = m.address.trimmed().toUInt(&ok);
        if (!ok || unit < 1 || unit > 247)
            add("address", m.address, Tr::tr("a Modbus address is a unit id from 1 to 247"));
        if (!protocol::findRegisterMap(m.map))
            add("map", m.map, Tr::tr("unknown Modbus register map (see docs/meters.md)"));
    } else if (m.protocol == u"dlt645") {
        if (protocol::dlt645::addressFromDigits(m.address.trimmed()).isEmpty())
            add("address", m.address, Tr::tr("a DL/T 645 address is the 12 digits on the nameplate"));
    } else if (m.protocol == u"cjt188") {
        if (protocol::cjt188::addressFromDigits(m.address.trimmed()).isEmpty())
            add("address", m.address, Tr::tr("a CJ/T 188 address is the 14 digits on the nameplate"));
    } else {
        add("protocol", m.protocol, Tr::tr("the protocol is modbus, dlt645 or cjt188"));
    }
    if (m.map.size() > 64)
        add("map", m.map, Tr::tr("a register map name has at most 64 characters"));
    if (m.maxRate < 0)
        add("max_rate", QString::number(m.maxRate), Tr::tr("the maximum rate cannot be negative"));
    return out;
}

CsvParse parseCsv(const QString& input)
{
    CsvParse out;
    QString text = input;
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    int line = 1;
    int rowLine = 1;
    QStringList fields;
    QString field;
    bool quoted = false;      // inside quotes
    bool wasQuoted = false;   // the current field was quoted
    bool rowHasContent = false;
    int quoteLine = 0;
    const auto endField = [&] {
        fields.append(wasQuoted ? field : field.trimmed());
        field.clear();
        wasQuoted = false;
    };
    const auto endRow = [&] {
        endField();
        if (rowHasContent)
            out.rows.append({rowLine, fields});
        fields.clear();
        rowHasContent = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field.append(c);
            }
            continue;
        }
        if (c == u'"' && field.trimmed().isEmpty()) {
            quoted = true;
            wasQuoted = true;
            rowHasContent = true;
            quoteLine = line;
            field.clear();
        } else if (c == u',') {
            rowHasContent = true;
            endField();
        } else if (c == u'\r') {
            // CRLF: the \n ends the row
        } else if (c == u'\n') {
            endRow();
            ++line;
            rowLine = line;
        } else {
            if (!c.isSpace())
                rowHasContent = true;
            field.append(c);
        }
    }
    if (quoted)
        out.problems.append({quoteLine, QString(), QString(), Tr::tr("a quoted field is not closed")});
    else
        endRow();
    return out;
}

const QStringList& MeterImport::columns()
{
    static const QStringList k{QStringLiteral("nameplate"), QStringLiteral("bus"),      QStringLiteral("protocol"),
                               QStringLiteral("map"),       QStringLiteral("address"),  QStringLiteral("utility"),
                               QStringLiteral("room"),      QStringLiteral("max_rate"), QStringLiteral("options"),
                               QStringLiteral("installed_at")};
    return k;
}

MeterImport::Checked MeterImport::check(storage::Database& db, const QString& csv, const QDateTime& nowUtc)
{
    Checked out;
    const CsvParse parsed = parseCsv(csv);
    out.problems = parsed.problems;
    if (parsed.rows.isEmpty()) {
        if (out.problems.isEmpty())
            out.problems.append({1, QString(), QString(), tr("the text is empty: a header row and one row per meter are expected")});
        return out;
    }
    // The header.
    const CsvRow& header = parsed.rows.first();
    QHash<QString, int> col;
    for (int i = 0; i < header.fields.size(); ++i) {
        const QString name = header.fields.at(i).trimmed().toLower();
        if (!columns().contains(name))
            out.problems.append({header.line, name, header.fields.at(i),
                                 tr("unknown column (the columns are %1)").arg(columns().join(QStringLiteral(", ")))});
        else if (col.contains(name))
            out.problems.append({header.line, name, header.fields.at(i), tr("the column appears twice")});
        else
            col.insert(name, i);
    }
    for (const QString& r : kRequired) {
        if (!col.contains(r))
            out.problems.append({header.line, r, QString(), tr("the required column is missing")});
    }
    if (!out.problems.isEmpty())
        return out;
    if (parsed.rows.size() == 1) {
        out.problems.append({header.line, QString(), QString(), tr("there are no meters after the header row")});
        return out;
    }

    // What the database already holds.
    QSet<QString> nameplatesInUse;
    QHash<QString, QString> addressesInUse; // bus \x1f address -> nameplate
    {
        SqlQuery q(db, QStringLiteral("SELECT nameplate, bus, protocol, address, removed_at FROM meters"));
        q.exec();
        while (q.next()) {
            nameplatesInUse.insert(q.stringValue(0));
            if (!q.optionalInt(4))
                addressesInUse.insert(q.stringValue(1) + QChar(0x1f) + normalizedBusAddress(q.stringValue(2), q.stringValue(3)),
                                      q.stringValue(0));
        }
    }
    PropertyStore property(db);
    QHash<QString, int> nameplatesInFile; // -> line
    QHash<QString, int> addressesInFile;

    for (qsizetype r = 1; r < parsed.rows.size(); ++r) {
        const CsvRow& row = parsed.rows.at(r);
        const int line = row.line;
        const auto cell = [&](const char* name) {
            const int i = col.value(QLatin1String(name), -1);
            return i >= 0 && i < row.fields.size() ? row.fields.at(i) : QString();
        };
        const auto problem = [&](const char* column, const QString& value, const QString& message) {
            out.problems.append({line, QLatin1String(column), value, message});
        };
        if (row.fields.size() != header.fields.size()) {
            problem("", QString(), tr("%1 fields where the header has %2").arg(row.fields.size()).arg(header.fields.size()));
            continue;
        }
        Row item;
        item.line = line;
        MeterRecord& m = item.meter;
        m.nameplate = cell("nameplate");
        m.bus = cell("bus");
        m.protocol = cell("protocol").toLower();
        m.map = cell("map");
        m.address = cell("address");
        const QString utility = cell("utility");
        if (!utility.isEmpty()) {
            if (const auto u = parseUtility(utility.toLower()))
                m.utility = *u;
            else
                problem("utility", utility, tr("the utility is electricity, water or heat"));
        }
        const QString rate = cell("max_rate");
        if (!rate.isEmpty()) {
            bool ok = false;
            m.maxRate = rate.toLongLong(&ok);
            if (!ok || m.maxRate < 0) {
                problem("max_rate", rate, tr("the maximum rate is a whole number of W (electricity) or L/h (water), 0 for none"));
                m.maxRate = 0;
            }
        }
        const QString options = cell("options");
        if (!options.isEmpty()) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(options.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                problem("options", options, tr("the options are a JSON object, e.g. {\"\"password\"\":\"\"000000\"\"} in CSV quoting"));
            else
                m.options = doc.object();
        }
        m.installed = nowUtc;
        const QString installed = cell("installed_at");
        if (!installed.isEmpty()) {
            if (const auto t = parseUtcTime(installed))
                m.installed = *t;
            else
                problem("installed_at", installed, tr("the installation time is an ISO date or time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z"));
        }
        const QString room = cell("room");
        if (!room.isEmpty()) {
            try {
                const RoomPlace place = property.findRoom(room);
                m.room = RoomId{place.room.id};
                item.roomPath = place.path();
            } catch (const PropertyError& e) {
                problem("room", room, e.message());
            }
        }
        for (ImportProblem p : meterRecordProblems(m, line))
            out.problems.append(p);
        if (!m.nameplate.isEmpty()) {
            if (nameplatesInUse.contains(m.nameplate))
                problem("nameplate", m.nameplate, tr("a meter with this nameplate is already in the registry"));
            else if (nameplatesInFile.contains(m.nameplate))
                problem("nameplate", m.nameplate, tr("the same nameplate is on line %1").arg(nameplatesInFile.value(m.nameplate)));
            else
                nameplatesInFile.insert(m.nameplate, line);
        }
        if (!m.bus.isEmpty() && !m.address.isEmpty()) {
            const QString key = m.bus + QChar(0x1f) + normalizedBusAddress(m.protocol, m.address);
            if (addressesInUse.contains(key))
                problem("address", m.address, tr("meter %1 already has this address on bus %2").arg(addressesInUse.value(key), m.bus));
            else if (addressesInFile.contains(key))
                problem("address", m.address, tr("the same bus and address are on line %1").arg(addressesInFile.value(key)));
            else
                addressesInFile.insert(key, line);
        }
        out.rows.append(item);
    }
    return out;
}

QList<MeterId> MeterImport::import(storage::Database& db, const Checked& checked)
{
    Q_ASSERT(checked.ok());
    MeterRegistry registry(db);
    QList<MeterId> ids;
    for (const Row& r : checked.rows)
        ids.append(registry.create(r.meter));
    return ids;
}

} // namespace md

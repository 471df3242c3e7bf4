#include "scenario.h"

#include "protocol/dlt645_frame.h"
#include "tariff/ini_document.h"
#include "util/decimal.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QFile>

#include <set>

namespace md::sim {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::sim::Scenario", text);
}

// Reads the entries of one section, complaining with the file and line of the entry.
class SectionReader
{
public:
    SectionReader(const IniSection& s, const QString& source)
        : m_section(s)
        , m_source(source)
    {
    }
    [[noreturn]] void fail(const IniEntry& e, const QString& problem) const
    {
        throw InputError(m_source, e.line, problem);
    }
    [[noreturn]] void failSection(const QString& problem) const
    {
        throw InputError(m_source, m_section.line, problem);
    }
    qint64 integer(const IniEntry& e, qint64 min, qint64 max) const
    {
        const std::optional<qint64> v = parseScaled(e.value, 0);
        if (!v || *v < min || *v > max)
            fail(e, tr("%1 must be a whole number from %2 to %3").arg(e.key).arg(min).arg(max));
        return *v;
    }
    qint64 scaled(const IniEntry& e, int decimals, qint64 min) const
    {
        const std::optional<qint64> v = parseScaled(e.value, decimals);
        if (!v || *v < min)
            fail(e, tr("%1 must be a number with at most %2 decimals, not \"%3\"")
                        .arg(e.key)
                        .arg(decimals)
                        .arg(e.value));
        return *v;
    }
    bool yesNo(const IniEntry& e) const
    {
        if (e.value == u"yes" || e.value == u"true" || e.value == u"1")
            return true;
        if (e.value == u"no" || e.value == u"false" || e.value == u"0")
            return false;
        fail(e, tr("%1 must be yes or no").arg(e.key));
    }
    // "30s", "10m", "2h", "1d", "250ms" -> milliseconds.
    qint64 duration(const IniEntry& e, QStringView text) const
    {
        static const std::pair<const char*, qint64> units[] = {
            {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", kMsPerHour}, {"d", kMsPerDay}};
        for (const auto& [suffix, factor] : units) {
            const QLatin1String s(suffix);
            if (!text.endsWith(s))
                continue;
            const QStringView number = text.chopped(s.size());
            if (number.endsWith(u'm')) // "ms" also ends with "s"
                continue;
            if (const std::optional<qint64> v = parseScaled(number, 0); v && *v >= 0)
                return *v * factor;
        }
        fail(e, tr("\"%1\" is not a duration like 250ms, 30s, 10m, 2h or 1d").arg(text));
    }
    FaultRule fault(const IniEntry& e) const
    {
        FaultRule r;
        QStringView text = e.value;
        QStringView window;
        if (const qsizetype at = text.indexOf(u'@'); at >= 0) {
            window = text.mid(at + 1).trimmed();
            text = text.left(at).trimmed();
        } else if (text.contains(u"..")) {
            window = text;
            text = {};
        }
        if (text.isEmpty() || text == u"yes")
            r.ppm = 1'000'000;
        else if (text == u"no")
            r.ppm = 0;
        else if (const std::optional<qint64> p = parseScaled(text, 6); p && *p >= 0 && *p <= 1'000'000)
            r.ppm = *p;
        else
            fail(e, tr("%1 must be a probability from 0 to 1 (6 decimals at most), yes, no, "
                       "or a window like 10m..20m")
                        .arg(e.key));
        if (!window.isEmpty()) {
            const qsizetype dots = window.indexOf(u"..");
            if (dots < 0)
                fail(e, tr("a fault window must look like 10m..20m"));
            r.fromMs = duration(e, window.left(dots).trimmed());
            r.toMs = duration(e, window.mid(dots + 2).trimmed());
            if (r.toMs <= r.fromMs)
                fail(e, tr("a fault window must end after it starts"));
        }
        return r;
    }
    const IniSection& section() const { return m_section; }

private:
    const IniSection& m_section;
    const QString& m_source;
};

Parity parseParity(const SectionReader& r, const IniEntry& e)
{
    if (e.value == u"none" || e.value == u"N")
        return Parity::None;
    if (e.value == u"even" || e.value == u"E")
        return Parity::Even;
    if (e.value == u"odd" || e.value == u"O")
        return Parity::Odd;
    r.fail(e, tr("parity must be none, even or odd"));
}

void readScenario(const SectionReader& r, Scenario& s)
{
    for (const IniEntry& e : r.section().entries) {
        if (e.key == u"seed") {
            s.seed = quint64(r.integer(e, 0, std::numeric_limits<qint64>::max()));
        } else if (e.key == u"start") {
            s.start = QDateTime::fromString(e.value, Qt::ISODate);
            if (!s.start.isValid() || s.start.timeSpec() == Qt::LocalTime)
                r.fail(e, tr("start must be an ISO date and time with Z or an offset, like "
                             "2024-03-01T00:00:00Z"));
            s.start = s.start.toUTC();
        } else if (e.key == u"speed") {
            s.speed = r.integer(e, 1, 1'000'000);
        } else if (e.key == u"utc_offset") {
            const QDateTime probe = QDateTime::fromString(
                QStringLiteral("2000-01-01T00:00:00") + e.value, Qt::ISODate);
            if (!probe.isValid() || (e.value.front() != u'+' && e.value.front() != u'-'))
                r.fail(e, tr("utc_offset must look like +08:00"));
            s.utcOffsetSeconds = probe.offsetFromUtc();
        } else {
            r.fail(e, tr("unknown key \"%1\" in [scenario]").arg(e.key));
        }
    }
}

BusConfig readBus(const SectionReader& r, const QString& name)
{
    BusConfig b;
    b.name = name;
    for (const IniEntry& e : r.section().entries) {
        if (e.key == u"device")
            b.device = e.value;
        else if (e.key == u"link")
            b.link = e.value;
        else if (e.key == u"baud")
            b.baud = int(r.integer(e, 300, 4'000'000));
        else if (e.key == u"parity")
            b.parity = parseParity(r, e);
        else if (e.key == u"data_bits")
            b.dataBits = int(r.integer(e, 7, 8));
        else if (e.key == u"stop_bits")
            b.stopBits = int(r.integer(e, 1, 2));
        else if (e.key == u"latency_ms")
            b.latencyUs = r.scaled(e, 3, 0);
        else if (e.key == u"engine") {
            if (e.value == u"auto")
                b.engine = BusConfig::Engine::Auto;
            else if (e.value == u"own")
                b.engine = BusConfig::Engine::Own;
            else if (e.value == u"qt")
                b.engine = BusConfig::Engine::Qt;
            else
                r.fail(e, tr("engine must be auto, own or qt"));
        } else
            r.fail(e, tr("unknown key \"%1\" in a [bus] section").arg(e.key));
    }
    return b;
}

quint8 parseCjtType(const SectionReader& r, const IniEntry& e)
{
    using namespace protocol::cjt188;
    for (quint8 t : {kColdWater, kHotWater, kGas})
        if (e.value == typeKey(t))
            return t;
    r.fail(e, tr("type must be cold-water, hot-water or gas"));
}

void readMeterEntry(const SectionReader& r, const IniEntry& e, MeterConfig& m,
                    QString& address, bool& touSet)
{
    const QString& k = e.key;
    if (k == u"bus") {
        m.bus = e.value;
    } else if (k == u"protocol") {
        const auto p = protocol::parseProtocolName(e.value);
        if (!p)
            r.fail(e, tr("protocol must be modbus-rtu, dlt645, dlt645-1997 or cjt188"));
        m.protocol = *p;
    } else if (k == u"map") {
        m.map = protocol::findRegisterMap(e.value);
        if (!m.map)
            r.fail(e, tr("unknown register map \"%1\"").arg(e.value));
    } else if (k == u"slave") {
        m.slave = quint8(r.integer(e, 1, 247));
    } else if (k == u"address") {
        address = e.value;
    } else if (k == u"type") {
        m.cjtType = parseCjtType(r, e);
    } else if (k == u"di_order") {
        if (e.value != u"high-first" && e.value != u"low-first")
            r.fail(e, tr("di_order must be high-first or low-first"));
        m.diOrder = e.value == u"low-first" ? protocol::Cjt188DiOrder::LowFirst
                                            : protocol::Cjt188DiOrder::HighFirst;
    } else if (k == u"password") {
        bool ok = false;
        m.password = e.value.size() == 6 ? e.value.toUInt(&ok, 16) : 0;
        if (!ok)
            r.fail(e, tr("password must be 6 hex digits as printed, like 123456"));
    } else if (k == u"load") {
        m.profile.baseMilli = r.scaled(e, 3, 0);
    } else if (k == u"shape") {
        const QList<QStringView> parts = QStringView(e.value).split(u',');
        if (parts.size() != 24)
            r.fail(e, tr("shape needs 24 hourly percentages, found %1").arg(parts.size()));
        for (int i = 0; i < 24; ++i) {
            const std::optional<qint64> v = parseScaled(parts[i].trimmed(), 0);
            if (!v || *v < 0 || *v > 1000)
                r.fail(e, tr("shape values are whole percentages from 0 to 1000"));
            m.profile.shapePercent[size_t(i)] = int(*v);
        }
    } else if (k == u"noise") {
        m.profile.noisePercent = int(r.integer(e, 0, 100));
    } else if (k == u"tou") {
        touSet = true;
        if (e.value == u"builtin")
            m.tou = TouSchedule::builtIn();
        else if (e.value == u"none")
            m.tou.reset();
        else {
            QString why;
            m.tou = TouSchedule::parse(e.value, &why);
            if (!m.tou)
                r.fail(e, why);
        }
    } else if (k == u"energy") {
        m.initialCenti = r.scaled(e, 2, 0);
    } else if (k == u"overload") {
        m.overloadW = r.integer(e, 0, 10'000'000);
    } else if (k == u"relay") {
        if (e.value != u"closed" && e.value != u"open")
            r.fail(e, tr("relay must be closed or open"));
        m.relayOpen = e.value == u"open";
    } else if (k == u"prepaid") {
        m.prepaid = r.yesNo(e);
    } else if (k == u"balance") {
        m.balanceFen = *[&] {
            const auto v = parseScaled(e.value, 2);
            if (!v)
                r.fail(e, tr("balance must be yuan with at most 2 decimals"));
            return v;
        }();
    } else if (k == u"price") {
        m.priceTenThousandths = r.scaled(e, 4, 0);
    } else if (k == u"purchases") {
        m.purchaseCount = int(r.integer(e, 0, 65535));
    } else if (k == u"alarm") {
        m.alarmFen = r.scaled(e, 2, 0);
    } else if (k == u"fault.dead") {
        m.faults.dead = r.fault(e);
    } else if (k == u"fault.drop") {
        m.faults.drop = r.fault(e);
    } else if (k == u"fault.corrupt") {
        m.faults.corrupt = r.fault(e);
    } else if (k == u"fault.late") {
        m.faults.late = r.fault(e);
    } else if (k == u"fault.wrong_address") {
        m.faults.wrongAddress = r.fault(e);
    } else if (k == u"fault.late_ms") {
        m.faults.lateMs = r.integer(e, 0, 600'000);
    } else if (k == u"fault.counter_reset") {
        for (QStringView part : QStringView(e.value).split(u','))
            m.faults.counterResetsMs.push_back(r.duration(e, part.trimmed()));
    } else {
        r.fail(e, tr("unknown key \"%1\" in a [meter] section").arg(k));
    }
}

MeterConfig readMeter(const SectionReader& r, const QString& name)
{
    MeterConfig m;
    m.name = name;
    QString address;
    bool touSet = false;
    for (const IniEntry& e : r.section().entries)
        readMeterEntry(r, e, m, address, touSet);
    using protocol::Protocol;
    if (m.bus.isEmpty())
        r.failSection(tr("meter %1 names no bus").arg(name));
    switch (m.protocol) {
    case Protocol::ModbusRtu:
        if (!m.map)
            r.failSection(tr("Modbus meter %1 needs a map").arg(name));
        if (!touSet && QLatin1String(m.map->key) == u"acrel-ddsy1352")
            m.tou = TouSchedule::builtIn();
        break;
    case Protocol::Dlt645:
    case Protocol::Dlt645_1997:
        m.address = protocol::dlt645::addressFromDigits(address);
        if (m.address.isEmpty())
            r.failSection(tr("DL/T 645 meter %1 needs a 12-digit address").arg(name));
        if (!touSet)
            m.tou = TouSchedule::builtIn();
        break;
    case Protocol::Cjt188:
        m.address = protocol::cjt188::addressFromDigits(address);
        if (m.address.isEmpty())
            r.failSection(tr("CJ/T 188 meter %1 needs a 14-digit address").arg(name));
        break;
    }
    if (m.prepaid && m.priceTenThousandths <= 0)
        r.failSection(tr("prepaid meter %1 needs a price above 0").arg(name));
    return m;
}
} // namespace

Scenario Scenario::fromFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError(path, 0, tr("cannot open the scenario file: %1").arg(f.errorString()));
    return parse(f.readAll(), path);
}

Scenario Scenario::parse(const QByteArray& text, const QString& source)
{
    Scenario s;
    s.source = source;
    s.start = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    std::set<QString> names;
    for (const IniSection& section : parseIni(text, source)) {
        const SectionReader r(section, source);
        const QString kind = section.name.section(u' ', 0, 0);
        const QString name = section.name.section(u' ', 1).trimmed();
        if (kind == u"scenario" && name.isEmpty()) {
            readScenario(r, s);
            continue;
        }
        if ((kind != u"bus" && kind != u"meter") || name.isEmpty())
            r.failSection(tr("sections are [scenario], [bus NAME] and [meter NAME]"));
        if (!names.insert(kind + u' ' + name).second)
            r.failSection(tr("%1 is defined twice").arg(section.name));
        if (kind == u"bus")
            s.buses.push_back(readBus(r, name));
        else
            s.meters.push_back(readMeter(r, name));
    }
    if (s.buses.empty())
        throw InputError(source, 0, tr("the scenario defines no [bus NAME]"));
    // Every meter on a known bus, and no two meters answering to the same address on one bus.
    std::set<std::pair<QString, QByteArray>> taken;
    for (const MeterConfig& m : s.meters) {
        if (names.count(QStringLiteral("bus ") + m.bus) == 0)
            throw InputError(source, 0, tr("meter %1 is on bus %2, which is not defined")
                                            .arg(m.name, m.bus));
        const QByteArray key = m.protocol == protocol::Protocol::ModbusRtu
                                   ? QByteArray(1, char(m.slave))
                                   : m.address;
        const QByteArray family(1, char(m.protocol == protocol::Protocol::Dlt645_1997
                                            ? int(protocol::Protocol::Dlt645)
                                            : int(m.protocol)));
        if (!taken.insert({m.bus, family + key}).second)
            throw InputError(source, 0, tr("meter %1: another meter on bus %2 has the same "
                                           "address")
                                            .arg(m.name, m.bus));
    }
    return s;
}

} // namespace md::sim

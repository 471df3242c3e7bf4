#include "collection/meter_endpoint.h"

#include "protocol/cjt188.h"
#include "protocol/dlt645_frame.h"
#include "protocol/register_map.h"
#include "util/error.h"

#include <QJsonValue>

namespace md::collection {

namespace {

const QString kSource = QStringLiteral("meter registry");

[[noreturn]] void fail(const MeterRecord& m, const QString& problem)
{
    throw InputError(kSource, 0, EndpointMapper::tr("Meter %1: %2").arg(m.nameplate, problem));
}

quint32 hexOption(const MeterRecord& m, const char* key, int digits, quint32 fallback)
{
    const QJsonValue v = m.options.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    const QString text = v.toString();
    bool ok = false;
    const quint32 n = text.toUInt(&ok, 16);
    if (!ok || text.size() != digits)
        fail(m, EndpointMapper::tr("option %1 must be %2 hex digits as printed (got \"%3\")")
                    .arg(QLatin1String(key))
                    .arg(digits)
                    .arg(text));
    return n;
}

bool boolOption(const MeterRecord& m, const char* key, bool fallback)
{
    const QJsonValue v = m.options.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool())
        fail(m, EndpointMapper::tr("option %1 must be true or false").arg(QLatin1String(key)));
    return v.toBool();
}

QString textOption(const MeterRecord& m, const char* key, const QString& fallback)
{
    const QJsonValue v = m.options.value(QLatin1String(key));
    return v.isString() ? v.toString() : fallback;
}

} // namespace

MeterEndpoint EndpointMapper::fromRecord(const MeterRecord& m)
{
    MeterEndpoint e;
    e.id = m.id;
    e.name = m.nameplate;
    e.bus = m.bus;
    e.readRates = boolOption(m, "read_rates", true);
    // 表端费控: the meter keeps its own balance; recharges are written to it (collection_service).
    e.meterSideBalance = boolOption(m, "meter_side_balance", false);
    if (m.protocol == u"modbus") {
        e.protocol = protocol::Protocol::ModbusRtu;
        bool ok = false;
        const uint unit = m.address.toUInt(&ok);
        if (!ok || unit < 1 || unit > 247)
            fail(m, tr("a Modbus address is a unit id from 1 to 247 (got \"%1\")").arg(m.address));
        e.slave = static_cast<quint8>(unit);
        if (!protocol::findRegisterMap(m.map))
            fail(m, tr("unknown Modbus register map \"%1\"").arg(m.map));
        e.mapKey = m.map;
    } else if (m.protocol == u"dlt645") {
        e.protocol = protocol::Protocol::Dlt645;
        e.address = protocol::dlt645::addressFromDigits(m.address);
        if (e.address.isEmpty())
            fail(m, tr("a DL/T 645 address is the 12 digits on the nameplate (got \"%1\")").arg(m.address));
        e.auth.password = hexOption(m, "password", 6, 0);
        e.auth.operatorCode = hexOption(m, "operator", 8, 0);
        const qint64 level = m.options.value(QStringLiteral("password_level")).toInteger(2);
        if (level < 0 || level > 9)
            fail(m, tr("option password_level must be 0 to 9"));
        e.auth.passwordLevel = static_cast<quint8>(level);
    } else if (m.protocol == u"cjt188") {
        e.protocol = protocol::Protocol::Cjt188;
        e.address = protocol::cjt188::addressFromDigits(m.address);
        if (e.address.isEmpty())
            fail(m, tr("a CJ/T 188 address is the 14 digits on the nameplate (got \"%1\")").arg(m.address));
        const QString type = textOption(m, "type", QStringLiteral("cold-water"));
        if (type == u"cold-water")
            e.cjtType = protocol::cjt188::kColdWater;
        else if (type == u"hot-water")
            e.cjtType = protocol::cjt188::kHotWater;
        else if (type == u"gas")
            e.cjtType = protocol::cjt188::kGas;
        else
            fail(m, tr("option type must be cold-water, hot-water or gas (got \"%1\")").arg(type));
        const QString order = textOption(m, "di_order", QStringLiteral("high-first"));
        if (order == u"high-first")
            e.diOrder = protocol::Cjt188DiOrder::HighFirst;
        else if (order == u"low-first")
            e.diOrder = protocol::Cjt188DiOrder::LowFirst;
        else
            fail(m, tr("option di_order must be high-first or low-first (got \"%1\")").arg(order));
    } else {
        fail(m, tr("unknown protocol \"%1\"").arg(m.protocol));
    }
    return e;
}

std::vector<MeterEndpoint> EndpointMapper::fromRecords(const QList<MeterRecord>& meters)
{
    std::vector<MeterEndpoint> out;
    out.reserve(std::size_t(meters.size()));
    for (const MeterRecord& m : meters)
        out.push_back(fromRecord(m));
    return out;
}

} // namespace md::collection

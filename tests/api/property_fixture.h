#pragma once

// A small property for the property and meter-registry tests: site A (A区), building 1,
// units 1 and 2, rooms 101 and 102 in unit 1 and 101 in unit 2, created through the API as
// an engineer.

#include "api_harness.h"

#include <QJsonArray>

namespace md::test {

struct SmallProperty
{
    qint64 site = 0, building = 0, unit1 = 0, unit2 = 0;
    qint64 room101 = 0, room102 = 0, room2101 = 0;
};

inline qint64 idOf(const QJsonObject& response)
{
    return resultOf(response).value(u"id").toInteger();
}

inline SmallProperty makeSmallProperty(api::ApiClient& engineer)
{
    SmallProperty p;
    const auto call = [&](const char* method, const QJsonObject& params) {
        return engineer.call(QLatin1String(method), params);
    };
    p.site = idOf(call("site.create", {{QStringLiteral("code"), QStringLiteral("A")}, {QStringLiteral("name"), QStringLiteral("A区")}}));
    p.building = idOf(call("building.create", {{QStringLiteral("site"), p.site}, {QStringLiteral("code"), QStringLiteral("1")},
                                               {QStringLiteral("name"), QStringLiteral("1号楼")}}));
    p.unit1 = idOf(call("unit.create", {{QStringLiteral("building"), p.building}, {QStringLiteral("code"), QStringLiteral("1")}}));
    p.unit2 = idOf(call("unit.create", {{QStringLiteral("building"), p.building}, {QStringLiteral("code"), QStringLiteral("2")}}));
    p.room101 = idOf(call("room.create", {{QStringLiteral("unit"), p.unit1}, {QStringLiteral("code"), QStringLiteral("101")},
                                          {QStringLiteral("floor"), 1}, {QStringLiteral("area"), QStringLiteral("35.50")}}));
    p.room102 = idOf(call("room.create", {{QStringLiteral("unit"), p.unit1}, {QStringLiteral("code"), QStringLiteral("102")},
                                          {QStringLiteral("floor"), 1}, {QStringLiteral("area"), QStringLiteral("42.00")}}));
    p.room2101 = idOf(call("room.create", {{QStringLiteral("unit"), p.unit2}, {QStringLiteral("code"), QStringLiteral("101")},
                                           {QStringLiteral("floor"), 1}, {QStringLiteral("area"), QStringLiteral("20.25")}}));
    return p;
}

} // namespace md::test

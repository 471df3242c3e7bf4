#include "protocol/decoded_frame.h"

#include <QJsonArray>

namespace md::protocol {

QString directionKey(Direction d)
{
    return d == Direction::Request ? QStringLiteral("request") : QStringLiteral("response");
}

QJsonObject DecodedFrame::toJson() const
{
    QJsonObject o;
    o.insert(u"protocol", protocol);
    o.insert(u"valid", valid);
    if (!valid)
        o.insert(u"error", error);
    if (direction)
        o.insert(u"direction", directionKey(*direction));
    auto optional = [&](QStringView key, const QString& v) {
        if (!v.isEmpty())
            o.insert(key, v);
    };
    optional(u"address", address);
    optional(u"control", control);
    optional(u"di", di);
    optional(u"meaning", meaning);
    optional(u"meterError", meterError);
    optional(u"meterType", meterType);
    QJsonArray vs;
    for (const Value& v : values) {
        QJsonObject j;
        j.insert(u"name", v.key);
        j.insert(u"value", v.text);
        if (!v.unit.isEmpty())
            j.insert(u"unit", v.unit);
        vs.append(j);
    }
    if (valid)
        o.insert(u"values", vs);
    if (!notes.isEmpty())
        o.insert(u"notes", QJsonArray::fromStringList(notes));
    o.insert(u"raw", raw);
    return o;
}

} // namespace md::protocol

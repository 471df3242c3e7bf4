#include "meter_row.h"

#include <QCoreApplication>

namespace md::app {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::app::MeterRow)
};
} // namespace

AccountState meterStateFromKey(QStringView key)
{
    if (key == u"opened-normal")
        return AccountState::Normal;
    if (key == u"alarm-1")
        return AccountState::Alarm1;
    if (key == u"alarm-2")
        return AccountState::Alarm2;
    if (key == u"arrears")
        return AccountState::Arrears;
    if (key == u"lost")
        return AccountState::Lost;
    if (key == u"forced-on")
        return AccountState::ForcedOn;
    return AccountState::NotOpened; // not-opened, removed, anything newer
}

MeterRow MeterRow::fromJson(const QJsonObject& m)
{
    MeterRow r;
    r.id = m.value(u"id").toInteger();
    r.nameplate = m.value(u"nameplate").toString();
    r.utility = m.value(u"utility").toString();
    r.stateKey = m.value(u"state").toString();
    r.state = meterStateFromKey(r.stateKey);
    const QJsonObject room = m.value(u"room").toObject();
    r.roomId = room.value(u"id").toInteger();
    r.roomPath = room.value(u"path").toString();
    r.roomName = room.value(u"name").toString();
    const QJsonObject account = m.value(u"account").toObject();
    r.accountId = account.value(u"id").toInteger();
    r.accountCode = account.value(u"code").toString();
    r.tenant = account.value(u"tenant_name").toString();
    r.phone = account.value(u"phone").toString();
    if (m.value(u"balance").isString())
        r.balance = Money::parseYuan(m.value(u"balance").toString());
    const QJsonObject reading = m.value(u"last_reading").toObject();
    if (!reading.isEmpty()) {
        r.lastValue = reading.value(u"value").toString();
        r.lastValueNumber = r.lastValue.toDouble();
        r.lastUnit = reading.value(u"unit").toString();
        r.lastAt = QDateTime::fromString(reading.value(u"at").toString(), Qt::ISODateWithMs);
    }
    const QJsonObject relay = m.value(u"relay").toObject();
    r.relayActual = relay.value(u"actual").toString();
    r.relayDesired = relay.value(u"desired").toString();
    return r;
}

QString utilityName(QStringView utility)
{
    if (utility == u"electricity")
        return Tr::tr("Electricity");
    if (utility == u"water")
        return Tr::tr("Water");
    if (utility == u"heat")
        return Tr::tr("Heat");
    return utility.toString();
}

QString relayName(QStringView state)
{
    if (state == u"on")
        return Tr::tr("On");
    if (state == u"off")
        return Tr::tr("Off");
    if (state == u"forced-on")
        return Tr::tr("Forced on");
    if (state.isEmpty() || state == u"unknown")
        return Tr::tr("Unknown");
    return state.toString();
}

QString relayText(const MeterRow& row)
{
    const QString actual = relayName(row.relayActual);
    // forced-on is a desire that reads back as on: no command is under way then.
    const bool pending = !row.relayDesired.isEmpty() && row.relayDesired != u"unknown" && row.relayDesired != row.relayActual
                         && !(row.relayDesired == u"forced-on" && row.relayActual == u"on");
    if (!pending)
        return actual;
    return Tr::tr("%1 (ordered %2)").arg(actual, relayName(row.relayDesired));
}

QString readingTimeText(const MeterRow& row)
{
    return row.hasReading() ? row.lastAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

QString lastReadingText(const MeterRow& row)
{
    if (!row.hasReading())
        return {};
    return row.lastUnit.isEmpty() ? row.lastValue : row.lastValue + QLatin1Char(' ') + row.lastUnit;
}

} // namespace md::app

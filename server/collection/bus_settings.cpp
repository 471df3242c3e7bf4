#include "collection/bus_settings.h"

#include "util/decimal.h"

namespace md::collection {

int BusSettings::bitsPerByte() const
{
    const int parityBits = parity == QSerialPort::NoParity ? 0 : 1;
    const int stop = stopBits == QSerialPort::TwoStop ? 2 : 1;
    return 1 + int(dataBits) + parityBits + stop;
}

qint64 BusSettings::byteTimeUs() const
{
    return qint64(bitsPerByte()) * 1'000'000 / (baud > 0 ? baud : 9600);
}

qint64 BusSettings::interFrameGapUs() const
{
    if (modbusGapUs >= 0)
        return modbusGapUs;
    // Modbus over serial line V1.02 §2.5.1.1: above 19200 baud fixed 1.75 ms.
    if (baud > 19200)
        return 1750;
    return byteTimeUs() * 35 / 10;
}

QString switchCommandKey(SwitchCommand c)
{
    switch (c) {
    case SwitchCommand::Trip:
        return QStringLiteral("trip");
    case SwitchCommand::Close:
        return QStringLiteral("close");
    case SwitchCommand::ForceOn:
        return QStringLiteral("force-on");
    case SwitchCommand::ForceOnRelease:
        return QStringLiteral("force-on-release");
    }
    return QString();
}

QJsonObject CommandResult::toJson() const
{
    return {{QStringLiteral("meter"), meter.v},
            {QStringLiteral("command"), switchCommandKey(command)},
            {QStringLiteral("confirmed"), confirmed},
            {QStringLiteral("observed"), switchStateKey(observed)},
            {QStringLiteral("attempts"), attempts},
            {QStringLiteral("problem"), problem}};
}

QJsonObject PurchaseResult::toJson() const
{
    return {{QStringLiteral("meter"), meter.v},
            {QStringLiteral("amount"), amount.toYuanString()},
            {QStringLiteral("sequence"), sequence},
            {QStringLiteral("confirmed"), confirmed},
            {QStringLiteral("balance"), balance ? QJsonValue(balance->toYuanString()) : QJsonValue()},
            {QStringLiteral("purchase_count"),
             purchaseCount ? QJsonValue(*purchaseCount) : QJsonValue()},
            {QStringLiteral("attempts"), attempts},
            {QStringLiteral("problem"), problem}};
}

QJsonObject SettingsResult::toJson() const
{
    QJsonObject values;
    for (const SettingValue& v : settings)
        values.insert(v.key, formatScaled(v.scaled, v.decimals));
    return {{QStringLiteral("meter"), meter.v},
            {QStringLiteral("settings"), values},
            {QStringLiteral("confirmed"), confirmed},
            {QStringLiteral("attempts"), attempts},
            {QStringLiteral("problem"), problem}};
}

} // namespace md::collection

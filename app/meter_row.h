#pragma once

#include "account_model.h"
#include "money/money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace md::app {

// One meter of meter.list as the desk shows and exports it: plain values, no JSON lookups at
// paint time (5,000 rows are sorted and painted on every refresh).
struct MeterRow
{
    qint64 id = 0;
    QString nameplate;
    QString utility;         // electricity, water, heat (the API's key)
    QString stateKey;        // opened-normal, alarm-1, ... (the API's key)
    AccountState state = AccountState::NotOpened;
    qint64 roomId = 0;
    QString roomPath;        // A/1/1/101
    QString roomName;
    qint64 accountId = 0;
    QString accountCode;
    QString tenant;
    QString phone;
    std::optional<Money> balance;       // none when the meter belongs to no account
    QString lastValue;                  // the total register as the API writes it ("1234.567")
    double lastValueNumber = 0.0;       // the same, for sorting and the spreadsheet
    QString lastUnit;                   // kWh, m3, GJ
    QDateTime lastAt;                   // invalid: never read
    QString relayActual;                // on, off, forced-on, unknown
    QString relayDesired;

    static MeterRow fromJson(const QJsonObject& meter);
    bool hasReading() const { return lastAt.isValid(); }
};

// The API's colour key to the legend's state (unknown keys and "removed" are grey).
AccountState meterStateFromKey(QStringView key);
// Translated names for the API's keys.
QString utilityName(QStringView utility);
QString relayName(QStringView state);
// The relay as a person reads it: "on", or "off (ordered on)" while a command is under way.
QString relayText(const MeterRow& row);
// The reading time in the desk's local time, "yyyy-MM-dd HH:mm" (empty when never read).
QString readingTimeText(const MeterRow& row);
QString lastReadingText(const MeterRow& row);

} // namespace md::app

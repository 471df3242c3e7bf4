#pragma once

#include "protocol/protocol_types.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace md::protocol {

// What a person (or `meterdeskd decode`) is told about one frame, whatever the protocol.
struct DecodedFrame
{
    QString protocol; // "modbus-rtu", "dlt645-2007", "dlt645-1997", "cjt188"
    bool valid = false;
    QString error;                      // why the frame was rejected (valid == false)
    std::optional<Direction> direction; // unknown for a rejected frame
    QString address;                    // nameplate form: 12 / 14 digits, Modbus slave id
    QString control;                    // two hex digits (Modbus: the function code)
    QString di;                         // DL/T 645 / CJ/T 188 identifier, DI3...DI0
    QString meaning;                    // "read data", "relay control: trip", ...
    QString meterError;                 // abnormal answer / Modbus exception, translated
    QString meterType;                  // CJ/T 188 only
    std::vector<Value> values;
    QStringList notes; // "DI bytes swapped", "write-single answers echo the request"
    QString raw;       // the frame's bytes as hex

    QJsonObject toJson() const;
};

QString directionKey(Direction d); // "request" / "response"

} // namespace md::protocol

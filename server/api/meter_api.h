#pragma once

// What the meter.* handlers share (meter_methods.cpp holds them; meter_swap.cpp uses them).

#include "api/api_service.h"
#include "collection/meter_registry.h"
#include "money/ids.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>
#include <utility>

namespace md::api {

// The meter as the API answers it (record, room, account, state, balance, last reading).
// Throws 4704 when there is none.
QJsonObject meterJsonById(CallContext& c, MeterId id);
// Warnings for meters on a bus this service does not read (when it reads any).
QJsonArray busWarnings(CallContext& c, const QList<std::pair<int, QString>>& lineBus);
// An optional ISO 8601 time parameter, in UTC; -32602 naming it when it does not parse.
std::optional<QDateTime> timeParam(CallContext& c, const char* name);
// The record's fields from c.params (creating: every field, absent ones empty/default).
void readMeterFields(CallContext& c, MeterRecord& m, bool creating);
// Refuses a record with problems (-32602, every problem in data.errors) or a nameplate / bus
// address another installed meter has (4705).
void checkMeter(CallContext& c, const MeterRecord& m);
// The record as the operation log keeps it.
QJsonObject recordJson(const MeterRecord& m);
// `options` of c.params, or `current` when absent.
QJsonObject optionsParam(CallContext& c, const QJsonObject& current);

// meter.swap (换表, meter_swap.cpp).
QJsonValue swapMeter(CallContext& c);

} // namespace md::api

#pragma once

#include "collection/bus_settings.h"
#include "collection/meter_registry.h"

#include <QCoreApplication>

#include <vector>

namespace md::collection {

// The registry's row (common/collection/meter_registry.h) as the bus side needs it:
//   protocol "modbus": address = unit id 1..247, map = a Modbus register map key;
//   protocol "dlt645": address = the 12 nameplate digits; options {"password": "123456"
//     (6 hex digits as printed), "operator": "00000000", "password_level": 2};
//   protocol "cjt188": address = the 14 nameplate digits; options {"type": "cold-water" |
//     "hot-water" | "gas", "di_order": "high-first" | "low-first"};
//   every protocol: options {"read_rates": false} skips the time-of-use registers;
//     {"meter_side_balance": true} for 费控 meters that keep their own balance (recharges are
//     written to them; "purchase_count_offset": purchases the meter counted before it came here).
// Throws md::InputError naming the meter and the field.
struct EndpointMapper
{
    Q_DECLARE_TR_FUNCTIONS(md::collection::EndpointMapper)

public:
    static MeterEndpoint fromRecord(const MeterRecord& m);
    static std::vector<MeterEndpoint> fromRecords(const QList<MeterRecord>& meters);
};

} // namespace md::collection

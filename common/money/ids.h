#pragma once

#include <QHashFunctions>
#include <QtGlobal>

#include <compare>

namespace md {

// A database id that cannot be mixed up with another kind of id: a MeterId is not an AccountId
// even though both are qint64 underneath.
template <typename Tag>
struct StrongId
{
    qint64 v = 0;
    constexpr bool isValid() const { return v > 0; }
    constexpr auto operator<=>(const StrongId&) const = default;
};

template <typename Tag>
size_t qHash(StrongId<Tag> id, size_t seed = 0) noexcept
{
    return ::qHash(id.v, seed);
}

using AccountId = StrongId<struct AccountTag>;
using MeterId = StrongId<struct MeterTag>;
using OperatorId = StrongId<struct OperatorTag>;
using TransactionId = StrongId<struct TransactionTag>;
using LedgerAccountId = StrongId<struct LedgerAccountTag>;
using TariffId = StrongId<struct TariffTag>;
using SiteId = StrongId<struct SiteTag>;
using BuildingId = StrongId<struct BuildingTag>;
using UnitId = StrongId<struct UnitTag>;
using RoomId = StrongId<struct RoomTag>;

} // namespace md

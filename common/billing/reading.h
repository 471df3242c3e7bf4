#pragma once

#include "money/quantity.h"
#include "tariff/tariff.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>

#include <optional>

namespace md {

// A meter's energy/volume register: the total, or one time-of-use register that the meter
// itself switches by its own clock.
enum class Register { Total, Sharp, Peak, Flat, Valley };
inline constexpr Register kAllRegisters[] = {Register::Total, Register::Sharp, Register::Peak, Register::Flat,
                                             Register::Valley};

QString registerKey(Register r);                       // "total", "peak" (files, JSON)
std::optional<Register> parseRegister(QStringView key); // also 总/尖/峰/平/谷
std::optional<Rate> registerRate(Register r);           // nullopt for Total
Register rateRegister(Rate r);

struct Reading
{
    QDateTime utc;
    Register reg = Register::Total;
    Quantity cumulative;
};

// The registers read from one meter at one moment.
struct ReadingSet
{
    QDateTime utc;
    QMap<Register, Quantity> values;

    bool has(Register r) const { return values.contains(r); }
    void add(const Reading& r) { utc = r.utc; values.insert(r.reg, r.cumulative); }

    QJsonObject toJson() const; // {"at": ISO UTC, "registers": {"total": "123.456"}}
    // Throws InputError(source, 0, ...) for a malformed object.
    static ReadingSet fromJson(const QJsonObject& o, Unit unit, const QString& source);
};

} // namespace md

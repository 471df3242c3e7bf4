#pragma once

#include "billing/biller.h"
#include "support/test_paths.h"
#include "tariff/tariff_file.h"
#include "util/error.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

#include <initializer_list>
#include <utility>

namespace md::test {

inline Tariff tariff(const char* name)
{
    return loadTariffFile(dataPath(QStringLiteral("tariffs/") + QString::fromUtf8(name)));
}

// A reading set at an ISO 8601 time with offset: at("2024-01-01T00:00:00+08:00", {{Register::Total, "12.5"}}).
inline ReadingSet at(const char* iso, std::initializer_list<std::pair<Register, const char*>> values,
                     Unit unit = Unit::KilowattHour)
{
    ReadingSet set;
    set.utc = QDateTime::fromString(QString::fromUtf8(iso), Qt::ISODate).toUTC();
    REQUIRE(set.utc.isValid());
    for (const auto& [reg, text] : values)
        set.values.insert(reg, *Quantity::parse(QString::fromUtf8(text), unit));
    return set;
}

inline qint64 fen(const char* yuanText)
{
    return Money::parseYuan(QString::fromUtf8(yuanText))->fen();
}

inline qint64 milli(const char* text)
{
    return Quantity::parse(QString::fromUtf8(text), Unit::KilowattHour)->milli();
}

// The line for a bucket "period|version|tier|rate"; fails the test when there is none.
inline const DeductionLine& line(const Deduction& d, const char* bucket)
{
    for (const DeductionLine& l : d.lines) {
        if (l.bucket.toString() == QString::fromUtf8(bucket))
            return l;
    }
    FAIL("no line for bucket " << bucket);
    Q_UNREACHABLE();
}

} // namespace md::test

// Protected windows and holidays: when an arrears trip may happen. Office time is
// Asia/Shanghai (UTC+8, no daylight saving), so local = UTC + 8 h in every expectation.

#include "control/protected_windows.h"
#include "util/error.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace md;

namespace {
const QTimeZone kZone(QByteArrayLiteral("Asia/Shanghai"));

QDateTime local(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), kZone);
}
ProtectedWindow window(int h1, int m1, int h2, int m2)
{
    return {h1 * 60 + m1, h2 * 60 + m2};
}
} // namespace

TEST_CASE("A window contains its start, not its end, also across midnight", "[control][windows]")
{
    const ProtectedWindow night = window(18, 0, 9, 0);
    CHECK(night.contains(18 * 60));
    CHECK(night.contains(23 * 60 + 59));
    CHECK(night.contains(0));
    CHECK(night.contains(8 * 60 + 59));
    CHECK_FALSE(night.contains(9 * 60));
    CHECK_FALSE(night.contains(17 * 60 + 59));
    const ProtectedWindow noon = window(12, 0, 13, 30);
    CHECK(noon.contains(12 * 60));
    CHECK_FALSE(noon.contains(13 * 60 + 30));
    CHECK(window(0, 0, 0, 0).contains(720)); // start == end: the whole day
}

TEST_CASE("A trip in an overnight window is due at the window's end", "[control][windows]")
{
    const ProtectedTimes t{{window(18, 0, 9, 0)}, {}, kZone};
    // 20:00 Monday → 09:00 Tuesday local = 01:00 UTC Tuesday.
    CHECK(t.protectedUntil(local(2025, 3, 3, 20, 0).toUTC()) == QDateTime(QDate(2025, 3, 4), QTime(1, 0), Qt::UTC));
    // 08:59 → 09:00 the same morning.
    CHECK(t.protectedUntil(local(2025, 3, 4, 8, 59).toUTC()) == local(2025, 3, 4, 9, 0).toUTC());
    // 18:00 sharp is inside; 09:00 sharp and 17:59 are outside.
    CHECK(t.protectedUntil(local(2025, 3, 4, 18, 0).toUTC()) == local(2025, 3, 5, 9, 0).toUTC());
    CHECK_FALSE(t.protectedUntil(local(2025, 3, 4, 9, 0).toUTC()));
    CHECK_FALSE(t.protectedUntil(local(2025, 3, 4, 17, 59).toUTC()));
}

TEST_CASE("Windows and holidays chain into one protected stretch", "[control][windows]")
{
    // 30 Sep 19:00 → window ends 1 Oct 09:00, a holiday → 2 Oct 00:00, inside the window again
    // → 2 Oct 09:00 local = 2 Oct 01:00 UTC.
    const ProtectedTimes t{{window(18, 0, 9, 0)}, {QDate(2025, 10, 1)}, kZone};
    CHECK(t.protectedUntil(local(2025, 9, 30, 19, 0).toUTC()) == QDateTime(QDate(2025, 10, 2), QTime(1, 0), Qt::UTC));
    // Three holidays in a row, no windows: 1 Oct 12:00 → 4 Oct 00:00 local = 3 Oct 16:00 UTC.
    const ProtectedTimes golden{{}, {QDate(2025, 10, 1), QDate(2025, 10, 2), QDate(2025, 10, 3)}, kZone};
    CHECK(golden.protectedUntil(local(2025, 10, 1, 12, 0).toUTC()) == QDateTime(QDate(2025, 10, 3), QTime(16, 0), Qt::UTC));
    CHECK_FALSE(golden.protectedUntil(local(2025, 10, 4, 0, 0).toUTC()));
    // Two adjacent windows 12:00-13:00 and 13:00-14:00: 12:30 → 14:00.
    const ProtectedTimes lunch{{window(12, 0, 13, 0), window(13, 0, 14, 0)}, {}, kZone};
    CHECK(lunch.protectedUntil(local(2025, 3, 3, 12, 30).toUTC()) == local(2025, 3, 3, 14, 0).toUTC());
}

TEST_CASE("A window covering the whole day never ends", "[control][windows]")
{
    const ProtectedTimes t{{window(0, 0, 0, 0)}, {}, kZone};
    const auto until = t.protectedUntil(local(2025, 3, 3, 10, 0).toUTC());
    REQUIRE(until);
    CHECK_FALSE(until->isValid());
}

TEST_CASE("Protected windows and holidays read from and write to JSON", "[control][windows]")
{
    const QJsonArray w{QJsonArray{QStringLiteral("18:00"), QStringLiteral("09:30")}};
    const QList<ProtectedWindow> parsed = ProtectedTimes::windowsFromJson(w, QStringLiteral("test"));
    REQUIRE(parsed.size() == 1);
    CHECK(parsed.at(0) == window(18, 0, 9, 30));
    CHECK(ProtectedTimes::windowsToJson(parsed) == w);
    CHECK_THROWS_AS(ProtectedTimes::windowsFromJson(QJsonArray{QJsonArray{QStringLiteral("25:00"), QStringLiteral("09:00")}},
                                                    QStringLiteral("test")),
                    InputError);
    const QJsonArray h{QStringLiteral("2025-10-01")};
    CHECK(ProtectedTimes::holidaysFromJson(h, QStringLiteral("test")) == QList<QDate>{QDate(2025, 10, 1)});
    CHECK_THROWS_AS(ProtectedTimes::holidaysFromJson(QJsonArray{QStringLiteral("1 Oct")}, QStringLiteral("test")), InputError);
}

// The relay command log: requested → sent → confirmed, unconfirmed sends retried on the
// backoff schedule (5 s, 10 s, 20 s, ... 300 s) and failed after 8 sends; deferred trips wait.

#include "collection_fixture.h"

#include "collection/relay_command_log.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

namespace {
using St = RelayCommand::Status;
const QDateTime kT0 = CollectionFixture::kT0;
} // namespace

TEST_CASE("A relay command is done only when confirmed, retried with backoff, failed at the end", "[collection][relay][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const MeterId m = f.meter(QStringLiteral("M-1"), std::nullopt);
    RelayCommandLog log(f.db());
    const qint64 id = log.request(m, SwitchState::Off, QStringLiteral("arrears"), kT0, kT0);
    REQUIRE(log.due(kT0).size() == 1);

    log.markSent(id, kT0); // attempt 1: next try 5 s later unless confirmed
    CHECK(log.byId(id)->status == St::Sent);
    CHECK(log.byId(id)->attempts == 1);
    CHECK(log.due(kT0.addMSecs(4'999)).isEmpty());
    CHECK(log.unconfirmed(id, QStringLiteral("read-back shows on"), kT0.addSecs(1)) == St::Sent);
    // Unconfirmed at +1 s after attempt 1: next at +1 s + 5 s = +6 s.
    CHECK(log.byId(id)->nextAttemptAt == kT0.addSecs(6));
    CHECK(log.due(kT0.addMSecs(5'999)).isEmpty());
    CHECK(log.due(kT0.addSecs(6)).size() == 1);

    // Attempts 2..8 all unconfirmed: after the 8th send there is no further delay → failed.
    QDateTime t = kT0.addSecs(6);
    for (int attempt = 2; attempt <= 8; ++attempt) {
        log.markSent(id, t);
        const St s = log.unconfirmed(id, QStringLiteral("no answer"), t);
        CHECK(s == (attempt < 8 ? St::Sent : St::Failed));
        t = t.addSecs(600);
    }
    const RelayCommand failed = *log.byId(id);
    CHECK(failed.status == St::Failed);
    CHECK(failed.attempts == 8);
    CHECK(failed.failedAt.has_value());
    CHECK(failed.lastError == u"no answer");
    CHECK(log.due(t.addDays(1)).isEmpty());
    CHECK_FALSE(log.openFor(m));

    // A new command that is confirmed on its first read-back.
    const qint64 again = log.request(m, SwitchState::Off, QStringLiteral("arrears"), t, t);
    CHECK(again != id);
    log.markSent(again, t);
    log.confirm(again, t.addSecs(2));
    CHECK(log.byId(again)->status == St::Confirmed);
    CHECK(log.byId(again)->confirmedAt == t.addSecs(2));
    CHECK(log.due(t.addDays(1)).isEmpty());
}

TEST_CASE("A deferred trip waits for its due time, a contrary request supersedes it", "[collection][relay][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    CollectionFixture f(backend);
    const MeterId m = f.meter(QStringLiteral("M-1"), std::nullopt);
    RelayCommandLog log(f.db());
    const QDateTime windowEnd = kT0.addSecs(13 * 3600);
    const qint64 trip = log.request(m, SwitchState::Off, QStringLiteral("arrears"), windowEnd, kT0);
    CHECK(log.due(kT0).isEmpty());
    CHECK(log.due(windowEnd).size() == 1);
    // Asking again for the same is the same command.
    CHECK(log.request(m, SwitchState::Off, QStringLiteral("arrears"), windowEnd, kT0.addSecs(1800)) == trip);
    // A recharge before the window ends: the trip is superseded by a close.
    const qint64 close = log.request(m, SwitchState::On, QStringLiteral("prepaid"), kT0.addSecs(3600), kT0.addSecs(3600));
    CHECK(close != trip);
    CHECK(log.byId(trip)->status == St::Superseded);
    REQUIRE(log.openFor(m));
    CHECK(log.openFor(m)->id == close);
    CHECK(log.due(windowEnd).size() == 1);
    CHECK(relayStatusKey(St::Superseded) == u"superseded");
}

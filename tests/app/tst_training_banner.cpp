// The training banner (练习模式): shown above the main window when the service runs with
// [service] training = yes, never for a real installation.

#include "api_harness.h"
#include "reply_wait.h"
#include "training_banner.h"

#include "api/service_client.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QMainWindow>
#include <QSignalSpy>

#include <memory>

using namespace md;
using namespace md::test;

namespace {
// A main window logged in to a service, with the banner installed as AppRoot does it.
struct Desk
{
    explicit Desk(const TestServer& server)
    {
        window.setWindowTitle(QStringLiteral("MeterDesk"));
        QSignalSpy loggedIn(&client, &api::ServiceClient::loggedIn);
        api::ServiceEndpoint endpoint;
        endpoint.port = server.port();
        client.open(endpoint, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
        REQUIRE(waitUntil([&] { return loggedIn.count() == 1; }));
        app::installTrainingBanner(window, client);
        window.show();
    }
    QLabel* banner() const { return window.findChild<QLabel*>(QStringLiteral("trainingBanner")); }
    api::ServiceClient client;
    QMainWindow window;
};
} // namespace

TEST_CASE("a training service gets the banner and a marked title, a real one neither", "[app][training]")
{
    TestServer::Options o;
    o.training = true;
    TestServer training(o);
    training.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    Desk practice(training);
    REQUIRE(practice.banner() != nullptr);
    REQUIRE(waitUntil([&] { return practice.banner()->isVisible(); }));
    CHECK(practice.window.menuWidget() == practice.banner());
    const std::unique_ptr<QLabel> fresh(app::makeTrainingBanner(nullptr));
    CHECK(practice.banner()->text() == fresh->text());
    CHECK(practice.window.windowTitle() != QStringLiteral("MeterDesk"));

    TestServer real;
    real.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    Desk office(real);
    REQUIRE(office.banner() != nullptr);
    // The whoami answer has come when a later call has been answered (calls are answered in order).
    api::ApiReply* after = office.client.call(QStringLiteral("session.whoami"));
    QSignalSpy done(after, &api::ApiReply::finished);
    REQUIRE(waitUntil([&] { return done.count() == 1; }));
    CHECK(!office.banner()->isVisible());
    CHECK(office.window.windowTitle() == QStringLiteral("MeterDesk"));
}

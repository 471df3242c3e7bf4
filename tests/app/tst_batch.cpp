// 批量操作: the dialog's steps and its state machine. The test service reads no buses, so the
// real call path is checked up to meter.control's per-meter answer (accepted for a wallet's
// standing order, refused for the others, refused as a whole for a cashier); the read-back
// confirmations are fed as the collection service sends them (event.meter.command). The same
// dialog against the real collection and metersim: tst_batch_bus.cpp.

#include "meter_desk.h"
#include "reply_wait.h"

#include "batch_dialog.h"
#include "batch_run.h"
#include "meter_list_loader.h"
#include "meter_model.h"
#include "meter_pane.h"

#include "api/service_client.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>

using namespace md;
using namespace md::test;
using app::BatchRun;
using O = BatchRun::Outcome;

namespace {
void selectMeters(app::MeterPane& pane, const QStringList& nameplates)
{
    pane.grid()->clearSelection();
    for (int r = 0; r < pane.proxy()->rowCount(); ++r) {
        const QModelIndex i = pane.proxy()->index(r, app::MeterModel::Nameplate);
        if (nameplates.contains(i.data().toString()))
            pane.grid()->selectionModel()->select(i, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

QJsonObject commandEvent(qint64 meter, const char* status, bool confirmed, qint64 commandId = 0, const char* problem = "")
{
    QJsonObject e{{QStringLiteral("meter"), meter},
                  {QStringLiteral("command"), QStringLiteral("off")},
                  {QStringLiteral("confirmed"), confirmed},
                  {QStringLiteral("observed"), confirmed ? QStringLiteral("off") : QStringLiteral("on")},
                  {QStringLiteral("attempts"), 1},
                  {QStringLiteral("problem"), QString::fromUtf8(problem)},
                  {QStringLiteral("status"), QString::fromUtf8(status)}};
    if (commandId > 0)
        e.insert(QStringLiteral("command_id"), commandId);
    return e;
}
} // namespace

TEST_CASE("a manager's batch trip: confirmation names the meters, each result arrives, failures retry",
          "[app][batch]")
{
    MeterDesk desk;
    app::MeterPane pane(desk.client);
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5; }));
    CHECK(pane.batchButton()->isEnabled());
    selectMeters(pane, {QStringLiteral("E-0001"), QStringLiteral("E-0002"), QStringLiteral("E-0004")});
    REQUIRE(pane.selectedMeters().size() == 3);
    // A refresh (the service's events) keeps the selection.
    QSignalSpy reset(&pane.model(), &QAbstractItemModel::modelReset);
    pane.loader().reloadMeters();
    REQUIRE(reset.wait(20000));
    REQUIRE(pane.model().rowCount() == 5);
    CHECK(pane.selectedMeters().size() == 3);

    app::BatchDialog* dialog = pane.openBatch();
    REQUIRE(dialog);
    CHECK(dialog->page() == app::BatchDialog::Choose);
    dialog->setAction(QStringLiteral("trip"));
    dialog->next();
    REQUIRE(dialog->page() == app::BatchDialog::Confirm);
    const QString question = dialog->confirmationText();
    CHECK(question.contains(QStringLiteral("3")));
    CHECK(question.contains(BatchRun::actionName(QStringLiteral("trip"))));
    for (const char* n : {"E-0001", "E-0002", "E-0004"})
        CHECK(question.contains(QString::fromLatin1(n)));
    // Back and forth sends nothing.
    dialog->back();
    CHECK(dialog->page() == app::BatchDialog::Choose);
    CHECK_FALSE(dialog->run());
    dialog->next();
    dialog->confirm();
    REQUIRE(dialog->page() == app::BatchDialog::Progress);
    BatchRun* run = dialog->run();
    REQUIRE(run);
    CHECK(run->count(O::Sending) == 3); // the GUI did not wait for the answer
    REQUIRE(waitUntil([&] { return run->count(O::Sending) == 0; }));

    // 张三's electricity meter: the wallet's standing order is taken; 李四's account has no
    // collection settings, the meter of no account is on no bus this service reads.
    const qint64 e1 = desk.meterIds.value(QStringLiteral("E-0001"));
    const qint64 e2 = desk.meterIds.value(QStringLiteral("E-0002"));
    const qint64 e4 = desk.meterIds.value(QStringLiteral("E-0004"));
    CHECK(run->items().at(run->rowOfMeter(e1)).outcome == O::Accepted);
    CHECK(run->items().at(run->rowOfMeter(e2)).outcome == O::Refused);
    CHECK(run->items().at(run->rowOfMeter(e4)).outcome == O::Refused);
    CHECK_FALSE(run->items().at(run->rowOfMeter(e4)).detail.isEmpty());
    CHECK(dialog->resultTable()->item(run->rowOfMeter(e2), 2)->text() == run->items().at(run->rowOfMeter(e2)).detail);
    CHECK(dialog->summaryText().contains(QStringLiteral("2 refused")));

    // The collection service's confirmation by read-back, as it sends it.
    emit desk.client.notification(QStringLiteral("event.meter.command"), commandEvent(e1, "confirmed", true, 41));
    CHECK(run->items().at(run->rowOfMeter(e1)).outcome == O::Confirmed);
    CHECK(dialog->resultTable()->item(run->rowOfMeter(e1), 1)->text() == BatchRun::outcomeName(O::Confirmed));
    // An event for a refused meter changes nothing.
    emit desk.client.notification(QStringLiteral("event.meter.command"), commandEvent(e2, "confirmed", true, 42));
    CHECK(run->items().at(run->rowOfMeter(e2)).outcome == O::Refused);

    // The failures again: sent again (only them), and refused again for the same reasons.
    const int before = run->settled();
    dialog->retryFailed();
    CHECK(run->count(O::Sending) == 2);
    CHECK(run->items().at(run->rowOfMeter(e1)).outcome == O::Confirmed);
    REQUIRE(waitUntil([&] { return run->count(O::Sending) == 0; }));
    CHECK(run->settled() == before);
    CHECK(run->count(O::Refused) == 2);

    // The order is the wallet's (account_collection) and in the operation log.
    const QJsonObject audit = desk.call(QStringLiteral("audit.query"), {{QStringLiteral("action"), QStringLiteral("meter-control")}});
    CHECK(QJsonDocument(audit).toJson().contains("trip"));
    dialog->close();
}

TEST_CASE("batch operations are the manager's: a cashier sees them disabled, and the service refuses them",
          "[app][batch]")
{
    MeterDesk desk(QStringLiteral("wang"));
    app::MeterPane pane(desk.client);
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5; }));
    CHECK_FALSE(pane.batchButton()->isEnabled());
    CHECK_FALSE(pane.batchButton()->toolTip().isEmpty());
    selectMeters(pane, {QStringLiteral("E-0001")});
    CHECK_FALSE(pane.openBatch());

    // Had the button been there: the whole call is refused, every meter says why.
    BatchRun run(desk.client, QStringLiteral("force-on"),
                 {BatchRun::Item{desk.meterIds.value(QStringLiteral("E-0001")), QStringLiteral("E-0001"), {}, O::Sending, {}, 0}});
    run.start();
    REQUIRE(waitUntil([&] { return run.count(O::Sending) == 0; }));
    CHECK(run.items().at(0).outcome == O::Refused);
    CHECK_FALSE(run.items().at(0).detail.isEmpty());
}

TEST_CASE("the batch state machine on the answers and notifications the collection service produces",
          "[app][batch]")
{
    api::ServiceClient offline; // never asked: the test feeds what the service would say
    QList<BatchRun::Item> items;
    for (qint64 m : {11, 12, 13, 14, 15})
        items.append(BatchRun::Item{m, QStringLiteral("E-%1").arg(m), QStringLiteral("A/1/1/%1").arg(m), O::Sending, {}, 0});
    BatchRun run(offline, QStringLiteral("trip"), items);
    int changes = 0;
    QObject::connect(&run, &BatchRun::itemChanged, [&](int) { ++changes; });

    // 13's command is confirmed before the answer to meter.control arrives (events and answers
    // travel on one connection, but the bus is quick): it is kept until the answer.
    run.applyNotification(QStringLiteral("event.meter.command"), commandEvent(13, "confirmed", true, 103));
    CHECK(run.items().at(2).outcome == O::Sending);
    const QList<qint64> sent{11, 12, 13, 14, 15};
    run.applyAnswer(sent, QJsonObject{
        {QStringLiteral("accepted"), 3},
        {QStringLiteral("refused"), 1},
        {QStringLiteral("results"), QJsonArray{
            QJsonObject{{QStringLiteral("meter"), 11}, {QStringLiteral("ok"), true}, {QStringLiteral("account"), 1}},
            QJsonObject{{QStringLiteral("meter"), 12}, {QStringLiteral("ok"), true}, {QStringLiteral("command_id"), 102}},
            QJsonObject{{QStringLiteral("meter"), 13}, {QStringLiteral("ok"), true}, {QStringLiteral("command_id"), 103}},
            QJsonObject{{QStringLiteral("meter"), 14}, {QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("There is no installed meter 14")}},
            // 15 is missing from the answer: refused, not left waiting for ever.
        }}});
    CHECK(run.items().at(0).outcome == O::Accepted);
    CHECK(run.items().at(1).outcome == O::Accepted);
    CHECK(run.items().at(2).outcome == O::Confirmed);
    CHECK(run.items().at(3).outcome == O::Refused);
    CHECK(run.items().at(3).detail == u"There is no installed meter 14");
    CHECK(run.items().at(4).outcome == O::Refused);

    // 12: another command of the same meter (an older one) is not ours; ours is retried, then fails.
    run.applyNotification(QStringLiteral("event.meter.command"), commandEvent(12, "confirmed", true, 99));
    CHECK(run.items().at(1).outcome == O::Accepted);
    run.applyNotification(QStringLiteral("event.meter.command"), commandEvent(12, "sent", false, 102, "no answer"));
    CHECK(run.items().at(1).outcome == O::Retrying);
    CHECK(run.items().at(1).detail == u"no answer");
    run.applyNotification(QStringLiteral("event.meter.command"), commandEvent(12, "failed", false, 102, "no answer"));
    CHECK(run.items().at(1).outcome == O::Failed);
    // 11: a standing order; the wallet's command confirms it, whatever its id.
    run.applyNotification(QStringLiteral("event.meter.changed"), {{QStringLiteral("meter"), 11}, {QStringLiteral("lost"), true}});
    CHECK(run.items().at(0).outcome == O::Accepted);
    run.applyNotification(QStringLiteral("event.meter.command"), commandEvent(11, "confirmed", true, 500));
    CHECK(run.items().at(0).outcome == O::Confirmed);
    // A late duplicate does not undo a final outcome.
    run.applyNotification(QStringLiteral("event.meter.command"), commandEvent(11, "failed", false, 500));
    CHECK(run.items().at(0).outcome == O::Confirmed);

    CHECK(run.count(O::Confirmed) == 2);
    CHECK(run.failures() == 3);
    CHECK(run.settled() == 5);
    CHECK(changes > 0);

    // A lost connection fails the call: every meter sent is refused with the reason.
    run.applyCallFailure({12, 14}, api::ApiFailure::connectionLost());
    CHECK(run.items().at(1).outcome == O::Refused);
    CHECK(run.items().at(1).detail == api::ApiFailure::connectionLost().message);
}

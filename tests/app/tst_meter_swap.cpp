// The meter swap dialog (换表) from the meters tab against the real service: bad input named at
// its field and nothing sent, the service's refusal shown as it says it, and a swap that bills
// the old meter's final reading (to the fen, in the ledger) and lists the new meter on the
// account in the grid.

#include "meter_desk.h"
#include "reply_wait.h"

#include "meter_model.h"
#include "meter_pane.h"
#include "meter_swap_dialog.h"

#include "money/money.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>

using namespace md;
using namespace md::test;

namespace {

qint64 fen(const QString& yuan)
{
    const auto m = Money::parseYuan(yuan);
    REQUIRE(m.has_value());
    return m->fen();
}

void makeCurrent(app::MeterPane& pane, qint64 meter)
{
    const int row = pane.model().rowOfMeter(meter);
    REQUIRE(row >= 0);
    pane.grid()->setCurrentIndex(pane.proxy()->mapFromSource(pane.model().index(row, 0)));
}

app::MeterSwapDialog* openFor(app::MeterPane& pane, qint64 meter)
{
    makeCurrent(pane, meter);
    app::MeterSwapDialog* d = pane.openSwap();
    REQUIRE(d);
    QSignalSpy loaded(d, &app::MeterSwapDialog::loaded);
    REQUIRE(waitUntil([&] { return loaded.count() == 1; }));
    return d;
}

void type(app::MeterSwapDialog& d, const QString& key, const QString& text)
{
    QLineEdit* e = d.field(key);
    REQUIRE(e);
    e->setText(text);
}

} // namespace

TEST_CASE("meter swap: field errors, the service's refusal, and a swap billed to the fen with the new meter listed",
          "[app][meters][swap][money]")
{
    MeterDesk desk; // li, a manager
    desk.ladderForZhang();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    desk.ingest(QStringLiteral("E-0001"), now.addSecs(-7200), "100.000"); // baseline
    desk.ingest(QStringLiteral("E-0001"), now.addSecs(-3600), "110.000"); // 10 kWh: 5.283 → 5.28
    const qint64 oldId = desk.meterIds.value(QStringLiteral("E-0001"));

    app::MeterPane pane(desk.client);
    QAbstractItemModelTester gridTester(&pane.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(pane.proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    pane.show();
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5; }));
    REQUIRE(pane.swapButton()->isEnabled());

    app::MeterSwapDialog* d = openFor(pane, oldId);
    // The Acrel map reads 尖峰平谷: the final reading asks for them; the old meter's bus and address are offered.
    CHECK_FALSE(d->field(QStringLiteral("final.peak"))->isHidden());
    CHECK(d->field(QStringLiteral("bus"))->text() == u"bus1");
    CHECK(d->field(QStringLiteral("address"))->text() == u"1");
    CHECK(d->oldMeter().value(u"last_reading").toObject().value(u"value").toString() == u"110.000");

    // Bad input is named at its field; nothing is sent.
    type(*d, QStringLiteral("final.total"), QStringLiteral("120.1234"));
    type(*d, QStringLiteral("final.sharp"), QStringLiteral("abc"));
    type(*d, QStringLiteral("final.peak"), QStringLiteral("-1"));
    d->submit();
    CHECK(d->fieldError(QStringLiteral("final.total")).contains(QStringLiteral("three decimals")));
    CHECK(d->fieldError(QStringLiteral("final.sharp")).contains(QStringLiteral("Not a number")));
    CHECK(d->fieldError(QStringLiteral("final.peak")).contains(QStringLiteral("negative")));
    CHECK_FALSE(d->fieldError(QStringLiteral("final.flat")).isEmpty()); // empty: required
    CHECK_FALSE(d->fieldError(QStringLiteral("nameplate")).isEmpty());
    CHECK_FALSE(d->fieldError(QStringLiteral("initial.total")).isEmpty());
    type(*d, QStringLiteral("final.total"), QStringLiteral("105"));
    d->submit();
    CHECK(d->fieldError(QStringLiteral("final.total")).contains(QStringLiteral("110.000")));
    type(*d, QStringLiteral("nameplate"), QStringLiteral("E-0001"));
    d->submit();
    CHECK(d->fieldError(QStringLiteral("nameplate")).contains(QStringLiteral("old meter")));
    d->atEdit()->setMaximumDateTime(QDateTime::currentDateTime().addDays(2));
    d->atEdit()->setDateTime(QDateTime::currentDateTime().addDays(1));
    d->submit();
    CHECK(d->fieldError(QStringLiteral("at")).contains(QStringLiteral("future")));
    d->atEdit()->setDateTime(QDateTime::currentDateTime().addSecs(-3 * 3600)); // before the last reading
    d->submit();
    CHECK(d->fieldError(QStringLiteral("at")).contains(QStringLiteral("after")));
    CHECK(desk.call(QStringLiteral("meter.get"), {{QStringLiteral("id"), oldId}}).value(u"state").toString() != u"removed");

    // The service's refusal: a nameplate in use (E-0003) — shown as it says it, at both fields.
    d->atEdit()->setDateTime(QDateTime::currentDateTime());
    type(*d, QStringLiteral("final.total"), QStringLiteral("120"));
    for (const char* r : {"sharp", "peak", "flat", "valley"})
        type(*d, QStringLiteral("final.") + QLatin1String(r), QStringLiteral("5.000"));
    type(*d, QStringLiteral("nameplate"), QStringLiteral("E-0003"));
    type(*d, QStringLiteral("initial.total"), QStringLiteral("0.02"));
    for (const char* r : {"sharp", "peak", "flat", "valley"})
        type(*d, QStringLiteral("initial.") + QLatin1String(r), QStringLiteral("0"));
    d->reasonEdit()->setText(QStringLiteral("display broken"));
    QSignalSpy refused(d, &app::MeterSwapDialog::refused);
    QSignalSpy swapped(d, &app::MeterSwapDialog::swapped);
    d->submit();
    REQUIRE(waitUntil([&] { return refused.count() == 1; }));
    CHECK(d->outcome()->text().contains(QStringLiteral("E-0003")));
    CHECK_FALSE(d->fieldError(QStringLiteral("nameplate")).isEmpty());
    CHECK(d->swapButton()->isEnabled());
    CHECK(desk.call(QStringLiteral("meter.get"), {{QStringLiteral("id"), oldId}}).value(u"state").toString() != u"removed");

    // The swap: 120 - 110 = 10 kWh more, cumulative round(20 × 0.5283) = 10.57, so 10.57 - 5.28 = 5.29.
    type(*d, QStringLiteral("nameplate"), QStringLiteral("E-0101"));
    d->submit();
    REQUIRE(waitUntil([&] { return swapped.count() == 1; }));
    const QJsonObject result = swapped.at(0).at(0).toJsonObject();
    const QJsonObject billed = result.value(u"final_reading").toObject();
    CHECK(billed.value(u"status").toString() == u"billed");
    CHECK(fen(billed.value(u"charged").toString()) == 529);
    CHECK(d->outcome()->text().contains(QStringLiteral("5.29")));
    CHECK(d->outcome()->text().contains(QStringLiteral("1-101")));
    CHECK_FALSE(d->swapButton()->isEnabled());
    const qint64 newId = result.value(u"new").toInteger();

    // The ledger: the deduction, to the fen, is the account's newest transaction.
    const QJsonArray posted = desk.call(QStringLiteral("account.transactions"), {{QStringLiteral("code"), QStringLiteral("1-101")}})
                                  .value(u"transactions").toArray();
    REQUIRE_FALSE(posted.isEmpty());
    const QJsonObject last = posted.at(0).toObject();
    CHECK(last.value(u"kind").toString() == u"deduction");
    CHECK(fen(last.value(u"amount").toString()) == 529);
    CHECK(last.value(u"transaction").toInteger() == billed.value(u"transaction").toInteger());
    const QJsonObject account = desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}});
    CHECK(fen(account.value(u"wallets").toObject().value(u"electricity").toString()) == 5000 - 528 - 529);

    // The grid: the old meter is gone, the new one is listed on 1-101 and is the current row.
    REQUIRE(waitUntil([&] { return pane.model().rowOfMeter(oldId) < 0 && pane.model().rowOfMeter(newId) >= 0; }));
    const app::MeterRow& row = pane.model().rowAt(pane.model().rowOfMeter(newId));
    CHECK(row.nameplate == u"E-0101");
    CHECK(row.accountCode == u"1-101");
    CHECK(row.roomPath == u"A/1/1/101");
    CHECK(row.lastValue == u"0.020");
    CHECK(pane.model().rowCount() == 5);
    CHECK(pane.currentMeter() == newId);
    d->close();
}

TEST_CASE("meter swap: a water meter asks for its total only, and a cashier may not swap", "[app][meters][swap]")
{
    CHECK(app::meterRegisters(u"water", u"cjt188", u"") == QStringList{QStringLiteral("total")});
    CHECK(app::meterRegisters(u"electricity", u"dlt645", u"").size() == 5);
    CHECK(app::meterRegisters(u"electricity", u"modbus", u"eastron-sdm120") == QStringList{QStringLiteral("total")});
    CHECK(app::registerTextProblem(QStringLiteral("1234.567")).isEmpty());
    CHECK(app::registerTextProblem(QStringLiteral("0")).isEmpty());
    CHECK_FALSE(app::registerTextProblem(QStringLiteral("1,5")).isEmpty());
    CHECK_FALSE(app::registerTextProblem(QStringLiteral("1.")).isEmpty());

    MeterDesk desk(QStringLiteral("wang"));
    app::MeterPane pane(desk.client);
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5; }));
    CHECK_FALSE(pane.swapButton()->isEnabled());
    makeCurrent(pane, desk.meterIds.value(QStringLiteral("W-0001")));
    CHECK(pane.openSwap() == nullptr);
}

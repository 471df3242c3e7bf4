// The apportionment dialog (公摊) from the reports tab against the real service: a manager
// chooses a group and a period, previews each account's share (nothing moves), files the run
// for approval; the approvals view names the request readably, refuses the maker's own
// approval, and another manager's approval deducts the shares to the fen.

#include "meter_desk.h"
#include "reply_wait.h"

#include "apportion_dialog.h"
#include "approval_dialogs.h"
#include "ledger_model.h"
#include "report_request.h"
#include "report_table_model.h"
#include "reports_pane.h"

#include "collection/tariff_store.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QDateEdit>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>

using namespace md;
using namespace md::test;

namespace {

QString electricity(MeterDesk& desk, const char* code)
{
    return desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QLatin1String(code)}})
        .value(u"wallets")
        .toObject()
        .value(u"electricity")
        .toString();
}

} // namespace

TEST_CASE("Apportionment dialog: preview a group's period, file it, another manager approves", "[app][apportion]")
{
    MeterDesk desk; // li, a manager
    auto zhao = desk.server.addOperator(QStringLiteral("zhao"), QStringLiteral("manager"));
    const qint64 meter = desk.meterIds.value(QStringLiteral("E-0004")); // in no room, no account
    {
        auto db = storage::Database::open(desk.server.databaseConfig());
        TariffStore(*db).put(QByteArrayLiteral("[tariff]\nid = pub-e\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                               "[version]\neffective = 2024-01-01\nprice.flat = 1.0000\n"),
                             QDateTime::currentMSecsSinceEpoch());
        storage::SqlQuery(*db, QStringLiteral("INSERT INTO meter_daily (meter_id, day, first_at_ms, last_at_ms, first_total_milli, "
                                              "last_total_milli, used_total_milli, used_sharp_milli, used_peak_milli, "
                                              "used_flat_milli, used_valley_milli, reading_count, anomaly_count) VALUES "
                                              "(%1, '2026-10-01', 0, 0, 0, 0, 600, 0, 0, 0, 0, 1, 0), "
                                              "(%1, '2026-10-02', 0, 0, 0, 0, 400, 0, 0, 0, 0, 1, 0)")
                                   .arg(meter))
            .exec();
    }
    desk.call(QStringLiteral("apportion.group.create"),
              {{QStringLiteral("name"), QStringLiteral("1号楼公区照明")},
               {QStringLiteral("meter"), meter},
               {QStringLiteral("tariff"), QStringLiteral("pub-e")},
               {QStringLiteral("method"), QStringLiteral("weight")},
               {QStringLiteral("members"), QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("1-101")}, {QStringLiteral("weight"), 2}},
                                                      QJsonObject{{QStringLiteral("code"), QStringLiteral("1-102")}, {QStringLiteral("weight"), 1}}}}});

    app::ReportsPane pane(desk.client, QStringLiteral("Office"));
    CHECK(pane.apportionButton()->isVisibleTo(&pane)); // a manager's
    app::ApportionDialog* d = pane.openApportionment();
    QSignalSpy loaded(d, &app::ApportionDialog::groupsLoaded);
    REQUIRE(waitUntil([&] { return loaded.count() == 1; }));
    REQUIRE(d->groupBox()->count() == 1);
    CHECK(d->groupBox()->currentText().contains(QStringLiteral("1号楼公区照明")));
    CHECK_FALSE(d->submitButton()->isEnabled()); // nothing previewed yet

    d->fromEdit()->setDate(QDate(2026, 10, 1));
    d->toEdit()->setDate(QDate(2026, 10, 31));
    QSignalSpy previewed(d, &app::ApportionDialog::previewed);
    d->previewButton()->click();
    REQUIRE(waitUntil([&] { return previewed.count() == 1; }));
    // 1.000 kWh at 1.0000 = 1.00 yuan, 2 : 1 → 0.67 and 0.33 (the fen left goes to the larger remainder).
    REQUIRE(d->sharesTable()->rowCount() == 2);
    CHECK(d->sharesTable()->item(0, 0)->text() == u"1-101");
    CHECK(d->sharesTable()->item(0, 2)->text() == u"2");
    CHECK(d->sharesTable()->item(0, 3)->text() == u"0.67");
    CHECK(d->sharesTable()->item(1, 3)->text() == u"0.33");
    CHECK(d->summaryLabel()->text().contains(QStringLiteral("E-0004")));
    CHECK(d->summaryLabel()->text().contains(QStringLiteral("1.00")));
    CHECK(d->submitButton()->isEnabled());

    // Another period is another request: preview it first.
    d->toEdit()->setDate(QDate(2026, 10, 30));
    CHECK_FALSE(d->submitButton()->isEnabled());
    d->previewButton()->click();
    REQUIRE(waitUntil([&] { return previewed.count() == 2; }));
    REQUIRE(d->submitButton()->isEnabled());

    QSignalSpy filed(d, &app::ApportionDialog::filed);
    d->submitButton()->click();
    REQUIRE(waitUntil([&] { return filed.count() == 1; }));
    CHECK(d->outcomeLabel()->text().contains(QStringLiteral("PENDING")));
    CHECK(electricity(desk, "1-101") == u"50.00"); // nothing moved yet

    // The approvals view: the request in words; the maker's own approval is refused.
    app::ApprovalsWindow approvals(desk.client);
    QSignalSpy listed(&approvals, &app::ApprovalsWindow::loaded);
    REQUIRE(waitUntil([&] { return listed.count() >= 1; }));
    REQUIRE(approvals.model().rowCount() == 1);
    const auto cell = [&](int column) { return approvals.model().data(approvals.model().index(0, column)).toString(); };
    CHECK(cell(app::ApprovalModel::Kind) == u"Public-area apportionment");
    CHECK(cell(app::ApprovalModel::Account).isEmpty()); // no single account
    CHECK(cell(app::ApprovalModel::Amount) == u"1.00");
    CHECK(cell(app::ApprovalModel::Details).contains(QStringLiteral("1号楼公区照明: meter E-0004, 2026-10-01 to 2026-10-30, 1.000 kWh, 1.00 yuan over 2 accounts")));
    QSignalSpy decided(&approvals, &app::ApprovalsWindow::decided);
    approvals.view()->setCurrentIndex(approvals.model().index(0, 0));
    approvals.approveButton()->click();
    REQUIRE(waitUntil([&] { return decided.count() == 1; }));
    CHECK_FALSE(decided.at(0).at(0).toBool());
    CHECK(electricity(desk, "1-101") == u"50.00");

    // Another manager approves: 0.67 and 0.33 leave the wallets.
    const qint64 id = approvals.model().rowAt(0).value(u"id").toInteger();
    resultOf(zhao->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), id}}));
    CHECK(electricity(desk, "1-101") == u"49.33");
    CHECK(electricity(desk, "1-102") == u"-0.33");
    // The tenant's ledger explains the deduction in words.
    const QJsonObject deduction = desk.call(QStringLiteral("account.transactions"), {{QStringLiteral("code"), QStringLiteral("1-101")}})
                                      .value(u"transactions")
                                      .toArray()
                                      .at(0)
                                      .toObject();
    const QString explained = app::LedgerModel::explain(deduction);
    CHECK(explained.contains(QStringLiteral("meter E-0004 used 1.000 kWh from 2026-10-01 to 2026-10-30, costing 1.00 yuan; "
                                            "this account's share is 2 of 3 (fixed shares), 0.67 yuan.")));

    // The reports tab shows the approved run, a row per account and the total.
    CHECK(pane.offeredReports().contains(QStringLiteral("report.apportionment")));
    app::ReportRequest r;
    r.method = QStringLiteral("report.apportionment");
    r.from = QDate(2026, 10, 1);
    r.to = QDate(2026, 10, 31);
    pane.setRequest(r);
    QSignalSpy shown(&pane, &app::ReportsPane::reportShown);
    pane.run();
    REQUIRE(shown.wait(20000));
    const app::ReportTableModel& m = pane.model();
    REQUIRE(m.rowCount() == 3); // two shares and the totals
    const int amount = int(m.report().columnIndex(QStringLiteral("amount")));
    REQUIRE(amount >= 0);
    CHECK(m.data(m.index(0, amount)).toString() == u"0.67");
    CHECK(m.data(m.index(2, amount)).toString() == u"1.00");
}

TEST_CASE("A cashier's reports tab offers no apportionment", "[app][apportion]")
{
    MeterDesk desk(QStringLiteral("wang"));
    app::ReportsPane pane(desk.client, QStringLiteral("Office"));
    CHECK_FALSE(pane.apportionButton()->isVisibleTo(&pane));
    CHECK_FALSE(pane.offeredReports().contains(QStringLiteral("report.apportionment")));
}

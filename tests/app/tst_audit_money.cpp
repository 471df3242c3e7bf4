// The audit log viewer shows money as people read it: the log stores integer fen under keys
// ending in "_fen"; the viewer shows yuan with two decimals under the key without the suffix,
// at any depth, and leaves everything else as stored.

#include "meter_desk.h"
#include "reply_wait.h"

#include "admin_access.h"
#include "audit_model.h"
#include "audit_viewer.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

using namespace md;
using namespace md::test;

TEST_CASE("Audit model: *_fen keys as yuan, labelled without the suffix", "[app][admin]")
{
    app::AuditModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    const QJsonObject detail = QJsonDocument::fromJson(R"({"amount_fen":550,"balance_after_fen":-1234,"memo":"张三","count":3,
        "zero_fen":0,"big_fen":123456789012,"note_fen":"n/a","_fen":7,"after":{"refund_fen":5,"code":"1-101"},
        "lines":[{"total_fen":100}]})")
                                   .object();
    REQUIRE_FALSE(detail.isEmpty());
    model.append(QJsonArray{QJsonObject{{QStringLiteral("seq"), 1},
                                        {QStringLiteral("at"), QStringLiteral("2026-11-29T08:00:00.000Z")},
                                        {QStringLiteral("action"), QStringLiteral("recharge")},
                                        {QStringLiteral("detail"), detail},
                                        {QStringLiteral("result"), QStringLiteral("ok")}}});
    const QString text = model.index(0, app::AuditModel::Detail).data().toString();
    // QJsonObject's keys come in order.
    CHECK(text == QStringLiteral("_fen: 7, after: {\"code\":\"1-101\",\"refund\":\"¥0.05\"}, amount: ¥5.50, "
                                 "balance_after: ¥-12.34, big: ¥1234567890.12, count: 3, lines: [{\"total\":\"¥1.00\"}], "
                                 "memo: 张三, note_fen: n/a, zero: ¥0.00"));
    // The tooltip keeps the record as stored.
    CHECK(model.index(0, app::AuditModel::Detail).data(Qt::ToolTipRole).toString().contains(QStringLiteral("\"amount_fen\": 550")));
}

TEST_CASE("Audit viewer: a recharge's amount and balances in yuan", "[app][admin]")
{
    MeterDesk desk; // li, a manager, recharged 1-101 with 50.00 yuan
    app::AuditViewer viewer(desk.client, app::AdminAccess::forRole(QStringLiteral("manager")));
    viewer.setFilter(QStringLiteral("recharge"), {});
    QSignalSpy page(&viewer, &app::AuditViewer::pageLoaded);
    viewer.search();
    REQUIRE(page.wait(10000));
    REQUIRE(viewer.model().rowCount() == 1);
    const QString text = viewer.model().index(0, app::AuditModel::Detail).data().toString();
    CHECK(text.contains(QStringLiteral("amount: ¥50.00")));
    CHECK(text.contains(QStringLiteral("balance_before: ¥0.00")));
    CHECK(text.contains(QStringLiteral("balance_after: ¥50.00")));
    CHECK_FALSE(text.contains(QStringLiteral("_fen")));
    CHECK_FALSE(text.contains(QStringLiteral("5000")));
}

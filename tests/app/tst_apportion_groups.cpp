// The apportionment groups screen (公摊分组) against the real service: a manager creates a group
// in the editor (field errors said before anything is sent), sees it listed, changes its method
// to fixed shares with a weight each; a create the service refuses (an unknown nameplate) shows
// the service's own words and keeps everything typed; an auditor reads the groups only.

#include "meter_desk.h"
#include "reply_wait.h"

#include "apportion_dialog.h"
#include "apportion_group_editor.h"
#include "apportion_group_model.h"
#include "apportion_groups.h"
#include "reports_pane.h"

#include "collection/tariff_store.h"
#include "storage/database.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>

using namespace md;
using namespace md::test;

namespace {

void putPublicTariff(MeterDesk& desk)
{
    auto db = storage::Database::open(desk.server.databaseConfig());
    TariffStore(*db).put(QByteArrayLiteral("[tariff]\nid = pub-e\nname = 公区电费\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                           "[version]\neffective = 2024-01-01\nprice.flat = 1.0000\n"),
                         QDateTime::currentMSecsSinceEpoch());
}

QJsonArray groups(MeterDesk& desk)
{
    return desk.call(QStringLiteral("apportion.group.list"), {}).value(u"groups").toArray();
}

QString cell(const app::ApportionGroupModel& m, int row, int column)
{
    return m.data(m.index(row, column)).toString();
}

app::ApportionGroupEditor* editorReady(app::ApportionGroupEditor* e)
{
    REQUIRE(e);
    QSignalSpy tariffs(e, &app::ApportionGroupEditor::tariffsLoaded);
    REQUIRE(waitUntil([&] { return tariffs.count() == 1; }));
    return e;
}

void setTariff(app::ApportionGroupEditor* e, const char* key)
{
    const int i = e->tariffBox()->findData(QLatin1String(key));
    REQUIRE(i >= 0);
    e->tariffBox()->setCurrentIndex(i);
}

void setCell(QTableWidget* t, int row, int column, const QString& text)
{
    REQUIRE(t->item(row, column));
    t->item(row, column)->setText(text);
}

void logIn(MeterDesk& desk, api::ServiceClient& client, const char* name)
{
    QSignalSpy in(&client, &api::ServiceClient::loggedIn);
    api::ServiceEndpoint endpoint;
    endpoint.port = desk.server.port();
    client.open(endpoint, QLatin1String(name), TestServer::passwordOf(QLatin1String(name)));
    REQUIRE(waitUntil([&] { return in.count() == 1; }));
}

} // namespace

TEST_CASE("Apportionment groups: a manager creates a group, sees it listed, changes it to fixed shares", "[app][apportion]")
{
    MeterDesk desk; // li, a manager
    putPublicTariff(desk);
    app::ReportsPane pane(desk.client, QStringLiteral("Office"));
    REQUIRE(pane.apportionGroupsButton()->isVisibleTo(&pane));
    app::ApportionGroupsDialog* d = pane.openApportionGroups();
    QAbstractItemModelTester tester(&d->model(), QAbstractItemModelTester::FailureReportingMode::Warning);
    QSignalSpy loaded(d, &app::ApportionGroupsDialog::loaded);
    REQUIRE(waitUntil([&] { return loaded.count() == 1; }));
    CHECK(d->model().rowCount() == 0);
    REQUIRE(d->mayEdit());
    CHECK(d->newButton()->isVisibleTo(d));

    app::ApportionGroupEditor* e = editorReady(d->openNew());
    CHECK(e->tariffBox()->findData(QStringLiteral("pub-e")) >= 0); // the service's tariffs
    CHECK(e->tariffBox()->currentIndex() == -1);                    // none chosen for the manager
    CHECK(e->membersTable()->isColumnHidden(app::ApportionGroupEditor::WeightColumn)); // by area: no weights
    QSignalSpy failed(e, &app::ApportionGroupEditor::failed);
    QSignalSpy saved(e, &app::ApportionGroupEditor::saved);

    // Field errors before anything is sent.
    e->saveButton()->click();
    CHECK(e->problem() == u"Enter the group's name.");
    e->nameEdit()->setText(QStringLiteral("1号楼公区照明"));
    e->saveButton()->click();
    CHECK(e->problem() == u"Enter the common meter's nameplate.");
    e->meterEdit()->setText(QStringLiteral("E-0004"));
    e->saveButton()->click();
    CHECK(e->problem() == u"Choose the tariff that prices the common meter.");
    setTariff(e, "pub-e");
    e->addMember(QStringLiteral("1-101"));
    e->addMember(QStringLiteral("1-101"));
    e->saveButton()->click();
    CHECK(e->problem() == u"Account 1-101 is listed twice.");
    CHECK(failed.count() == 4);
    CHECK(groups(desk).isEmpty()); // nothing was sent

    setCell(e->membersTable(), 1, app::ApportionGroupEditor::CodeColumn, QStringLiteral("1-102"));
    e->addMember(); // an empty row is left out
    e->remarksEdit()->setText(QStringLiteral("stairwell lights"));
    e->saveButton()->click();
    REQUIRE(waitUntil([&] { return saved.count() == 1; }));
    CHECK(failed.count() == 4);
    REQUIRE(waitUntil([&] { return loaded.count() == 2; }));

    REQUIRE(d->model().rowCount() == 1);
    CHECK(d->statusLabel()->text().startsWith(QStringLiteral("Saved: 1号楼公区照明.")));
    using M = app::ApportionGroupModel;
    CHECK(cell(d->model(), 0, M::Name) == u"1号楼公区照明");
    CHECK(cell(d->model(), 0, M::Meter) == u"E-0004");
    CHECK(cell(d->model(), 0, M::Tariff) == u"pub-e");
    CHECK(cell(d->model(), 0, M::Method) == u"by area");
    CHECK(cell(d->model(), 0, M::Members) == u"2");
    CHECK(cell(d->model(), 0, M::Active) == u"yes");
    CHECK(cell(d->model(), 0, M::Remarks) == u"stairwell lights");
    REQUIRE(groups(desk).size() == 1);

    // Edit: by fixed shares, a weight each (a missing weight is said before sending).
    e = editorReady(d->openEdit(0));
    CHECK(e->nameEdit()->text() == u"1号楼公区照明");
    CHECK(e->meterEdit()->isReadOnly()); // the group keeps its meter
    CHECK(e->tariffBox()->currentData().toString() == u"pub-e");
    REQUIRE(e->membersTable()->rowCount() == 2);
    CHECK(e->membersTable()->item(0, app::ApportionGroupEditor::CodeColumn)->text() == u"1-101");
    CHECK(e->membersTable()->item(1, app::ApportionGroupEditor::CodeColumn)->text() == u"1-102");
    e->methodBox()->setCurrentIndex(e->methodBox()->findData(QStringLiteral("weight")));
    CHECK_FALSE(e->membersTable()->isColumnHidden(app::ApportionGroupEditor::WeightColumn));
    setCell(e->membersTable(), 0, app::ApportionGroupEditor::WeightColumn, QStringLiteral("2"));
    QSignalSpy editFailed(e, &app::ApportionGroupEditor::failed);
    QSignalSpy editSaved(e, &app::ApportionGroupEditor::saved);
    e->saveButton()->click();
    CHECK(e->problem() == u"Account 1-102: by fixed shares, enter a whole number from 0 to 1000000000 as its weight.");
    CHECK(groups(desk).at(0).toObject().value(u"method").toString() == u"area");
    setCell(e->membersTable(), 1, app::ApportionGroupEditor::WeightColumn, QStringLiteral("1"));
    e->saveButton()->click();
    REQUIRE(waitUntil([&] { return editSaved.count() == 1; }));
    REQUIRE(waitUntil([&] { return loaded.count() == 3; }));
    CHECK(cell(d->model(), 0, M::Method) == u"by fixed shares");
    const QJsonObject stored = groups(desk).at(0).toObject();
    CHECK(stored.value(u"method").toString() == u"weight");
    CHECK(stored.value(u"nameplate").toString() == u"E-0004");
    const QJsonArray members = stored.value(u"members").toArray();
    REQUIRE(members.size() == 2);
    CHECK(members.at(0).toObject().value(u"code").toString() == u"1-101");
    CHECK(members.at(0).toObject().value(u"weight").toInteger() == 2);
    CHECK(members.at(1).toObject().value(u"code").toString() == u"1-102");
    CHECK(members.at(1).toObject().value(u"weight").toInteger() == 1);

    // The run dialog offers it.
    app::ApportionDialog* run = pane.openApportionment();
    QSignalSpy runLoaded(run, &app::ApportionDialog::groupsLoaded);
    REQUIRE(waitUntil([&] { return runLoaded.count() == 1; }));
    CHECK(run->groupBox()->count() == 1);
}

TEST_CASE("Apportionment groups: a create the service refuses shows its words and keeps what was typed", "[app][apportion]")
{
    MeterDesk desk;
    putPublicTariff(desk);
    app::ApportionGroupsDialog d(desk.client);
    QSignalSpy loaded(&d, &app::ApportionGroupsDialog::loaded);
    REQUIRE(waitUntil([&] { return loaded.count() == 1; }));
    app::ApportionGroupEditor* e = editorReady(d.openNew());
    e->nameEdit()->setText(QStringLiteral("水泵"));
    e->meterEdit()->setText(QStringLiteral("NO-SUCH-1"));
    setTariff(e, "pub-e");
    e->methodBox()->setCurrentIndex(e->methodBox()->findData(QStringLiteral("weight")));
    e->addMember(QStringLiteral("1-101"), QStringLiteral("3"));
    e->addMember(QStringLiteral("1-102"), QStringLiteral("1"));
    e->remarksEdit()->setText(QStringLiteral("the shared pump"));
    e->activeBox()->setChecked(false);

    // What the service itself answers to the same create.
    const QString refusal = errorMessage(desk.li->call(QStringLiteral("apportion.group.create"),
                                                       {{QStringLiteral("name"), QStringLiteral("水泵")},
                                                        {QStringLiteral("nameplate"), QStringLiteral("NO-SUCH-1")},
                                                        {QStringLiteral("tariff"), QStringLiteral("pub-e")}}));
    REQUIRE_FALSE(refusal.isEmpty());

    QSignalSpy failed(e, &app::ApportionGroupEditor::failed);
    e->saveButton()->click();
    REQUIRE(waitUntil([&] { return failed.count() == 1; }));
    CHECK(failed.at(0).at(0).toString() == refusal);
    CHECK(e->problem() == refusal);
    CHECK(refusal.contains(QStringLiteral("NO-SUCH-1")));
    CHECK(e->isVisible()); // still open, everything as typed
    CHECK(e->saveButton()->isEnabled());
    CHECK(e->nameEdit()->text() == u"水泵");
    CHECK(e->meterEdit()->text() == u"NO-SUCH-1");
    CHECK(e->tariffBox()->currentData().toString() == u"pub-e");
    CHECK(e->methodBox()->currentData().toString() == u"weight");
    REQUIRE(e->membersTable()->rowCount() == 2);
    CHECK(e->membersTable()->item(0, app::ApportionGroupEditor::CodeColumn)->text() == u"1-101");
    CHECK(e->membersTable()->item(0, app::ApportionGroupEditor::WeightColumn)->text() == u"3");
    CHECK(e->membersTable()->item(1, app::ApportionGroupEditor::WeightColumn)->text() == u"1");
    CHECK(e->remarksEdit()->text() == u"the shared pump");
    CHECK_FALSE(e->activeBox()->isChecked());
    CHECK(groups(desk).isEmpty());

    // Corrected, the same dialog creates it.
    e->meterEdit()->setText(QStringLiteral("E-0004"));
    QSignalSpy saved(e, &app::ApportionGroupEditor::saved);
    e->saveButton()->click();
    REQUIRE(waitUntil([&] { return saved.count() == 1; }));
    REQUIRE(groups(desk).size() == 1);
    CHECK_FALSE(groups(desk).at(0).toObject().value(u"active").toBool());
}

TEST_CASE("Apportionment groups: an auditor reads them, a cashier is not offered them", "[app][apportion]")
{
    MeterDesk desk;
    putPublicTariff(desk);
    desk.call(QStringLiteral("apportion.group.create"), {{QStringLiteral("name"), QStringLiteral("1号楼公区照明")},
                                                         {QStringLiteral("nameplate"), QStringLiteral("E-0004")},
                                                         {QStringLiteral("tariff"), QStringLiteral("pub-e")},
                                                         {QStringLiteral("members"), QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("1-101")}}}}});
    auto sun = desk.server.addOperator(QStringLiteral("sun"), QStringLiteral("auditor"));
    api::ServiceClient auditor;
    logIn(desk, auditor, "sun");

    app::ReportsPane pane(auditor, QStringLiteral("Office"));
    CHECK(pane.apportionGroupsButton()->isVisibleTo(&pane));
    CHECK_FALSE(pane.apportionButton()->isVisibleTo(&pane));
    app::ApportionGroupsDialog* d = pane.openApportionGroups();
    QSignalSpy loaded(d, &app::ApportionGroupsDialog::loaded);
    REQUIRE(waitUntil([&] { return loaded.count() == 1; }));
    REQUIRE(d->model().rowCount() == 1);
    CHECK(cell(d->model(), 0, app::ApportionGroupModel::Meter) == u"E-0004");
    CHECK_FALSE(d->mayEdit());
    CHECK_FALSE(d->newButton()->isVisibleTo(d));
    CHECK_FALSE(d->editButton()->isVisibleTo(d));
    CHECK(d->openEdit(0) == nullptr);
    CHECK(d->statusLabel()->text().contains(QStringLiteral("Read only")));

    api::ServiceClient cashier;
    logIn(desk, cashier, "wang");
    app::ReportsPane cashierPane(cashier, QStringLiteral("Office"));
    CHECK_FALSE(cashierPane.apportionGroupsButton()->isVisibleTo(&cashierPane));
}

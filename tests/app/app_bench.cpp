// Figures for the front desk (a program that prints, not a timed test):
//   - cold start: main() to the login window shown; `time app_bench --login-only` for the whole
//     process (loader, libraries, platform plugin, fonts);
//   - grid refresh: 5,000 accounts replaced in the model and the view laid out and painted;
//   - meter grid refresh: 5,000 meters (meter.list's JSON) replaced, sorted by balance through
//     the proxy, painted (target <= 100 ms); and the same rows written to .xlsx.
#include "account_model.h"
#include "login_dialog.h"
#include "meter_model.h"
#include "meter_xlsx_export.h"

#include "api/service_client.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTextStream>

#include <algorithm>

int main(int argc, char* argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QTextStream out(stdout);
    {
        md::api::ServiceClient client;
        md::app::LoginDialog login(client);
        login.show();
        QApplication::processEvents();
        out << "main() to login window shown: " << sinceStart.elapsed() << " ms\n";
    }
    // `time app_bench --login-only` gives the whole cold start, loader and libraries included.
    if (argc > 1 && QByteArrayView(argv[1]) == "--login-only")
        return 0;

    md::app::AccountModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    proxy.setSortRole(md::app::AccountModel::SortRole);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.resize(1000, 640);
    view.show();
    QList<qint64> samples;
    for (int round = 0; round < 10; ++round) {
        QList<QJsonObject> accounts;
        accounts.reserve(5000);
        for (int i = 0; i < 5000; ++i)
            accounts.append({{QStringLiteral("account"), i + 1},
                             {QStringLiteral("code"), QStringLiteral("%1-%2").arg(i / 100 + 1).arg(i % 100 + 101)},
                             {QStringLiteral("tenant_name"), QStringLiteral("住户%1").arg(i)},
                             {QStringLiteral("phone"), QStringLiteral("138%1").arg(i, 8, 10, QLatin1Char('0'))},
                             {QStringLiteral("status"), QStringLiteral("open")},
                             {QStringLiteral("wallets"), QJsonObject{{QStringLiteral("electricity"), QStringLiteral("%1.%2").arg(i - 100).arg(round * 3 % 100, 2, 10, QLatin1Char('0'))},
                                                                     {QStringLiteral("water"), QStringLiteral("0.00")},
                                                                     {QStringLiteral("heat"), QStringLiteral("0.00")}}}});
        QElapsedTimer t;
        t.start();
        model.replaceAll(accounts);
        view.repaint();
        QApplication::processEvents();
        samples.append(t.nsecsElapsed() / 1000);
    }
    std::sort(samples.begin(), samples.end());
    out << "grid refresh, 5000 accounts (model reset + sorted proxy + view paint), 10 rounds: min "
        << double(samples.first()) / 1000.0 << " ms, median " << double(samples.at(5)) / 1000.0 << " ms, max "
        << double(samples.last()) / 1000.0 << " ms\n";

    // The meter grid: what meter.list answers for 5,000 meters, parsed, reset, sorted, painted.
    static const char* const kStates[] = {"opened-normal", "alarm-1", "alarm-2", "arrears", "not-opened", "lost", "forced-on"};
    md::app::MeterModel meters;
    QSortFilterProxyModel meterProxy;
    meterProxy.setSourceModel(&meters);
    meterProxy.setFilterRole(md::app::MeterModel::SearchRole);
    meterProxy.setSortRole(md::app::MeterModel::SortRole);
    QTableView meterView;
    meterView.setModel(&meterProxy);
    meterView.setSortingEnabled(true);
    meterView.sortByColumn(md::app::MeterModel::Balance, Qt::DescendingOrder);
    meterView.resize(1000, 640);
    meterView.show();
    QList<qint64> meterSamples;
    for (int round = 0; round < 10; ++round) {
        QJsonArray list;
        for (int i = 0; i < 5000; ++i) {
            const QString path = QStringLiteral("A/%1/1/%2").arg(i / 500 + 1).arg(i % 500 + 101);
            list.append(QJsonObject{
                {QStringLiteral("id"), i + 1},
                {QStringLiteral("nameplate"), QStringLiteral("E-%1").arg(i + 1, 5, 10, QLatin1Char('0'))},
                {QStringLiteral("utility"), QStringLiteral("electricity")},
                {QStringLiteral("state"), QString::fromLatin1(kStates[(i + round) % 7])},
                {QStringLiteral("balance"), QStringLiteral("%1.%2").arg((i * 7919 + round) % 3000 - 100).arg(i % 100, 2, 10, QLatin1Char('0'))},
                {QStringLiteral("room"), QJsonObject{{QStringLiteral("id"), i + 1}, {QStringLiteral("code"), QString::number(i % 500 + 101)}, {QStringLiteral("path"), path}}},
                {QStringLiteral("account"), QJsonObject{{QStringLiteral("id"), i + 1}, {QStringLiteral("code"), path}, {QStringLiteral("tenant_name"), QStringLiteral("住户%1").arg(i)}, {QStringLiteral("phone"), QStringLiteral("138%1").arg(i, 8, 10, QLatin1Char('0'))}}},
                {QStringLiteral("last_reading"), QJsonObject{{QStringLiteral("value"), QStringLiteral("%1.250").arg(i * 3 + round)}, {QStringLiteral("unit"), QStringLiteral("kWh")}, {QStringLiteral("at"), QStringLiteral("2026-03-01T08:30:00.000Z")}}},
                {QStringLiteral("relay"), QJsonObject{{QStringLiteral("actual"), QStringLiteral("on")}, {QStringLiteral("desired"), QStringLiteral("on")}}}});
        }
        QElapsedTimer t;
        t.start();
        meters.replaceAll(list);
        meterView.repaint();
        QApplication::processEvents();
        meterSamples.append(t.nsecsElapsed() / 1000);
    }
    std::sort(meterSamples.begin(), meterSamples.end());
    out << "meter grid refresh, 5000 meters (JSON to rows + model reset + proxy sorted by balance + view paint), 10 rounds: min "
        << double(meterSamples.first()) / 1000.0 << " ms, median " << double(meterSamples.at(5)) / 1000.0 << " ms, max "
        << double(meterSamples.last()) / 1000.0 << " ms\n";

    QTemporaryDir dir;
    QElapsedTimer x;
    x.start();
    const QString problem = md::app::writeMetersXlsx(dir.filePath(QStringLiteral("meters.xlsx")), meters.rows());
    out << "xlsx export, 5000 meters (on a worker thread in the desk): " << x.elapsed() << " ms"
        << (problem.isEmpty() ? QString() : QStringLiteral(" FAILED: ") + problem) << "\n";
    return 0;
}

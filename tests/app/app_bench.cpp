// Figures for the front desk (a program that prints, not a timed test):
//   - cold start: main() to the login window shown; `time app_bench --login-only` for the whole
//     process (loader, libraries, platform plugin, fonts);
//   - grid refresh: 5,000 accounts replaced in the model and the view laid out and painted.
#include "account_model.h"
#include "login_dialog.h"

#include "api/service_client.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonObject>
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
    return 0;
}

#include "training_banner.h"

#include "api/service_client.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLabel>
#include <QMainWindow>
#include <QPointer>

namespace md::app {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::app::TrainingBanner)
};
} // namespace

QLabel* makeTrainingBanner(QWidget* parent)
{
    auto* bar = new QLabel(Tr::tr("TRAINING MODE — simulated meters, no real money"), parent);
    bar->setObjectName(QStringLiteral("trainingBanner"));
    bar->setAlignment(Qt::AlignCenter);
    bar->setToolTip(Tr::tr("This service runs as a practice installation ([service] training = yes): its meters are "
                           "simulated and its accounts and receipts are not the office's."));
    bar->setStyleSheet(QStringLiteral("QLabel#trainingBanner { background: #ffb300; color: #3e2723; font-weight: bold;"
                                      " font-size: 15px; padding: 6px; border-bottom: 3px solid #e65100; }"));
    bar->hide();
    return bar;
}

void installTrainingBanner(QMainWindow& window, api::ServiceClient& client)
{
    QLabel* bar = makeTrainingBanner(&window);
    window.setMenuWidget(bar); // the window has no menu bar: this is the strip above the toolbar
    const QString plainTitle = window.windowTitle();
    QPointer<QLabel> guard(bar);
    QPointer<QMainWindow> win(&window);
    auto ask = [&client, guard, win, plainTitle] {
        api::ApiReply* reply = client.call(QStringLiteral("session.whoami"));
        QObject::connect(reply, &api::ApiReply::finished, guard, [guard, win, plainTitle](const QJsonObject& me) {
            const bool training = me.value(u"training").toBool();
            if (guard)
                guard->setVisible(training);
            if (win)
                win->setWindowTitle(training ? Tr::tr("%1 — TRAINING").arg(plainTitle) : plainTitle);
        });
    };
    QObject::connect(&client, &api::ServiceClient::loggedIn, bar, [ask](const QJsonObject&) { ask(); });
    ask();
}

} // namespace md::app

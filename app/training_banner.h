#pragma once

class QLabel;
class QMainWindow;
class QWidget;

namespace md::api {
class ServiceClient;
}

namespace md::app {

// 练习模式: a service configured with [service] training = yes (the README demo, a practice
// installation) says "training": true at login. The desk then shows an unmistakable bar above
// everything in the main window, so nobody takes simulated meters and play money for the
// office's books. Asks session.whoami now and after every (re)login; hidden otherwise.
void installTrainingBanner(QMainWindow& window, api::ServiceClient& client);

// The bar itself (hidden until shown), for the window and for tests.
QLabel* makeTrainingBanner(QWidget* parent);

} // namespace md::app

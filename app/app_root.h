#pragma once

#include "account_model.h"
#include "receipt_printer.h"
#include "startup_options.h"

#include "api/service_client.h"

#include <memory>

namespace md::app {

class MainWindow;

// The composition root: builds the client, the models and the printer once, hands them to
// the windows, and runs login → main window.
class AppRoot
{
public:
    AppRoot();
    ~AppRoot();
    // false when the operator cancelled the login. With --login and a usable --password-file
    // the desk logs in without showing the login window (it shows it, saying why, when that fails).
    bool start(const StartupOptions& options = {});
    MainWindow* window() const { return m_window.get(); }
    api::ServiceClient& client() { return m_client; }

private:
    void restoreRecentAccounts();

    api::ServiceClient m_client;
    AccountModel m_accounts;
    std::unique_ptr<ReceiptPrinter> m_printer;
    QString m_officeName;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace md::app

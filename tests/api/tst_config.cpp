// The service configuration file: values, defaults and every error with its line.

#include "config/service_config.h"
#include "util/error.h"

#include <catch2/catch.hpp>

#include <QDir>

using namespace md;

namespace {
ServiceConfig parse(const char* text)
{
    return ServiceConfig::parse(QByteArray(text), QStringLiteral("md.conf"), QStringLiteral("/etc/meterdesk"));
}

// The line an error names, or -1 when it parses.
int errorLine(const char* text)
{
    try {
        parse(text);
    } catch (const InputError& e) {
        CHECK(e.source() == u"md.conf");
        return e.line();
    }
    return -1;
}
} // namespace

TEST_CASE("A configuration file sets the database, the API and the session limits", "[api][config]")
{
    const ServiceConfig c = parse("# office PC\n"
                                  "[database]\n"
                                  "url = sqlite:data/meterdesk.db\n"
                                  "\n"
                                  "[api]\n"
                                  "listen = 127.0.0.1\n"
                                  "port = 7421\n"
                                  "max_line_bytes = 4096\n"
                                  "[sessions]\n"
                                  "idle_minutes = 10\n"
                                  "max_failed_logins = 3\n"
                                  "lockout_minutes = 5\n");
    CHECK(c.database.backend == storage::DatabaseConfig::Backend::Sqlite);
    CHECK(c.database.path == u"/etc/meterdesk/data/meterdesk.db"); // relative to the file
    CHECK(c.api.address == QHostAddress(QHostAddress::LocalHost));
    CHECK(c.api.port == 7421);
    CHECK(c.api.maxLineBytes == 4096);
    CHECK_FALSE(c.api.tls);
    CHECK(c.sessions.idleMs == 10 * 60000);
    CHECK(c.sessions.maxFailedLogins == 3);
    CHECK(c.sessions.lockoutMs == 5 * 60000);

    const ServiceConfig d = parse("[database]\nurl = mysql://md:secret@db.office:3307/meterdesk\n");
    CHECK(d.database.backend == storage::DatabaseConfig::Backend::Mysql);
    CHECK(d.api.port == 7420);
    CHECK(d.api.address.isLoopback()); // loopback by default
    CHECK(d.sessions.maxFailedLogins == 5);
}

TEST_CASE("Every configuration error names its line", "[api][config]")
{
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[api]\nport = 70000\n") == 4);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[api]\nprot = 7420\n") == 4);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[apii]\n") == 3);
    CHECK(errorLine("[database]\nurl = ftp://x\n") == 2);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[sessions]\nidle_minutes = soon\n") == 4);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[api]\nlisten = the-lan\n") == 4);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[database]\nurl = sqlite:y.db\n") == 3);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[sessions]\nmin_password_length = 4\n") == 4);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[api]\ntls_certificate = /nonexistent/cert.pem\n") == 4);
    CHECK(errorLine("[api]\nport = 1\n") == 0); // no [database] at all
    CHECK(errorLine("port = 1\n") == 1);        // before any section
    // The office LAN without TLS would send passwords in clear text: refused unless said.
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[api]\nlisten = 192.168.1.10\n") == 3);
    CHECK(errorLine("[database]\nurl = sqlite:x.db\n[api]\nlisten = any\nallow_plaintext_lan = yes\n") == -1);
}

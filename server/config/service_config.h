#pragma once

#include "auth/authenticator.h"
#include "storage/database_config.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace md {

struct ApiListenConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 7420;                // 0: any free port (tests); the service prints the one it got
    bool tls = false;
    QList<QSslCertificate> certificateChain; // the first is the service's own
    QSslKey privateKey;
    qint64 maxLineBytes = 1024 * 1024;  // a longer request line is refused, the connection kept
    bool allowPlaintextLan = false;     // listening off loopback without TLS: only when said
};

// The service configuration file (meterdeskd serve --config FILE): INI-like text,
//   [database]  url = sqlite:meterdesk.db   (a relative SQLite path is relative to the file)
//   [api]       listen, port, tls_certificate, tls_key, max_line_bytes, allow_plaintext_lan
//   [sessions]  idle_minutes, max_failed_logins, lockout_minutes, min_password_length
// Every problem throws InputError naming the file and line. Sections are read by a table of
// section readers (service_config.cpp), so later areas (buses, notifiers) add their own rows;
// an unknown section or key is an error, so a typo never silently falls back to a default.
struct ServiceConfig
{
    Q_DECLARE_TR_FUNCTIONS(md::ServiceConfig)

public:
    QString source;
    storage::DatabaseConfig database;
    ApiListenConfig api;
    AuthPolicy sessions;

    static ServiceConfig readFile(const QString& path);
    // `baseDir` resolves relative paths (the configuration file's folder).
    static ServiceConfig parse(const QByteArray& text, const QString& source, const QString& baseDir);
};

} // namespace md

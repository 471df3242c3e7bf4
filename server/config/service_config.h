#pragma once

#include "auth/authenticator.h"
#include "collection/bus_settings.h"
#include "log/rotating_log.h"
#include "storage/database_config.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTimeZone>

#include <vector>

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

// The collection side: how often every bus is read and the buses themselves. No [bus] section:
// the service runs without collection (an API-only installation).
struct CollectionConfig
{
    qint64 cycleSeconds = 1800;          // aligned to the wall clock (00:00, 00:30, ...)
    qint64 ingestBatchMs = 500;          // readings of a cycle are committed together after this
    int ingestBatchSize = 500;           // ... or after this many, whichever comes first
    qint64 controlCheckSeconds = 5;      // deferred trips and command retries are looked at this often
    QTimeZone officeZone = QTimeZone(QByteArrayLiteral("Asia/Shanghai"));
    std::vector<collection::BusSettings> buses;
};

// The service configuration file (meterdeskd serve --config FILE): INI-like text,
//   [database]  url = sqlite:meterdesk.db   (a relative SQLite path is relative to the file)
//   [api]       listen, port, tls_certificate, tls_key, max_line_bytes, allow_plaintext_lan
//   [sessions]  idle_minutes, max_failed_logins, lockout_minutes, min_password_length
//   [collection] cycle_minutes (or cycle_seconds), office_time_zone, ingest_batch_ms,
//                ingest_batch_size, control_check_seconds
//   [bus NAME]  device, baud, parity, data_bits, stop_bits, transport, request_timeout_ms,
//               min_timeout_ms, probe_timeout_ms, retries, probe_after_misses,
//               lost_after_misses, command_attempts, command_backoff_ms, dlt645_wake_bytes,
//               modbus_gap_us (docs/collection.md)
//   [log]       file, max_kilobytes, keep, rules (Qt logging rules, ';'-separated)
//   [service]   training (yes: a practice installation, 练习模式; told to every desk at login),
//               language (zh_CN, en, or system)
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
    CollectionConfig collection;
    LogConfig log;
    bool training = false; // [service] training = yes
    // [service] language: the language of what the service says to people (report titles,
    // refusals the desks show, its own output): a locale name such as zh_CN or en; empty
    // ("system", the default) follows the environment (LANG). An office whose service runs
    // under a C or English locale sets zh_CN here.
    QString language;

    static ServiceConfig readFile(const QString& path);
    // `baseDir` resolves relative paths (the configuration file's folder).
    static ServiceConfig parse(const QByteArray& text, const QString& source, const QString& baseDir);
};

} // namespace md

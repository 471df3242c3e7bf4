#include "config/service_config.h"

#include "tariff/ini_document.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <functional>

namespace md {

namespace {

struct Reader
{
    ServiceConfig& config;
    const QString& source;
    const QString& baseDir;

    [[noreturn]] void bad(const IniEntry& e, const QString& problem) const
    {
        throw InputError(source, e.line, problem);
    }

    qint64 integer(const IniEntry& e, qint64 min, qint64 max) const
    {
        bool ok = false;
        const qint64 v = e.value.toLongLong(&ok);
        if (!ok || v < min || v > max)
            bad(e, ServiceConfig::tr("%1 must be a whole number from %2 to %3 (got \"%4\")")
                       .arg(e.key)
                       .arg(min)
                       .arg(max)
                       .arg(e.value));
        return v;
    }

    bool boolean(const IniEntry& e) const
    {
        const QString v = e.value.toLower();
        if (v == u"yes" || v == u"true" || v == u"1")
            return true;
        if (v == u"no" || v == u"false" || v == u"0")
            return false;
        bad(e, ServiceConfig::tr("%1 must be yes or no (got \"%2\")").arg(e.key, e.value));
    }

    QString path(const IniEntry& e) const
    {
        if (e.value.isEmpty())
            bad(e, ServiceConfig::tr("%1 needs a file path").arg(e.key));
        return QDir(baseDir).absoluteFilePath(e.value);
    }
};

void readDatabase(Reader& r, const IniSection& s)
{
    bool haveUrl = false;
    for (const IniEntry& e : s.entries) {
        if (e.key == u"url") {
            try {
                r.config.database = storage::DatabaseConfig::fromUrl(e.value);
            } catch (const InputError& error) {
                r.bad(e, error.problem());
            }
            if (r.config.database.backend == storage::DatabaseConfig::Backend::Sqlite)
                r.config.database.path = QDir(r.baseDir).absoluteFilePath(r.config.database.path);
            haveUrl = true;
        } else {
            r.bad(e, ServiceConfig::tr("Unknown key \"%1\" in [%2]").arg(e.key, s.name));
        }
    }
    if (!haveUrl)
        throw InputError(r.source, s.line, ServiceConfig::tr("[database] needs url = sqlite:FILE or mysql://..."));
}

void readApi(Reader& r, const IniSection& s)
{
    ApiListenConfig& api = r.config.api;
    QString certPath, keyPath;
    for (const IniEntry& e : s.entries) {
        if (e.key == u"listen") {
            const QString v = e.value.toLower();
            QHostAddress a;
            if (v == u"localhost" || v == u"loopback")
                a = QHostAddress(QHostAddress::LocalHost);
            else if (v == u"any")
                a = QHostAddress(QHostAddress::Any);
            else if (!a.setAddress(e.value))
                r.bad(e, ServiceConfig::tr("listen must be an IP address, localhost or any (got \"%1\")").arg(e.value));
            api.address = a;
        } else if (e.key == u"port") {
            api.port = static_cast<quint16>(r.integer(e, 0, 65535));
        } else if (e.key == u"tls_certificate") {
            certPath = r.path(e);
            api.certificateChain = QSslCertificate::fromPath(certPath, QSsl::Pem);
            if (api.certificateChain.isEmpty())
                r.bad(e, ServiceConfig::tr("No PEM certificate could be read from %1").arg(certPath));
        } else if (e.key == u"tls_key") {
            keyPath = r.path(e);
            QFile f(keyPath);
            if (!f.open(QIODevice::ReadOnly))
                r.bad(e, ServiceConfig::tr("Cannot read the key file %1: %2").arg(keyPath, f.errorString()));
            const QByteArray pem = f.readAll();
            for (QSsl::KeyAlgorithm alg : {QSsl::Rsa, QSsl::Ec}) {
                api.privateKey = QSslKey(pem, alg, QSsl::Pem);
                if (!api.privateKey.isNull())
                    break;
            }
            if (api.privateKey.isNull())
                r.bad(e, ServiceConfig::tr("%1 holds no unencrypted RSA or EC private key in PEM form").arg(keyPath));
        } else if (e.key == u"max_line_bytes") {
            api.maxLineBytes = r.integer(e, 1024, 64 * 1024 * 1024);
        } else if (e.key == u"allow_plaintext_lan") {
            api.allowPlaintextLan = r.boolean(e);
        } else {
            r.bad(e, ServiceConfig::tr("Unknown key \"%1\" in [%2]").arg(e.key, s.name));
        }
    }
    if (certPath.isEmpty() != keyPath.isEmpty())
        throw InputError(r.source, s.line, ServiceConfig::tr("TLS needs both tls_certificate and tls_key"));
    api.tls = !certPath.isEmpty();
    if (!api.tls && !api.address.isLoopback() && !api.allowPlaintextLan)
        throw InputError(r.source, s.line,
                         ServiceConfig::tr("Listening on %1 without TLS would send passwords in clear text over the "
                                           "network: set tls_certificate and tls_key (or allow_plaintext_lan = yes)")
                             .arg(api.address.toString()));
}

void readSessions(Reader& r, const IniSection& s)
{
    AuthPolicy& p = r.config.sessions;
    for (const IniEntry& e : s.entries) {
        if (e.key == u"idle_minutes")
            p.idleMs = r.integer(e, 1, 24 * 60) * 60000;
        else if (e.key == u"max_failed_logins")
            p.maxFailedLogins = r.integer(e, 1, 100);
        else if (e.key == u"lockout_minutes")
            p.lockoutMs = r.integer(e, 1, 24 * 60) * 60000;
        else if (e.key == u"min_password_length")
            p.minPasswordLength = static_cast<int>(r.integer(e, 8, 128));
        else
            r.bad(e, ServiceConfig::tr("Unknown key \"%1\" in [%2]").arg(e.key, s.name));
    }
}

void readCollection(Reader& r, const IniSection& s)
{
    CollectionConfig& c = r.config.collection;
    for (const IniEntry& e : s.entries) {
        if (e.key == u"cycle_minutes") {
            c.cycleSeconds = r.integer(e, 1, 24 * 60) * 60;
        } else if (e.key == u"cycle_seconds") {
            c.cycleSeconds = r.integer(e, 1, 24 * 3600);
        } else if (e.key == u"office_time_zone") {
            const QTimeZone zone(e.value.toUtf8());
            if (!zone.isValid())
                r.bad(e, ServiceConfig::tr("office_time_zone must be a time zone name like Asia/Shanghai (got \"%1\")")
                             .arg(e.value));
            c.officeZone = zone;
        } else if (e.key == u"ingest_batch_ms") {
            c.ingestBatchMs = r.integer(e, 0, 60'000);
        } else if (e.key == u"ingest_batch_size") {
            c.ingestBatchSize = static_cast<int>(r.integer(e, 1, 100'000));
        } else if (e.key == u"control_check_seconds") {
            c.controlCheckSeconds = r.integer(e, 1, 3600);
        } else {
            r.bad(e, ServiceConfig::tr("Unknown key \"%1\" in [%2]").arg(e.key, s.name));
        }
    }
}

void readBus(Reader& r, const IniSection& s)
{
    collection::BusSettings b;
    b.name = s.name.section(u' ', 1).trimmed();
    if (b.name.isEmpty() || b.name.contains(u' '))
        throw InputError(r.source, s.line, ServiceConfig::tr("A bus section is [bus NAME], one word (got [%1])").arg(s.name));
    auto choose = [&r](const IniEntry& e, std::initializer_list<std::pair<const char16_t*, int>> options) {
        QStringList names;
        for (const auto& [name, value] : options) {
            if (e.value.toLower() == QStringView(name))
                return value;
            names.append(QString::fromUtf16(name));
        }
        r.bad(e, ServiceConfig::tr("%1 must be one of %2 (got \"%3\")").arg(e.key, names.join(QStringLiteral(", ")), e.value));
    };
    auto ms = [&r](const IniEntry& e, int min, int max) { return static_cast<int>(r.integer(e, min, max)); };
    for (const IniEntry& e : s.entries) {
        if (e.key == u"device") {
            if (e.value.isEmpty())
                r.bad(e, ServiceConfig::tr("device needs the serial port, like /dev/ttyUSB0 or COM3"));
            b.device = e.value;
        } else if (e.key == u"baud") {
            b.baud = static_cast<qint32>(r.integer(e, 300, 921'600));
        } else if (e.key == u"parity") {
            b.parity = static_cast<QSerialPort::Parity>(choose(
                e, {{u"none", QSerialPort::NoParity}, {u"even", QSerialPort::EvenParity}, {u"odd", QSerialPort::OddParity}}));
        } else if (e.key == u"data_bits") {
            b.dataBits = static_cast<QSerialPort::DataBits>(choose(e, {{u"7", QSerialPort::Data7}, {u"8", QSerialPort::Data8}}));
        } else if (e.key == u"stop_bits") {
            b.stopBits = static_cast<QSerialPort::StopBits>(choose(e, {{u"1", QSerialPort::OneStop}, {u"2", QSerialPort::TwoStop}}));
        } else if (e.key == u"transport") {
            b.transport = static_cast<collection::TransportKind>(
                choose(e, {{u"serial", int(collection::TransportKind::Serial)}, {u"qt-modbus", int(collection::TransportKind::QtModbus)}}));
        } else if (e.key == u"request_timeout_ms") {
            b.requestTimeoutMs = ms(e, 20, 60'000);
        } else if (e.key == u"min_timeout_ms") {
            b.minTimeoutMs = ms(e, 5, 60'000);
        } else if (e.key == u"probe_timeout_ms") {
            b.probeTimeoutMs = ms(e, 5, 60'000);
        } else if (e.key == u"frame_silence_ms") {
            b.frameSilenceMs = ms(e, 1, 10'000);
        } else if (e.key == u"retries") {
            b.retries = ms(e, 0, 10);
        } else if (e.key == u"probe_after_misses") {
            b.probeAfterMisses = ms(e, 1, 1000);
        } else if (e.key == u"lost_after_misses") {
            b.lostAfterMisses = ms(e, 1, 1000);
        } else if (e.key == u"command_attempts") {
            b.commandAttempts = ms(e, 1, 20);
        } else if (e.key == u"command_backoff_ms") {
            b.commandBackoffMs = ms(e, 10, 600'000);
        } else if (e.key == u"dlt645_wake_bytes") {
            b.dlt645WakeBytes = ms(e, 0, 16);
        } else if (e.key == u"modbus_gap_us") {
            b.modbusGapUs = r.integer(e, -1, 1'000'000);
        } else if (e.key == u"meter_utc_offset_minutes") {
            b.meterUtcOffsetSeconds = r.integer(e, -14 * 60, 14 * 60) * 60;
        } else {
            r.bad(e, ServiceConfig::tr("Unknown key \"%1\" in [%2]").arg(e.key, s.name));
        }
    }
    if (b.device.isEmpty())
        throw InputError(r.source, s.line, ServiceConfig::tr("[%1] needs device = the serial port").arg(s.name));
    r.config.collection.buses.push_back(std::move(b));
}

void readLog(Reader& r, const IniSection& s)
{
    LogConfig& l = r.config.log;
    for (const IniEntry& e : s.entries) {
        if (e.key == u"file")
            l.file = r.path(e);
        else if (e.key == u"max_kilobytes")
            l.maxBytes = r.integer(e, 16, 4 * 1024 * 1024) * 1024;
        else if (e.key == u"keep")
            l.keep = static_cast<int>(r.integer(e, 0, 100));
        else if (e.key == u"rules")
            l.rules = e.value;
        else
            r.bad(e, ServiceConfig::tr("Unknown key \"%1\" in [%2]").arg(e.key, s.name));
    }
}

// [service] training = yes: a practice installation (练习模式: simulated meters, no real money).
// The service says so to every desk at login (session.login/whoami "training"), and the desk
// shows it plainly, so nobody mistakes it for the office's real books.
void readService(Reader& r, const IniSection& s)
{
    for (const IniEntry& e : s.entries) {
        if (e.key == u"training") {
            r.config.training = r.boolean(e);
        } else if (e.key == u"language") {
            // A locale the service has translations for, or English (its source texts).
            const QLocale locale(e.value);
            if (e.value == u"system")
                r.config.language.clear();
            else if (locale.language() == QLocale::Chinese || locale.language() == QLocale::English)
                r.config.language = locale.name();
            else
                r.bad(e, ServiceConfig::tr("The language \"%1\" is not one the service speaks: zh_CN, en or system").arg(e.value));
        } else
            r.bad(e, ServiceConfig::tr("Unknown key \"%1\" in [%2]").arg(e.key, s.name));
    }
}

struct SectionReader
{
    const char* name;
    void (*read)(Reader&, const IniSection&);
};

// One row per section. Later areas add theirs here (e.g. "bus" for [bus NAME] sections).
const SectionReader kSections[] = {
    {"database", &readDatabase},
    {"api", &readApi},
    {"sessions", &readSessions},
    {"collection", &readCollection},
    {"bus", &readBus},
    {"log", &readLog},
    {"service", &readService},
};

} // namespace

ServiceConfig ServiceConfig::readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError(path, 0, tr("Cannot read the configuration file: %1").arg(f.errorString()));
    return parse(f.readAll(), path, QFileInfo(path).absolutePath());
}

ServiceConfig ServiceConfig::parse(const QByteArray& text, const QString& source, const QString& baseDir)
{
    ServiceConfig config;
    config.source = source;
    Reader reader{config, source, baseDir};
    bool haveDatabase = false;
    QStringList seen;
    for (const IniSection& s : parseIni(text, source)) {
        // The first word names the kind: [bus north] is a "bus" section named "north".
        const QString kind = s.name.section(u' ', 0, 0);
        const SectionReader* found = nullptr;
        for (const SectionReader& candidate : kSections) {
            if (kind == QLatin1String(candidate.name))
                found = &candidate;
        }
        if (!found)
            throw InputError(source, s.line, tr("Unknown section [%1]").arg(s.name));
        if (seen.contains(s.name))
            throw InputError(source, s.line, tr("Section [%1] appears twice").arg(s.name));
        seen.append(s.name);
        found->read(reader, s);
        haveDatabase = haveDatabase || kind == u"database";
    }
    if (!haveDatabase)
        throw InputError(source, 0, tr("The configuration needs a [database] section with url = ..."));
    return config;
}

} // namespace md

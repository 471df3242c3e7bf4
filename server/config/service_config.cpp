#include "config/service_config.h"

#include "tariff/ini_document.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

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

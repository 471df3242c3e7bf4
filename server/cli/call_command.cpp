#include "cli/call_command.h"

#include "api/api_client.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>

#include <cstdio>
#include <optional>

// `meterdeskd call --user NAME [--host H] [--port P] [--tls [--ca FILE] [--peer-name N]]
//  METHOD [JSON]`: logs in, calls one method with JSON params and prints the result as JSON.
// The password comes from MD_API_PASSWORD, --password-file FILE or, with --password-stdin, the
// first line of standard input: never from the command line, where `ps` would show it.
// Exit codes: 0 result printed, 1 the service answered with an error (code and message on
// stderr, the error object on stdout), 2 usage, connection or login problems.

namespace md::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("md::cli", text);
}

struct Options
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 7420;
    QString user;
    QString passwordFile;
    bool passwordStdin = false;
    api::ApiTlsOptions tls;
    QString method;
    QJsonObject params;
};

void usage(QTextStream& s)
{
    s << tr("Usage: meterdeskd call --user NAME [--host H] [--port P] [--tls [--ca FILE] [--peer-name NAME]]\n"
            "                       [--password-file FILE | --password-stdin] METHOD [JSON-PARAMS]\n"
            "The password is read from MD_API_PASSWORD unless a password option is given.")
      << '\n';
}

std::optional<Options> parse(const QStringList& args, QTextStream& err)
{
    Options o;
    QStringList positional;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        const auto value = [&]() -> std::optional<QString> {
            if (i + 1 >= args.size()) {
                err << tr("%1 needs a value").arg(a) << '\n';
                return std::nullopt;
            }
            return args.at(++i);
        };
        std::optional<QString> v;
        if (a == u"--host" || a == u"--port" || a == u"--user" || a == u"--ca" || a == u"--peer-name"
            || a == u"--password-file") {
            if (!(v = value()))
                return std::nullopt;
        }
        if (a == u"--host") {
            o.host = *v;
        } else if (a == u"--port") {
            bool ok = false;
            const uint port = v->toUInt(&ok);
            if (!ok || port == 0 || port > 65535) {
                err << tr("--port must be 1 to 65535 (got %1)").arg(*v) << '\n';
                return std::nullopt;
            }
            o.port = static_cast<quint16>(port);
        } else if (a == u"--user") {
            o.user = *v;
        } else if (a == u"--ca") {
            o.tls.caCertificates = QSslCertificate::fromPath(*v, QSsl::Pem);
            if (o.tls.caCertificates.isEmpty()) {
                err << tr("No PEM certificate could be read from %1").arg(*v) << '\n';
                return std::nullopt;
            }
        } else if (a == u"--peer-name") {
            o.tls.peerName = *v;
        } else if (a == u"--password-file") {
            o.passwordFile = *v;
        } else if (a == u"--password-stdin") {
            o.passwordStdin = true;
        } else if (a == u"--tls") {
            o.tls.enabled = true;
        } else if (a.startsWith(u"--")) {
            err << tr("Unknown option: %1").arg(a) << '\n';
            return std::nullopt;
        } else {
            positional.append(a);
        }
    }
    if (o.user.isEmpty() || positional.isEmpty() || positional.size() > 2) {
        usage(err);
        return std::nullopt;
    }
    o.method = positional.at(0);
    if (positional.size() == 2) {
        QJsonParseError e{};
        const QJsonDocument doc = QJsonDocument::fromJson(positional.at(1).toUtf8(), &e);
        if (e.error != QJsonParseError::NoError || !doc.isObject()) {
            err << tr("The parameters must be one JSON object: %1").arg(e.errorString()) << '\n';
            return std::nullopt;
        }
        o.params = doc.object();
    }
    return o;
}

std::optional<QString> readPassword(const Options& o, QTextStream& err)
{
    if (!o.passwordFile.isEmpty()) {
        QFile f(o.passwordFile);
        if (!f.open(QIODevice::ReadOnly)) {
            err << tr("Cannot read %1: %2").arg(o.passwordFile, f.errorString()) << '\n';
            return std::nullopt;
        }
        return QString::fromUtf8(f.readLine()).trimmed();
    }
    if (o.passwordStdin) {
        QTextStream in(stdin);
        return in.readLine();
    }
    const QString env = qEnvironmentVariable("MD_API_PASSWORD");
    if (env.isEmpty()) {
        err << tr("No password: set MD_API_PASSWORD or use --password-file / --password-stdin") << '\n';
        return std::nullopt;
    }
    return env;
}

} // namespace

QString callSummary()
{
    return tr("Log in to the service and call one API method with JSON params");
}

int runCall(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        usage(out);
        return 0;
    }
    const std::optional<Options> o = parse(args, err);
    if (!o)
        return 2;
    const std::optional<QString> password = readPassword(*o, err);
    if (!password)
        return 2;
    try {
        api::ApiClient client;
        client.connectTo(o->host, o->port, o->tls);
        client.login(o->user, *password);
        const QJsonObject response = client.call(o->method, o->params);
        client.disconnect();
        if (response.contains(u"error")) {
            const QJsonObject e = response.value(u"error").toObject();
            out << QJsonDocument(e).toJson(QJsonDocument::Indented);
            err << tr("error %1: %2").arg(e.value(u"code").toInteger()).arg(e.value(u"message").toString()) << '\n';
            return 1;
        }
        const QJsonValue result = response.value(u"result");
        out << (result.isObject() ? QJsonDocument(result.toObject()).toJson(QJsonDocument::Indented)
                                  : QJsonDocument(result.toArray()).toJson(QJsonDocument::Indented));
        return 0;
    } catch (const Error& e) {
        err << e.message() << '\n';
        return 2;
    }
}

} // namespace md::cli

#include "storage/database_config.h"

#include "util/error.h"

#include <QUrl>

namespace md::storage {

namespace {

const QString& source()
{
    static const QString s = QStringLiteral("database URL");
    return s;
}

[[noreturn]] void bad(const QString& problem)
{
    throw InputError(source(), 0, problem);
}

DatabaseConfig sqliteFromUrl(const QString& url)
{
    // "sqlite:" then a path. QUrl would treat "sqlite:relative/x.db" as an opaque path and
    // percent-decode; a file path is taken literally instead (only the "//" of the authority
    // form is dropped: sqlite:///abs/file.db is /abs/file.db).
    QString path = url.mid(int(qstrlen("sqlite:")));
    if (path.startsWith(u"//"))
        path = path.mid(2);
    if (path.isEmpty())
        bad(DatabaseConfig::tr("the SQLite URL names no file (expected sqlite:/path/to/file.db)"));
    if (path == u":memory:")
        bad(DatabaseConfig::tr("an in-memory SQLite database keeps nothing; name a file"));
    DatabaseConfig c;
    c.backend = DatabaseConfig::Backend::Sqlite;
    c.path = path;
    return c;
}

DatabaseConfig mysqlFromUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        bad(DatabaseConfig::tr("the MySQL URL is not valid: %1").arg(url.errorString()));
    DatabaseConfig c;
    c.backend = DatabaseConfig::Backend::Mysql;
    c.user = url.userName(QUrl::FullyDecoded);
    c.password = url.password(QUrl::FullyDecoded);
    c.host = url.host(QUrl::FullyDecoded);
    const int port = url.port(3306);
    if (port <= 0 || port > 65535)
        bad(DatabaseConfig::tr("the MySQL port %1 is out of range (1 to 65535)").arg(port));
    c.port = port;
    QString db = url.path(QUrl::FullyDecoded);
    if (db.startsWith(u'/'))
        db = db.mid(1);
    if (db.isEmpty() || db.contains(u'/'))
        bad(DatabaseConfig::tr("the MySQL URL must name one database after the host "
                               "(mysql://user:password@host:port/database)"));
    c.database = db;
    const QString query = url.query(QUrl::FullyDecoded);
    if (!query.isEmpty()) {
        if (!query.startsWith(u"socket=") || query.contains(u'&'))
            bad(DatabaseConfig::tr("unknown MySQL URL option \"%1\" (only socket=PATH is known)").arg(query));
        c.socket = query.mid(int(qstrlen("socket=")));
    }
    if (c.host.isEmpty() && c.socket.isEmpty())
        bad(DatabaseConfig::tr("the MySQL URL names no host"));
    if (c.user.isEmpty())
        bad(DatabaseConfig::tr("the MySQL URL names no user"));
    return c;
}

} // namespace

DatabaseConfig DatabaseConfig::fromUrl(const QString& url)
{
    const QString trimmed = url.trimmed();
    if (trimmed.startsWith(u"sqlite:", Qt::CaseInsensitive))
        return sqliteFromUrl(trimmed);
    if (trimmed.startsWith(u"mysql://", Qt::CaseInsensitive) ||
        trimmed.startsWith(u"mariadb://", Qt::CaseInsensitive))
        return mysqlFromUrl(trimmed);
    if (trimmed.isEmpty())
        bad(tr("no database URL given"));
    bad(tr("\"%1\" is neither sqlite:/path/file.db nor mysql://user:password@host:port/database")
            .arg(trimmed.section(u':', 0, 0)));
}

QString DatabaseConfig::displayName() const
{
    if (backend == Backend::Sqlite)
        return QStringLiteral("sqlite:") + path;
    if (!socket.isEmpty())
        return QStringLiteral("mysql://%1@localhost/%2?socket=%3").arg(user, database, socket);
    return QStringLiteral("mysql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

} // namespace md::storage

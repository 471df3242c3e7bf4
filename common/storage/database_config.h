#pragma once

#include <QCoreApplication>
#include <QString>

namespace md::storage {

// Where the data lives. Built from the service's configuration file or a URL:
//   sqlite:/var/lib/meterdesk/meterdesk.db   (also sqlite:relative/file.db, sqlite:///abs/path)
//   mysql://user:password@host:port/database  (port optional, 3306; user and password are
//   percent-decoded; ?socket=/run/mysqld/mysqld.sock connects through a Unix socket)
struct DatabaseConfig
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::DatabaseConfig)

public:
    enum class Backend { Sqlite, Mysql };

    Backend backend = Backend::Sqlite;
    QString path;     // SQLite file
    QString host;     // MySQL
    int port = 3306;
    QString user;
    QString password;
    QString database;
    QString socket;   // MySQL Unix socket; when set, host and port are not used
    // Accept a server or file whose settings do not make a commit durable (a test or a demo
    // on a scratch server). Never in production: a power cut may lose committed payments.
    bool allowNonDurable = false;

    // Throws md::InputError (source "database URL") naming what is wrong.
    static DatabaseConfig fromUrl(const QString& url);
    // The URL again, without the password: for logs and messages.
    QString displayName() const;
};

} // namespace md::storage

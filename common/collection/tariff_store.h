#pragma once

#include "tariff/tariff.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <memory>

namespace md {

namespace storage {
class Database;
}

// Tariff files kept in the database as written (docs/tariffs.md), one revision per change.
// Parsed tariffs are cached by (key, revision): a stored revision never changes.
class TariffStore
{
    Q_DECLARE_TR_FUNCTIONS(md::TariffStore)

public:
    explicit TariffStore(storage::Database& db);

    // Checks the text (parseTariff), stores it as the next revision of its [tariff] id and
    // returns the revision. Throws InputError naming the line for a bad file.
    qint64 put(const QByteArray& fileText, qint64 atMs);
    // The newest revision of `key`; throws InputError when there is none.
    std::shared_ptr<const Tariff> current(const QString& key);

private:
    storage::Database& m_db;
    QHash<QString, std::shared_ptr<const Tariff>> m_parsed; // "key#revision"
};

} // namespace md

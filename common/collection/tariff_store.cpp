#include "collection/tariff_store.h"

#include "storage/database.h"
#include "storage/sql_query.h"
#include "tariff/tariff_file.h"
#include "util/error.h"

namespace md {

using storage::SqlQuery;

TariffStore::TariffStore(storage::Database& db)
    : m_db(db)
{
}

qint64 TariffStore::put(const QByteArray& fileText, qint64 atMs)
{
    const Tariff t = parseTariff(fileText, QStringLiteral("tariff"));
    SqlQuery last(m_db, QStringLiteral("SELECT COALESCE(MAX(revision), 0) FROM tariffs WHERE tariff_key = ?"));
    last.bind(t.id);
    const qint64 revision = last.scalarInt() + 1;
    SqlQuery q(m_db, QStringLiteral("INSERT INTO tariffs (tariff_key, revision, file_text, created_at) VALUES (?, ?, ?, ?)"));
    q.bind(t.id).bind(revision).bind(QString::fromUtf8(fileText)).bind(atMs).exec();
    return revision;
}

std::shared_ptr<const Tariff> TariffStore::current(const QString& key)
{
    SqlQuery q(m_db, QStringLiteral("SELECT revision, file_text FROM tariffs WHERE tariff_key = ? "
                                    "ORDER BY revision DESC LIMIT 1"));
    q.bind(key).exec();
    if (!q.next())
        throw InputError(QStringLiteral("tariff"), 0, tr("There is no tariff \"%1\"").arg(key));
    const QString cacheKey = key + u'#' + QString::number(q.intValue(0));
    if (auto found = m_parsed.value(cacheKey))
        return found;
    auto parsed = std::make_shared<const Tariff>(
        parseTariff(q.stringValue(1).toUtf8(), QStringLiteral("tariff %1 revision %2").arg(key).arg(q.intValue(0))));
    m_parsed.insert(cacheKey, parsed);
    return parsed;
}

} // namespace md

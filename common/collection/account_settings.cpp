#include "collection/account_settings.h"

#include "storage/database.h"
#include "storage/sql_query.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace md {

using storage::SqlQuery;

AccountSettingsStore::AccountSettingsStore(storage::Database& db)
    : m_db(db)
{
}

AccountSettingsStore::~AccountSettingsStore() = default;

void AccountSettingsStore::put(const AccountSettings& s, qint64 atMs)
{
    const QString source = QStringLiteral("account %1 settings").arg(s.account.v);
    if (const QString problem = s.thresholds.validate(); !problem.isEmpty())
        throw InputError(source, 0, problem);
    if (s.tariffKey.trimmed().isEmpty())
        throw InputError(source, 0, tr("A tariff is required"));
    const auto json = [](const QJsonArray& a) { return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)); };
    SqlQuery del(m_db, QStringLiteral("DELETE FROM account_collection WHERE account_id = ? AND utility = ?"));
    del.bind(s.account.v).bind(utilityKey(s.utility)).exec();
    SqlQuery q(m_db, QStringLiteral("INSERT INTO account_collection (account_id, utility, tariff_key, alarm1_fen, "
                                    "alarm2_fen, protected_windows, holidays, force_on, manual, updated_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(s.account.v)
        .bind(utilityKey(s.utility))
        .bind(s.tariffKey)
        .bind(s.thresholds.alarm1.fen())
        .bind(s.thresholds.alarm2.fen())
        .bind(json(ProtectedTimes::windowsToJson(s.windows)))
        .bind(json(ProtectedTimes::holidaysToJson(s.holidays)))
        .bind(qint64(s.forceOn ? 1 : 0))
        .bind(manualOverrideKey(s.manual))
        .bind(atMs)
        .exec();
}

std::optional<AccountSettings> AccountSettingsStore::get(AccountId account, Utility utility)
{
    if (!m_get)
        m_get = std::make_unique<SqlQuery>(m_db, QStringLiteral("SELECT tariff_key, alarm1_fen, alarm2_fen, protected_windows, "
                                                                "holidays, force_on, manual FROM account_collection "
                                                                "WHERE account_id = ? AND utility = ?"));
    SqlQuery& q = *m_get;
    q.bind(account.v).bind(utilityKey(utility)).exec();
    if (!q.next())
        return std::nullopt;
    const QString source = QStringLiteral("account %1 settings").arg(account.v);
    AccountSettings s;
    s.account = account;
    s.utility = utility;
    s.tariffKey = q.stringValue(0);
    s.thresholds = {Money::fromFen(q.intValue(1)), Money::fromFen(q.intValue(2))};
    s.windows = ProtectedTimes::windowsFromJson(QJsonDocument::fromJson(q.stringValue(3).toUtf8()).array(), source);
    s.holidays = ProtectedTimes::holidaysFromJson(QJsonDocument::fromJson(q.stringValue(4).toUtf8()).array(), source);
    s.forceOn = q.intValue(5) != 0;
    s.manual = parseManualOverride(q.stringValue(6)).value_or(ManualOverride::None);
    q.raw().finish(); // no statement left open across COMMIT/ROLLBACK
    return s;
}

} // namespace md

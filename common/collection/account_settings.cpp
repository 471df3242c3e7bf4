#include "collection/account_settings.h"

#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace md {

using storage::SqlQuery;

AccountSettings AccountSettingsStore::fromRow(const SqlQuery& q, AccountId account, Utility utility)
{
    const QString source = QStringLiteral("account %1 settings").arg(account.v);
    AccountSettings s;
    s.account = account;
    s.utility = utility;
    s.tariffKey = q.stringValue(0);
    s.thresholds = {Money::fromFen(q.intValue(1)), Money::fromFen(q.intValue(2))};
    const QString windows = q.stringValue(3);
    const QString holidays = q.stringValue(4);
    if (m_windows.size() > 1000 || m_holidays.size() > 1000) {
        m_windows.clear();
        m_holidays.clear();
    }
    auto w = m_windows.constFind(windows);
    if (w == m_windows.cend())
        w = m_windows.insert(windows, ProtectedTimes::windowsFromJson(QJsonDocument::fromJson(windows.toUtf8()).array(), source));
    s.windows = *w;
    auto h = m_holidays.constFind(holidays);
    if (h == m_holidays.cend())
        h = m_holidays.insert(holidays, ProtectedTimes::holidaysFromJson(QJsonDocument::fromJson(holidays.toUtf8()).array(), source));
    s.holidays = *h;
    s.forceOn = q.intValue(5) != 0;
    s.manual = parseManualOverride(q.stringValue(6)).value_or(ManualOverride::None);
    return s;
}

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
    AccountSettings s = fromRow(q, account, utility);
    q.raw().finish(); // no statement left open across COMMIT/ROLLBACK
    return s;
}

QList<AccountSettings> AccountSettingsStore::ofAccounts(const QList<AccountId>& accounts)
{
    QList<QVariant> ids;
    for (AccountId a : accounts)
        ids.append(a.v);
    QList<AccountSettings> out;
    storage::bulk::selectIn(m_db,
                            QStringLiteral("SELECT tariff_key, alarm1_fen, alarm2_fen, protected_windows, holidays, force_on, "
                                           "manual, account_id, utility FROM account_collection WHERE account_id IN ("),
                            QStringLiteral(")"), ids, [&](storage::SqlQuery& q) {
                                const auto u = parseUtility(q.stringValue(8));
                                if (u)
                                    out.append(fromRow(q, AccountId{q.intValue(7)}, *u));
                            });
    return out;
}

} // namespace md

#include "collection/settings_plan.h"

#include "collection/account_settings.h"
#include "collection/tariff_store.h"
#include "protocol/register_map.h"
#include "tariff/tariff.h"
#include "util/error.h"

namespace md::collection {

SettingsPlan SettingsPlanner::plan(storage::Database& db, const MeterRecord& m, const QDateTime& nowUtc)
{
    SettingsPlan plan;
    const protocol::RegisterMap* map = m.protocol == u"modbus" ? protocol::findRegisterMap(m.map) : nullptr;
    // DL/T 645-2007 meters all keep the overload limit (an event parameter); prices and alarm
    // amounts only the 费控 meters that keep their own balance.
    const bool dlt645 = m.protocol == u"dlt645";
    const bool dlt645Prepaid = dlt645 && m.options.value(QStringLiteral("meter_side_balance")).toBool();
    auto keeps = [map, dlt645, dlt645Prepaid](const char16_t* key) {
        if (dlt645)
            return QStringView(key) == u"overload.limit" || dlt645Prepaid;
        const protocol::RegisterDef* d = map ? protocol::findRegister(*map, QStringView(key)) : nullptr;
        return d && d->writable;
    };
    if (m.account) {
        const std::optional<AccountSettings> settings = AccountSettingsStore(db).get(*m.account, m.utility);
        if (settings && keeps(u"alarm.threshold") && settings->thresholds.alarm1.fen() >= 0)
            plan.values.append({QStringLiteral("alarm.threshold"), settings->thresholds.alarm1.fen(), 2});
        if (settings && keeps(u"tariff.price")) {
            try {
                const auto tariff = TariffStore(db).current(settings->tariffKey);
                const QDate today = nowUtc.toTimeZone(tariff->timeZone).date();
                const TariffVersion* v = tariff->versionAt(today);
                const bool flat = v && v->rates.size() == 1 && v->prices[std::size_t(v->rates.front())].size() == 1;
                if (flat)
                    plan.values.append({QStringLiteral("tariff.price"),
                                        v->prices[std::size_t(v->rates.front())].front().tenThousandths(), 4});
                else
                    plan.skipped << tr("the tariff %1 is not a single flat price").arg(settings->tariffKey);
            } catch (const Error& e) {
                plan.skipped << e.message();
            }
        }
    }
    if (const qint64 overload = m.options.value(QStringLiteral("overload_w")).toInteger(-1);
        overload >= 0 && keeps(u"overload.limit"))
        plan.values.append({QStringLiteral("overload.limit"), overload, 0});
    if (plan.values.isEmpty()) {
        plan.skipped.prepend(tr("meter %1 keeps no settings the service knows (map %2)").arg(m.nameplate, m.map));
        plan.problem = plan.skipped.join(QStringLiteral("; "));
    }
    return plan;
}

} // namespace md::collection

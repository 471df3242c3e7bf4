#pragma once

#include "ledger/channel.h"
#include "money/money.h"
#include "money/utility.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace md::api {

// Typed access to a call's named parameters. Every miss or wrong type throws
// ApiError(InvalidParams) naming the parameter and what was expected. Money is a decimal
// string of yuan with at most two decimals ("100.00"), never a JSON number: a number would
// pass through a double in most clients.
class Params
{
public:
    explicit Params(const QJsonObject& o)
        : m_o(o)
    {
    }

    QString string(const char* name) const;                 // required, non-empty
    QString optString(const char* name, const QString& fallback = {}) const;
    qint64 integer(const char* name) const;                 // required
    std::optional<qint64> optInteger(const char* name) const;
    bool optBool(const char* name, bool fallback) const;
    Money money(const char* name) const;                    // required
    std::optional<Money> optMoney(const char* name) const;
    Utility utility(const char* name = "utility") const;    // default electricity
    Channel channel(const char* name = "channel") const;    // default cash
    QString key(const char* name = "key") const;            // an idempotency key, 1..128 chars
    std::optional<QJsonArray> optArray(const char* name) const; // absent → nullopt; not an array → error
    std::optional<QJsonObject> optObject(const char* name) const; // absent → nullopt; not an object → error
    bool has(const char* name) const { return m_o.contains(QLatin1String(name)); }

private:
    QJsonValue value(const char* name) const { return m_o.value(QLatin1String(name)); }
    const QJsonObject& m_o;
};

} // namespace md::api

#include "api/params.h"

#include "api/api_error.h"

#include <QCoreApplication>

namespace md::api {

namespace {

[[noreturn]] void bad(const char* name, const QString& expected)
{
    throw ApiError(InvalidParams, QCoreApplication::translate("md::api", "Parameter \"%1\": %2")
                                      .arg(QLatin1String(name), expected));
}

// The translation context of this file's messages (lupdate files Tr::tr calls under it).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

} // namespace

QString Params::string(const char* name) const
{
    const QJsonValue v = value(name);
    if (!v.isString() || v.toString().isEmpty())
        bad(name, Tr::tr("a non-empty string is required"));
    return v.toString();
}

QString Params::optString(const char* name, const QString& fallback) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString())
        bad(name, Tr::tr("must be a string"));
    return v.toString();
}

qint64 Params::integer(const char* name) const
{
    const std::optional<qint64> v = optInteger(name);
    if (!v)
        bad(name, Tr::tr("an integer is required"));
    return *v;
}

std::optional<qint64> Params::optInteger(const char* name) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    // Integers up to 2^53 are exact in JSON numbers; ids never come near.
    if (!v.isDouble() || v.toDouble() != double(v.toInteger()))
        bad(name, Tr::tr("must be an integer"));
    return v.toInteger();
}

bool Params::optBool(const char* name, bool fallback) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool())
        bad(name, Tr::tr("must be true or false"));
    return v.toBool();
}

Money Params::money(const char* name) const
{
    const std::optional<Money> m = optMoney(name);
    if (!m)
        bad(name, Tr::tr("an amount in yuan as a string is required, e.g. \"100.00\""));
    return *m;
}

std::optional<Money> Params::optMoney(const char* name) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isString())
        bad(name, Tr::tr("an amount must be a string of yuan with at most two decimals, e.g. \"100.00\""));
    const std::optional<Money> m = Money::parseYuan(v.toString());
    if (!m)
        bad(name, Tr::tr("\"%1\" is not an amount in yuan with at most two decimals").arg(v.toString()));
    return m;
}

Utility Params::utility(const char* name) const
{
    const QString s = optString(name);
    if (s.isEmpty())
        return Utility::Electricity;
    const std::optional<Utility> u = parseUtility(s);
    if (!u)
        bad(name, Tr::tr("must be electricity, water or heat (got \"%1\")").arg(s));
    return *u;
}

Channel Params::channel(const char* name) const
{
    const QString s = optString(name);
    if (s.isEmpty())
        return Channel::Cash;
    const std::optional<Channel> c = parseChannel(s);
    if (!c)
        bad(name, Tr::tr("must be cash, wechat, alipay, bank-transfer, card or other (got \"%1\")").arg(s));
    return *c;
}

QString Params::key(const char* name) const
{
    const QString k = string(name);
    if (k.size() > 128)
        bad(name, Tr::tr("an idempotency key has at most 128 characters"));
    return k;
}

std::optional<QJsonArray> Params::optArray(const char* name) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isArray())
        bad(name, Tr::tr("must be a list"));
    return v.toArray();
}

std::optional<QJsonObject> Params::optObject(const char* name) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isObject())
        bad(name, Tr::tr("must be a JSON object"));
    return v.toObject();
}

} // namespace md::api

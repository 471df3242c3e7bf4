#include "billing/billing_state.h"

#include "util/error.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <tuple>

namespace md {

QString BucketKey::toString() const
{
    return QStringLiteral("%1|%2|%3|%4").arg(period, version.toString(Qt::ISODate)).arg(tier).arg(rate);
}

std::optional<BucketKey> BucketKey::fromString(QStringView text)
{
    const QList<QStringView> parts = text.split(u'|');
    if (parts.size() != 4)
        return std::nullopt;
    BucketKey k;
    k.period = parts.at(0).toString();
    k.version = QDate::fromString(parts.at(1).toString(), Qt::ISODate);
    bool ok = false;
    k.tier = parts.at(2).toInt(&ok);
    k.rate = parts.at(3).toString();
    if (!ok || !k.version.isValid() || k.period.isEmpty() || k.rate.isEmpty())
        return std::nullopt;
    return k;
}

bool operator<(const BucketKey& a, const BucketKey& b)
{
    return std::tie(a.period, a.version, a.tier, a.rate) < std::tie(b.period, b.version, b.tier, b.rate);
}

Money MeterBillingState::totalCharged() const
{
    Money sum;
    for (const Bucket& b : buckets)
        sum += b.charged;
    for (const Money& m : fixedCharged)
        sum += m;
    return sum;
}

namespace {
QJsonObject quantities(const QMap<QString, Quantity>& map)
{
    QJsonObject o;
    for (auto it = map.begin(); it != map.end(); ++it)
        o.insert(it.key(), it.value().toString());
    return o;
}

[[noreturn]] void bad(const QString& source, const QString& what)
{
    throw InputError(source, 0, QCoreApplication::translate("md::Billing", "Bad billing state: %1").arg(what));
}

QMap<QString, Quantity> readQuantities(const QJsonValue& v, Unit unit, const QString& source)
{
    QMap<QString, Quantity> map;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const auto q = Quantity::parse(it.value().toString(), unit);
        if (!q)
            bad(source, it.key());
        map.insert(it.key(), *q);
    }
    return map;
}
} // namespace

QJsonObject MeterBillingState::toJson() const
{
    QJsonObject buckets_;
    for (auto it = buckets.begin(); it != buckets.end(); ++it)
        buckets_.insert(it.key().toString(),
                        QJsonObject{{QStringLiteral("quantity"), it.value().quantity.toString()},
                                    {QStringLiteral("charged"), it.value().charged.toYuanString()}});
    QJsonObject fixed;
    for (auto it = fixedCharged.begin(); it != fixedCharged.end(); ++it)
        fixed.insert(it.key(), it.value().toYuanString());
    QJsonObject o{{QStringLiteral("unit"), unitKey(unit)},
                  {QStringLiteral("buckets"), buckets_},
                  {QStringLiteral("tierTotals"), quantities(tierTotals)},
                  {QStringLiteral("freeUsed"), quantities(freeUsed)},
                  {QStringLiteral("fixedCharged"), fixed}};
    if (last)
        o.insert(QStringLiteral("last"), last->toJson());
    if (account)
        o.insert(QStringLiteral("account"), *account);
    return o;
}

MeterBillingState MeterBillingState::fromJson(const QJsonObject& o, const QString& source)
{
    const auto unit = parseUnit(o.value(u"unit").toString());
    if (!unit)
        bad(source, QStringLiteral("unit"));
    MeterBillingState s(*unit);
    if (o.contains(u"last"))
        s.last = ReadingSet::fromJson(o.value(u"last").toObject(), *unit, source);
    const QJsonObject buckets = o.value(u"buckets").toObject();
    for (auto it = buckets.begin(); it != buckets.end(); ++it) {
        const auto key = BucketKey::fromString(it.key());
        const QJsonObject b = it.value().toObject();
        const auto q = Quantity::parse(b.value(u"quantity").toString(), *unit);
        const auto charged = Money::parseYuan(b.value(u"charged").toString());
        if (!key || !q || !charged)
            bad(source, it.key());
        s.buckets.insert(*key, Bucket{*q, *charged});
    }
    s.tierTotals = readQuantities(o.value(u"tierTotals"), *unit, source);
    s.freeUsed = readQuantities(o.value(u"freeUsed"), *unit, source);
    const QJsonObject fixed = o.value(u"fixedCharged").toObject();
    for (auto it = fixed.begin(); it != fixed.end(); ++it) {
        const auto m = Money::parseYuan(it.value().toString());
        if (!m)
            bad(source, it.key());
        s.fixedCharged.insert(it.key(), *m);
    }
    if (o.contains(u"account")) {
        const qint64 account = o.value(u"account").toInteger(-1);
        if (account <= 0)
            bad(source, QStringLiteral("account"));
        s.account = account;
    }
    return s;
}

} // namespace md

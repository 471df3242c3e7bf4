#include "billing/deduction.h"

#include "tariff/tariff.h"

#include <QJsonArray>

namespace md {

QStringList flagKeys(unsigned flags)
{
    QStringList keys;
    if (flags & unsigned(DeductionFlag::SplitSegments))
        keys << QStringLiteral("split-segments");
    if (flags & unsigned(DeductionFlag::SplitPeriods))
        keys << QStringLiteral("split-periods");
    if (flags & unsigned(DeductionFlag::SplitVersions))
        keys << QStringLiteral("split-versions");
    if (flags & unsigned(DeductionFlag::TierCrossing))
        keys << QStringLiteral("tier-crossing");
    return keys;
}

QString anomalyKey(Anomaly a)
{
    switch (a) {
    case Anomaly::None:
        return QString();
    case Anomaly::NoRegisters:
        return QStringLiteral("no-registers");
    case Anomaly::TimeNotAfter:
        return QStringLiteral("time-not-after");
    case Anomaly::CounterBackwards:
        return QStringLiteral("counter-backwards");
    case Anomaly::MissingRegister:
        return QStringLiteral("missing-register");
    case Anomaly::NoTariffVersion:
        return QStringLiteral("no-tariff-version");
    case Anomaly::RegisterNotPriced:
        return QStringLiteral("register-not-priced");
    }
    Q_UNREACHABLE();
}

namespace {
QString kindKey(LineKind k)
{
    switch (k) {
    case LineKind::Energy:
        return QStringLiteral("energy");
    case LineKind::Free:
        return QStringLiteral("free");
    case LineKind::Fixed:
        return QStringLiteral("fixed");
    }
    Q_UNREACHABLE();
}

QString statusKey(BillStatus s)
{
    switch (s) {
    case BillStatus::Baseline:
        return QStringLiteral("baseline");
    case BillStatus::Billed:
        return QStringLiteral("billed");
    case BillStatus::Anomaly:
        return QStringLiteral("anomaly");
    }
    Q_UNREACHABLE();
}

QJsonObject lineJson(const DeductionLine& l)
{
    QJsonObject o{{QStringLiteral("kind"), kindKey(l.kind)},
                  {QStringLiteral("bucket"), l.bucket.toString()},
                  {QStringLiteral("period"), l.bucket.period},
                  {QStringLiteral("version"), l.bucket.version.toString(Qt::ISODate)},
                  {QStringLiteral("tier"), l.bucket.tier},
                  {QStringLiteral("rate"), l.bucket.rate},
                  {QStringLiteral("amount"), l.amount.toYuanString()}};
    if (l.kind != LineKind::Fixed) {
        o.insert(QStringLiteral("quantity"), l.quantity.toString());
        o.insert(QStringLiteral("price"), l.price.toYuanString());
        o.insert(QStringLiteral("quantityBefore"), l.before.toString());
        o.insert(QStringLiteral("quantityAfter"), l.after.toString());
        o.insert(QStringLiteral("chargedBefore"), l.chargedBefore.toYuanString());
        o.insert(QStringLiteral("chargedAfter"), l.chargedAfter.toYuanString());
        o.insert(QStringLiteral("rounding"), roundingKey(l.rounding));
    }
    return o;
}

QJsonObject allocationJson(const Allocation& a)
{
    QJsonObject o{{QStringLiteral("version"), a.version.toString(Qt::ISODate)},
                  {QStringLiteral("tierPeriod"), a.tierPeriod},
                  {QStringLiteral("register"), registerKey(a.reg)},
                  {QStringLiteral("durationMs"), a.durationMs},
                  {QStringLiteral("quantity"), a.quantity.toString()}};
    if (!a.month.isEmpty())
        o.insert(QStringLiteral("month"), a.month);
    if (a.segment)
        o.insert(QStringLiteral("segment"), rateKey(*a.segment));
    return o;
}
} // namespace

QJsonObject Deduction::toJson() const
{
    QJsonObject o{{QStringLiteral("status"), statusKey(status)},
                  {QStringLiteral("to"), to.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("after"), after.toJson()}};
    if (status == BillStatus::Anomaly) {
        o.insert(QStringLiteral("anomaly"), anomalyKey(anomaly));
        o.insert(QStringLiteral("problem"), problem);
    }
    if (status == BillStatus::Baseline)
        return o;
    o.insert(QStringLiteral("from"), from.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("before"), before.toJson());
    if (status == BillStatus::Anomaly)
        return o;
    o.insert(QStringLiteral("mode"), byRegister ? QStringLiteral("registers") : QStringLiteral("total"));
    o.insert(QStringLiteral("flags"), QJsonArray::fromStringList(flagKeys(flags)));
    QJsonArray allocs;
    for (const Allocation& a : allocations)
        allocs.append(allocationJson(a));
    o.insert(QStringLiteral("allocations"), allocs);
    QJsonArray lines_;
    for (const DeductionLine& l : lines)
        lines_.append(lineJson(l));
    o.insert(QStringLiteral("lines"), lines_);
    o.insert(QStringLiteral("total"), total.toYuanString());
    return o;
}

} // namespace md

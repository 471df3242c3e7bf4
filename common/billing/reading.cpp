#include "billing/reading.h"

#include "util/error.h"

#include <QCoreApplication>

namespace md {

QString registerKey(Register r)
{
    if (r == Register::Total)
        return QStringLiteral("total");
    return rateKey(*registerRate(r));
}

std::optional<Register> parseRegister(QStringView key)
{
    if (key.compare(u"total", Qt::CaseInsensitive) == 0 || key == u"总")
        return Register::Total;
    if (const auto rate = parseRate(key))
        return rateRegister(*rate);
    return std::nullopt;
}

std::optional<Rate> registerRate(Register r)
{
    switch (r) {
    case Register::Total:
        return std::nullopt;
    case Register::Sharp:
        return Rate::Sharp;
    case Register::Peak:
        return Rate::Peak;
    case Register::Flat:
        return Rate::Flat;
    case Register::Valley:
        return Rate::Valley;
    }
    Q_UNREACHABLE();
}

Register rateRegister(Rate r)
{
    switch (r) {
    case Rate::Sharp:
        return Register::Sharp;
    case Rate::Peak:
        return Register::Peak;
    case Rate::Flat:
        return Register::Flat;
    case Rate::Valley:
        return Register::Valley;
    }
    Q_UNREACHABLE();
}

QJsonObject ReadingSet::toJson() const
{
    QJsonObject regs;
    for (auto it = values.begin(); it != values.end(); ++it)
        regs.insert(registerKey(it.key()), it.value().toString());
    return QJsonObject{{QStringLiteral("at"), utc.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("registers"), regs}};
}

ReadingSet ReadingSet::fromJson(const QJsonObject& o, Unit unit, const QString& source)
{
    ReadingSet set;
    set.utc = QDateTime::fromString(o.value(u"at").toString(), Qt::ISODateWithMs);
    if (!set.utc.isValid())
        throw InputError(source, 0, QCoreApplication::translate("md::Billing", "A reading has no valid time"));
    set.utc = set.utc.toUTC();
    const QJsonObject regs = o.value(u"registers").toObject();
    for (auto it = regs.begin(); it != regs.end(); ++it) {
        const auto reg = parseRegister(it.key());
        const auto q = Quantity::parse(it.value().toString(), unit);
        if (!reg || !q)
            throw InputError(source, 0,
                             QCoreApplication::translate("md::Billing", "A reading has a bad register %1").arg(it.key()));
        set.values.insert(*reg, *q);
    }
    return set;
}

} // namespace md

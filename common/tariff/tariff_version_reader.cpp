#include "tariff/tariff_version_reader.h"

#include "util/decimal.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <vector>

namespace md {

namespace {
constexpr int kMaxPeriods = 14;
constexpr int kMaxTiers = 10;
constexpr int kMinutesPerDay = 24 * 60;

// The translation context of this file's messages (lupdate files Tr::tr calls under it).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::TariffFile)
};

QString hhmm(int minute)
{
    return QStringLiteral("%1:%2").arg(minute / 60, 2, 10, QChar(u'0')).arg(minute % 60, 2, 10, QChar(u'0'));
}

QStringList splitList(const QString& value)
{
    QStringList items = value.split(u',');
    for (QString& item : items)
        item = item.trimmed();
    return items;
}

class VersionReader
{
public:
    VersionReader(const IniSection& section, const QString& source, Unit unit)
        : m_section(section)
        , m_source(source)
        , m_unit(unit)
    {
    }

    TariffVersion read()
    {
        QSet<QString> seen;
        for (const IniEntry& e : m_section.entries) {
            if (e.key != u"period") {
                if (seen.contains(e.key))
                    fail(e.line, Tr::tr("Duplicate key \"%1\"").arg(e.key));
                seen.insert(e.key);
            }
            readEntry(e);
        }
        if (!m_v.effective.isValid())
            fail(m_section.line, Tr::tr("[version] needs an effective date (effective = YYYY-MM-DD)"));
        if (m_v.rates.isEmpty())
            m_v.rates = {Rate::Flat};
        if (!m_v.tierBounds.isEmpty() && m_v.tierBasis == TierBasis::None)
            fail(m_tiersLine, Tr::tr("A ladder needs tier-basis = month or year"));
        if (m_yearStartLine && m_v.tierBasis != TierBasis::Year)
            fail(m_yearStartLine, Tr::tr("tier-year-start only applies to tier-basis = year"));
        checkPeriods();
        checkPrices();
        return m_v;
    }

private:
    [[noreturn]] void fail(int line, const QString& problem) const { throw InputError(m_source, line, problem); }

    Money money(const IniEntry& e) const
    {
        const auto m = Money::parseYuan(e.value);
        if (!m)
            fail(e.line, Tr::tr("\"%1\" is not an amount in yuan with at most 2 decimals").arg(e.value));
        if (m->isNegative())
            fail(e.line, Tr::tr("%1 must not be negative").arg(e.key));
        return *m;
    }

    Quantity quantity(const IniEntry& e, const QString& text) const
    {
        const auto q = Quantity::parse(text, m_unit);
        if (!q)
            fail(e.line, Tr::tr("\"%1\" is not a quantity with at most 3 decimals").arg(text));
        if (q->isNegative())
            fail(e.line, Tr::tr("%1 must not be negative").arg(e.key));
        return *q;
    }

    void readEntry(const IniEntry& e)
    {
        if (e.key == u"effective") {
            m_v.effective = QDate::fromString(e.value, Qt::ISODate);
            if (!m_v.effective.isValid() || e.value.size() != 10)
                fail(e.line, Tr::tr("\"%1\" is not a date (YYYY-MM-DD)").arg(e.value));
        } else if (e.key == u"tier-basis") {
            const auto b = parseTierBasis(e.value);
            if (!b)
                fail(e.line, Tr::tr("Unknown tier-basis \"%1\" (expected none, month or year)").arg(e.value));
            m_v.tierBasis = *b;
        } else if (e.key == u"tier-year-start") {
            // 2001 is not a leap year: a ladder year cannot start on a day some years lack.
            const QDate d = QDate::fromString(QStringLiteral("2001-") + e.value, Qt::ISODate);
            if (!d.isValid() || e.value.size() != 5)
                fail(e.line, Tr::tr("\"%1\" is not a day of the year (MM-DD)").arg(e.value));
            m_v.tierYearStartMonth = d.month();
            m_v.tierYearStartDay = d.day();
            m_yearStartLine = e.line;
        } else if (e.key == u"tiers") {
            m_tiersLine = e.line;
            const QStringList items = splitList(e.value);
            if (items.size() >= kMaxTiers)
                fail(e.line, Tr::tr("At most %1 tiers are allowed").arg(kMaxTiers));
            for (const QString& item : items) {
                const Quantity bound = quantity(e, item);
                if (bound.isZero() || (!m_v.tierBounds.isEmpty() && bound <= m_v.tierBounds.back()))
                    fail(e.line, Tr::tr("Tier bounds must be positive and increasing (%1)").arg(item));
                m_v.tierBounds.append(bound);
            }
        } else if (e.key == u"rates") {
            const QStringList items = splitList(e.value);
            if (items.size() > kRateCount)
                fail(e.line, Tr::tr("At most 4 rates are allowed (sharp, peak, flat, valley)"));
            for (const QString& item : items) {
                const auto r = parseRate(item);
                if (!r)
                    fail(e.line, Tr::tr("Unknown rate \"%1\" (expected sharp, peak, flat or valley)").arg(item));
                if (m_v.rates.contains(*r))
                    fail(e.line, Tr::tr("The rate %1 is listed twice").arg(item));
                m_v.rates.append(*r);
            }
        } else if (e.key == u"period") {
            readPeriod(e);
        } else if (e.key.startsWith(u"price.")) {
            m_priceEntries.append(e);
        } else if (e.key == u"fixed-monthly") {
            m_v.fixedMonthly = money(e);
        } else if (e.key == u"free-monthly") {
            m_v.freeMonthly = quantity(e, e.value);
        } else if (e.key == u"service-fee") {
            readServiceFee(e);
        } else if (e.key == u"balance-cap") {
            m_v.balanceCap = money(e);
            if (m_v.balanceCap->isZero())
                fail(e.line, Tr::tr("balance-cap must be more than zero (leave it out for no cap)"));
        } else if (e.key == u"rounding") {
            const auto r = parseRounding(e.value);
            if (!r)
                fail(e.line, Tr::tr("Unknown rounding \"%1\" (expected half-up, half-even, down or up)").arg(e.value));
            m_v.rounding = *r;
        } else {
            fail(e.line, Tr::tr("Unknown key \"%1\" in [version]").arg(e.key));
        }
    }

    void readServiceFee(const IniEntry& e)
    {
        if (e.value.endsWith(u'%')) {
            const auto bp = parseScaled(QStringView(e.value).chopped(1), 2);
            if (!bp || *bp < 0 || *bp > 10000)
                fail(e.line, Tr::tr("\"%1\" is not a percentage between 0% and 100% with at most 2 decimals").arg(e.value));
            m_v.serviceFee = ServiceFee{ServiceFee::Kind::Percent, *bp, Money()};
        } else {
            m_v.serviceFee = ServiceFee{ServiceFee::Kind::Fixed, 0, money(e)};
        }
    }

    void readPeriod(const IniEntry& e)
    {
        static const QRegularExpression re(QStringLiteral(R"(^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s+(\S+)$)"));
        const QRegularExpressionMatch m = re.match(e.value);
        if (!m.hasMatch())
            fail(e.line, Tr::tr("A period looks like \"06:00-22:00 peak\" (got \"%1\")").arg(e.value));
        const int sh = m.captured(1).toInt(), sm = m.captured(2).toInt();
        const int eh = m.captured(3).toInt(), em = m.captured(4).toInt();
        if (sh > 23 || sm > 59 || eh > 24 || em > 59 || (eh == 24 && em != 0))
            fail(e.line, Tr::tr("\"%1\" is not a time range within the day").arg(e.value));
        const auto rate = parseRate(m.captured(5));
        if (!rate)
            fail(e.line, Tr::tr("Unknown rate \"%1\" (expected sharp, peak, flat or valley)").arg(m.captured(5)));
        const TouPeriod p{sh * 60 + sm, eh * 60 + em, *rate};
        if (p.startMinute == p.endMinute)
            fail(e.line, Tr::tr("The period %1 is empty").arg(e.value));
        if (m_v.periods.size() == kMaxPeriods)
            fail(e.line, Tr::tr("At most %1 periods a day are allowed").arg(kMaxPeriods));
        m_v.periods.append(p);
        m_periodLines.append(e.line);
    }

    void checkPeriods()
    {
        if (m_v.periods.isEmpty()) {
            if (m_v.isTimeOfUse())
                fail(m_section.line, Tr::tr("Time-of-use rates need period lines that cover the day"));
            return;
        }
        std::vector<int> owner(kMinutesPerDay, 0); // line of the period holding each minute
        for (qsizetype i = 0; i < m_v.periods.size(); ++i) {
            const TouPeriod& p = m_v.periods.at(i);
            const int line = m_periodLines.at(i);
            if (!m_v.hasRate(p.rate))
                fail(line, Tr::tr("The rate %1 is not listed in rates").arg(rateKey(p.rate)));
            for (int minute = 0; minute < kMinutesPerDay; ++minute) {
                if (!p.contains(minute))
                    continue;
                if (owner[std::size_t(minute)] != 0)
                    fail(line, Tr::tr("This period overlaps the period on line %1 at %2")
                                   .arg(owner[std::size_t(minute)])
                                   .arg(hhmm(minute)));
                owner[std::size_t(minute)] = line;
            }
        }
        for (int minute = 0; minute < kMinutesPerDay; ++minute) {
            if (owner[std::size_t(minute)] == 0) {
                int end = minute;
                while (end < kMinutesPerDay && owner[std::size_t(end)] == 0)
                    ++end;
                fail(m_periodLines.front(), Tr::tr("The periods leave %1-%2 uncovered").arg(hhmm(minute), hhmm(end)));
            }
        }
        for (Rate r : m_v.rates) {
            if (!std::any_of(m_v.periods.begin(), m_v.periods.end(), [r](const TouPeriod& p) { return p.rate == r; }))
                fail(m_periodLines.front(), Tr::tr("The rate %1 has no period").arg(rateKey(r)));
        }
    }

    void checkPrices()
    {
        for (const IniEntry& e : std::as_const(m_priceEntries)) {
            const QString rateText = e.key.mid(6);
            const auto rate = parseRate(rateText);
            if (!rate)
                fail(e.line, Tr::tr("Unknown rate \"%1\" in %2").arg(rateText, e.key));
            if (!m_v.hasRate(*rate))
                fail(e.line, Tr::tr("The rate %1 is not listed in rates").arg(rateText));
            QList<Price>& list = m_v.prices[std::size_t(*rate)];
            if (!list.isEmpty())
                fail(e.line, Tr::tr("Duplicate prices for the rate %1").arg(rateText));
            const QStringList items = splitList(e.value);
            if (items.size() != m_v.tierCount())
                fail(e.line, Tr::tr("%1 needs %2 price(s), one per tier; found %3")
                                 .arg(e.key)
                                 .arg(m_v.tierCount())
                                 .arg(items.size()));
            for (const QString& item : items) {
                const auto p = Price::parseYuan(item);
                if (!p)
                    fail(e.line, Tr::tr("\"%1\" is not a price in yuan with at most 4 decimals").arg(item));
                if (p->tenThousandths() < 0)
                    fail(e.line, Tr::tr("Negative price %1").arg(item));
                list.append(*p);
            }
        }
        for (Rate r : m_v.rates) {
            if (m_v.prices[std::size_t(r)].isEmpty())
                fail(m_section.line, Tr::tr("The [version] on this line has no price.%1").arg(rateKey(r)));
        }
    }

    const IniSection& m_section;
    const QString& m_source;
    Unit m_unit;
    TariffVersion m_v;
    QList<IniEntry> m_priceEntries;
    QList<int> m_periodLines;
    int m_tiersLine = 0;
    int m_yearStartLine = 0;
};
} // namespace

TariffVersion readTariffVersion(const IniSection& section, const QString& source, Unit unit)
{
    return VersionReader(section, source, unit).read();
}

int effectiveLine(const IniSection& section)
{
    for (const IniEntry& e : section.entries) {
        if (e.key == u"effective")
            return e.line;
    }
    return section.line;
}

} // namespace md

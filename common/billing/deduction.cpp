#include "billing/deduction.h"

#include "tariff/tariff.h"

#include <QJsonArray>
#include <QJsonDocument>

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
// Compact JSON written straight into bytes. Keys are written by the caller in the order
// QJsonObject keeps them (sorted by UTF-16 code units; all keys here are ASCII).
class JsonOut
{
public:
    explicit JsonOut(qsizetype reserve) { m_out.reserve(reserve); }
    void close(char c) { m_out += c; m_first = false; }
    void key(const char* k) // an ASCII key without characters that need escaping
    {
        sep();
        m_out += '"';
        m_out += k;
        m_out += "\":";
        m_first = true; // the value follows without a comma
    }
    void key(const QString& k)
    {
        value(k);
        m_out += ':';
        m_first = true;
    }
    void value(const QString& s)
    {
        sep();
        // Printable ASCII other than '"' and '\\' is written as is; anything else (control
        // characters, non-ASCII such as Chinese text, lone surrogates) is escaped by Qt's own
        // writer, so the bytes stay Qt's whatever the text.
        const QChar* p = s.constData();
        const qsizetype n = s.size();
        bool plain = true;
        for (qsizetype i = 0; i < n; ++i) {
            const char16_t c = p[i].unicode();
            if (c < 0x20 || c >= 0x7F || c == u'"' || c == u'\\') {
                plain = false;
                break;
            }
        }
        if (plain) {
            const qsizetype at = m_out.size();
            m_out.resize(at + n + 2);
            char* o = m_out.data() + at;
            *o++ = '"';
            for (qsizetype i = 0; i < n; ++i)
                *o++ = static_cast<char>(p[i].unicode());
            *o = '"';
        } else {
            const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact); // ["..."]
            m_out.append(doc.constData() + 1, doc.size() - 2);
        }
        m_first = false;
    }
    void value(qint64 v)
    {
        sep();
        m_out += QByteArray::number(v);
        m_first = false;
    }
    void open(char c) // an object or array, as a value or an element
    {
        sep();
        m_out += c;
        m_first = true;
    }
    QByteArray take() { return std::move(m_out); }

private:
    void sep()
    {
        if (!m_first)
            m_out += ',';
    }
    QByteArray m_out;
    bool m_first = true;
};

void writeReadings(JsonOut& j, const ReadingSet& set)
{
    j.open('{');
    j.key("at");
    j.value(set.utc.toUTC().toString(Qt::ISODateWithMs));
    j.key("registers");
    j.open('{');
    QList<std::pair<QString, QString>> regs;
    regs.reserve(set.values.size());
    for (auto it = set.values.begin(); it != set.values.end(); ++it)
        regs.append({registerKey(it.key()), it.value().toString()});
    std::sort(regs.begin(), regs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [k, v] : std::as_const(regs)) {
        j.key(k);
        j.value(v);
    }
    j.close('}');
    j.close('}');
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

QByteArray Deduction::toCompactJson() const
{
    // Keys in sorted order, as toJson()'s QJsonObject holds them.
    const bool anomalous = status == BillStatus::Anomaly;
    const bool full = status == BillStatus::Billed;
    JsonOut j(1024 + 400 * (lines.size() + allocations.size()));
    j.open('{');
    j.key("after");
    writeReadings(j, after);
    if (full) {
        j.key("allocations");
        j.open('[');
        for (const Allocation& a : allocations) {
            j.open('{');
            j.key("durationMs");
            j.value(a.durationMs);
            if (!a.month.isEmpty()) {
                j.key("month");
                j.value(a.month);
            }
            j.key("quantity");
            j.value(a.quantity.toString());
            j.key("register");
            j.value(registerKey(a.reg));
            if (a.segment) {
                j.key("segment");
                j.value(rateKey(*a.segment));
            }
            j.key("tierPeriod");
            j.value(a.tierPeriod);
            j.key("version");
            j.value(a.version.toString(Qt::ISODate));
            j.close('}');
        }
        j.close(']');
    }
    if (anomalous) {
        j.key("anomaly");
        j.value(anomalyKey(anomaly));
    }
    if (status != BillStatus::Baseline) {
        j.key("before");
        writeReadings(j, before);
    }
    if (full) {
        j.key("flags");
        j.open('[');
        for (const QString& f : flagKeys(flags))
            j.value(f);
        j.close(']');
    }
    if (status != BillStatus::Baseline) {
        j.key("from");
        j.value(from.toUTC().toString(Qt::ISODateWithMs));
    }
    if (full) {
        j.key("lines");
        j.open('[');
        for (const DeductionLine& l : lines) {
            const bool priced = l.kind != LineKind::Fixed;
            j.open('{');
            j.key("amount");
            j.value(l.amount.toYuanString());
            j.key("bucket");
            j.value(l.bucket.toString());
            if (priced) {
                j.key("chargedAfter");
                j.value(l.chargedAfter.toYuanString());
                j.key("chargedBefore");
                j.value(l.chargedBefore.toYuanString());
            }
            j.key("kind");
            j.value(kindKey(l.kind));
            j.key("period");
            j.value(l.bucket.period);
            if (priced) {
                j.key("price");
                j.value(l.price.toYuanString());
                j.key("quantity");
                j.value(l.quantity.toString());
                j.key("quantityAfter");
                j.value(l.after.toString());
                j.key("quantityBefore");
                j.value(l.before.toString());
            }
            j.key("rate");
            j.value(l.bucket.rate);
            if (priced) {
                j.key("rounding");
                j.value(roundingKey(l.rounding));
            }
            j.key("tier");
            j.value(qint64(l.bucket.tier));
            j.key("version");
            j.value(l.bucket.version.toString(Qt::ISODate));
            j.close('}');
        }
        j.close(']');
        j.key("mode");
        j.value(byRegister ? QStringLiteral("registers") : QStringLiteral("total"));
    }
    if (anomalous) {
        j.key("problem");
        j.value(problem);
    }
    j.key("status");
    j.value(statusKey(status));
    j.key("to");
    j.value(to.toUTC().toString(Qt::ISODateWithMs));
    if (full) {
        j.key("total");
        j.value(total.toYuanString());
    }
    j.close('}');
    return j.take();
}

} // namespace md

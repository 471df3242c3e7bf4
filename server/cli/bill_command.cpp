#include "cli/bill_command.h"

#include "billing/biller.h"
#include "billing/readings_csv.h"
#include "tariff/tariff_file.h"
#include "util/decimal.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <optional>
#include <tuple>

// `meterdeskd bill --tariff FILE --readings FILE [--json] [--timezone TZ]`: bills a meter's
// reading history with a tariff and prints every deduction with its breakdown, then the
// totals. Everything is read and billed in memory first; any problem is reported as
// FILE:LINE: problem with exit code 1 and nothing on stdout, so there is never a partial bill.

namespace md::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::cli", text);
}

struct Options
{
    QString tariffPath;
    QString readingsPath;
    QString timeZone;
    bool json = false;
    bool help = false;
};

std::optional<Options> parseOptions(const QStringList& args, QTextStream& err)
{
    Options o;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        auto value = [&](QString& into) {
            if (i + 1 >= args.size()) {
                err << tr("%1 needs a value").arg(a) << '\n';
                return false;
            }
            into = args.at(++i);
            return true;
        };
        if (a == u"--tariff") {
            if (!value(o.tariffPath))
                return std::nullopt;
        } else if (a == u"--readings") {
            if (!value(o.readingsPath))
                return std::nullopt;
        } else if (a == u"--timezone") {
            if (!value(o.timeZone))
                return std::nullopt;
        } else if (a == u"--json") {
            o.json = true;
        } else if (a == u"--help" || a == u"-h") {
            o.help = true;
        } else {
            err << tr("Unknown option: %1").arg(a) << '\n';
            return std::nullopt;
        }
    }
    if (!o.help && (o.tariffPath.isEmpty() || o.readingsPath.isEmpty())) {
        err << tr("Both --tariff and --readings are needed") << '\n';
        return std::nullopt;
    }
    return o;
}

void printUsage(QTextStream& s)
{
    s << tr("Usage: meterdeskd bill --tariff FILE --readings FILE [--json] [--timezone TZ]") << '\n'
      << tr("Bills a meter's reading history (CSV: timestamp,register,value) with a tariff file and "
            "prints every deduction with its breakdown and the totals. --timezone replaces the "
            "tariff's office time zone (time-of-use periods, months, timestamps without an offset).")
      << '\n';
}

// Sums per tier and rate ("free" and "fixed" included) over every deduction.
struct TotalKey
{
    int tier;
    QString rate;
    // Tiers in order, and within a tier the customary 尖峰平谷 order; free and fixed last.
    int rank() const
    {
        if (const auto r = parseRate(rate))
            return int(*r);
        return rate == u"free" ? kRateCount : kRateCount + 1;
    }
    friend bool operator<(const TotalKey& a, const TotalKey& b)
    {
        const bool aExtra = a.tier == 0, bExtra = b.tier == 0;
        return std::tuple(aExtra, a.tier, a.rank()) < std::tuple(bExtra, b.tier, b.rank());
    }
};
struct Total
{
    qint64 milli = 0;
    Money amount;
};

struct Bill
{
    Tariff tariff;
    QList<Deduction> deductions; // the baseline first
    QMap<TotalKey, Total> totals;
    qint64 quantityMilli = 0;
    Money amount;
};

Bill makeBill(const Options& o)
{
    Bill bill;
    bill.tariff = loadTariffFile(o.tariffPath);
    if (!o.timeZone.isEmpty()) {
        const QTimeZone zone(o.timeZone.toUtf8());
        if (!zone.isValid())
            throw InputError(QStringLiteral("--timezone"), 0, tr("Unknown time zone \"%1\"").arg(o.timeZone));
        bill.tariff.timeZone = zone;
    }
    const QList<NumberedReadingSet> sets = loadReadingsCsv(o.readingsPath, bill.tariff.unit, bill.tariff.timeZone);
    if (sets.isEmpty())
        throw InputError(o.readingsPath, 0, tr("The file has no readings"));
    MeterBillingState state(bill.tariff.unit);
    for (const NumberedReadingSet& n : sets) {
        Deduction d = Biller::bill(bill.tariff, state, n.set);
        if (d.isAnomaly())
            throw InputError(o.readingsPath, n.line, d.problem);
        for (const DeductionLine& l : std::as_const(d.lines)) {
            Total& t = bill.totals[TotalKey{l.bucket.tier, l.bucket.rate}];
            t.milli += l.quantity.milli();
            t.amount += l.amount;
            bill.quantityMilli += l.quantity.milli();
        }
        bill.amount += d.total;
        bill.deductions.append(std::move(d));
    }
    return bill;
}

QString rateLabel(const QString& key)
{
    if (key == u"free")
        return tr("free allowance");
    if (key == u"fixed")
        return tr("fixed monthly charge");
    const auto rate = parseRate(key);
    return rate ? rateName(*rate) : key;
}

QString registersText(const ReadingSet& set)
{
    QStringList parts;
    for (auto it = set.values.begin(); it != set.values.end(); ++it)
        parts << QStringLiteral("%1 %2").arg(registerKey(it.key()), it.value().toString());
    return parts.join(QStringLiteral(", "));
}

void printText(const Bill& bill, QTextStream& out)
{
    const Tariff& t = bill.tariff;
    const QString unit = unitSymbol(t.unit);
    auto local = [&](const QDateTime& utc) { return utc.toTimeZone(t.timeZone).toString(Qt::ISODate); };
    out << tr("Tariff %1 (%2): %3, %4, time zone %5")
               .arg(t.id, t.name, utilityName(t.utility), unit, QString::fromUtf8(t.timeZone.id()))
        << '\n';
    int number = 0;
    for (const Deduction& d : bill.deductions) {
        if (d.status == BillStatus::Baseline) {
            out << tr("Baseline %1: %2").arg(local(d.to), registersText(d.after)) << "\n";
            continue;
        }
        out << '\n' << tr("Deduction %1: %2 to %3").arg(++number).arg(local(d.from), local(d.to));
        if (d.flags)
            out << "  [" << flagKeys(d.flags).join(QStringLiteral(", ")) << ']';
        out << '\n'
            << "  " << tr("readings: %1 -> %2").arg(registersText(d.before), registersText(d.after)) << '\n';
        for (const Allocation& a : d.allocations) {
            out << "  " << tr("share: version %1, period %2").arg(a.version.toString(Qt::ISODate), a.tierPeriod);
            if (!a.month.isEmpty())
                out << ", " << tr("month %1").arg(a.month);
            out << ", " << tr("register %1").arg(registerKey(a.reg));
            if (a.segment)
                out << ", " << tr("segment %1").arg(rateName(*a.segment));
            out << ": " << tr("%1 %2 over %3 h").arg(a.quantity.toString(), unit).arg(formatScaled(a.durationMs / 36000, 2))
                << '\n';
        }
        for (const DeductionLine& l : d.lines) {
            if (l.kind == LineKind::Fixed) {
                out << "  " << tr("%1 %2: %3").arg(l.bucket.period, rateLabel(l.bucket.rate), l.amount.toYuanString())
                    << '\n';
                continue;
            }
            const QString where = l.kind == LineKind::Free
                                    ? tr("%1 %2").arg(l.bucket.period, rateLabel(l.bucket.rate))
                                    : tr("%1 tier %2 %3").arg(l.bucket.period).arg(l.bucket.tier).arg(rateLabel(l.bucket.rate));
            out << "  " << where << ": "
                << tr("%1 %2 x %3 = %4 (so far %5 %2: %6 -> %7, %8)")
                       .arg(l.quantity.toString(), unit, l.price.toYuanString(), l.amount.toYuanString(),
                            l.after.toString(), l.chargedBefore.toYuanString(), l.chargedAfter.toYuanString(),
                            roundingKey(l.rounding))
                << '\n';
        }
        out << "  " << tr("deduction total: %1").arg(d.total.toYuanString()) << '\n';
    }
    out << '\n' << tr("Totals") << '\n';
    for (auto it = bill.totals.begin(); it != bill.totals.end(); ++it) {
        const QString label = it.key().tier > 0 ? tr("tier %1 %2").arg(it.key().tier).arg(rateLabel(it.key().rate))
                                                : rateLabel(it.key().rate);
        out << "  " << label << ": ";
        if (it.key().rate != u"fixed")
            out << formatScaled(it.value().milli, 3) << ' ' << unit << ", ";
        out << it.value().amount.toYuanString() << '\n';
    }
    out << "  " << tr("total: %1 %2, %3").arg(formatScaled(bill.quantityMilli, 3), unit, bill.amount.toYuanString())
        << '\n';
}

void printJson(const Bill& bill, QTextStream& out)
{
    const Tariff& t = bill.tariff;
    QJsonArray deductions;
    for (const Deduction& d : bill.deductions)
        deductions.append(d.toJson());
    QJsonArray totals;
    for (auto it = bill.totals.begin(); it != bill.totals.end(); ++it)
        totals.append(QJsonObject{{QStringLiteral("tier"), it.key().tier},
                                  {QStringLiteral("rate"), it.key().rate},
                                  {QStringLiteral("quantity"), formatScaled(it.value().milli, 3)},
                                  {QStringLiteral("amount"), it.value().amount.toYuanString()}});
    const QJsonObject root{
        {QStringLiteral("tariff"),
         QJsonObject{{QStringLiteral("id"), t.id},
                     {QStringLiteral("name"), t.name},
                     {QStringLiteral("utility"), utilityKey(t.utility)},
                     {QStringLiteral("unit"), unitKey(t.unit)},
                     {QStringLiteral("timezone"), QString::fromUtf8(t.timeZone.id())}}},
        {QStringLiteral("deductions"), deductions},
        {QStringLiteral("totals"), totals},
        {QStringLiteral("quantity"), formatScaled(bill.quantityMilli, 3)},
        {QStringLiteral("amount"), bill.amount.toYuanString()}};
    out << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}
} // namespace

QString billSummary()
{
    return tr("Bill a reading history with a tariff file and explain every deduction");
}

int runBill(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const std::optional<Options> options = parseOptions(args, err);
    if (!options) {
        printUsage(err);
        return 2;
    }
    if (options->help) {
        printUsage(out);
        return 0;
    }
    try {
        const Bill bill = makeBill(*options);
        if (options->json)
            printJson(bill, out);
        else
            printText(bill, out);
    } catch (const Error& e) {
        err << e.message() << '\n';
        return 1;
    }
    return 0;
}

} // namespace md::cli

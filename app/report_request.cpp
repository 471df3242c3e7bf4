#include "report_request.h"

#include "api/service_client.h"

namespace md::app {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::app::ReportRequest)
};
QString iso(QDate d)
{
    return d.toString(Qt::ISODate);
}
} // namespace

QJsonObject ReportRequest::params() const
{
    QJsonObject p;
    if (method == u"report.arrears") {
        p.insert(QStringLiteral("at_least"), atLeast);
        return p;
    }
    if (method == u"report.shift") {
        p.insert(QStringLiteral("from"), iso(from) + QStringLiteral("T00:00:00"));
        p.insert(QStringLiteral("to"), iso(to.addDays(1)) + QStringLiteral("T00:00:00")); // exclusive
        return p;
    }
    p.insert(QStringLiteral("from"), iso(from));
    p.insert(QStringLiteral("to"), iso(to));
    if (method == u"report.sales") {
        p.insert(QStringLiteral("granularity"), granularity);
        if (byCashier)
            p.insert(QStringLiteral("by_cashier"), true);
    }
    return p;
}

QString ReportRequest::periodText() const
{
    if (!hasPeriod())
        return {};
    QString text = from == to ? iso(from) : Tr::tr("%1 to %2").arg(iso(from), iso(to));
    if (method == u"report.sales") {
        const QString by = granularity == u"year"    ? Tr::tr("by year")
                           : granularity == u"month" ? Tr::tr("by month")
                                                     : Tr::tr("by day");
        // The separator is the language's own (Chinese: a full-width comma).
        text = Tr::tr("%1, %2", "a period and how it is grouped").arg(text, by);
        if (byCashier)
            text = Tr::tr("%1, %2", "a period and how it is grouped").arg(text, Tr::tr("by cashier"));
    }
    return text;
}

Period presetPeriod(PeriodPreset preset, QDate today)
{
    const QDate monthStart(today.year(), today.month(), 1);
    switch (preset) {
    case PeriodPreset::Today:
        return {today, today};
    case PeriodPreset::ThisMonth:
        return {monthStart, today};
    case PeriodPreset::LastMonth: {
        const QDate start = monthStart.addMonths(-1);
        return {start, monthStart.addDays(-1)};
    }
    case PeriodPreset::ThisYear:
        return {QDate(today.year(), 1, 1), today};
    }
    return {today, today};
}

QStringList reportMethodsFor(const QString& role)
{
    if (role == u"manager" || role == u"auditor")
        return {QStringLiteral("report.sales"), QStringLiteral("report.account_ledger"), QStringLiteral("report.shift"),
                QStringLiteral("report.arrears"), QStringLiteral("report.reconcile"), QStringLiteral("report.apportionment")};
    if (role == u"cashier")
        return {QStringLiteral("report.shift")};
    return {};
}

QString reportName(const QString& method)
{
    if (method == u"report.sales")
        return Tr::tr("Sales (daily/monthly/yearly)");
    if (method == u"report.account_ledger")
        return Tr::tr("Account ledger (opening/closing)");
    if (method == u"report.shift")
        return Tr::tr("Shift takings");
    if (method == u"report.arrears")
        return Tr::tr("Arrears and alarms");
    if (method == u"report.reconcile")
        return Tr::tr("Reconciliation");
    if (method == u"report.apportionment")
        return Tr::tr("Public-area apportionment (approved runs)");
    return method;
}

ReportRunner::ReportRunner(api::ServiceClient& client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
}

void ReportRunner::run(const ReportRequest& request)
{
    m_request = request;
    const quint64 generation = ++m_generation;
    m_busy = true;
    emit started();
    api::ApiReply* reply = m_client.call(request.method, request.params());
    connect(reply, &api::ApiReply::finished, this, [this, generation](const QJsonObject& result) {
        if (generation != m_generation)
            return; // a newer run was asked for
        m_busy = false;
        ReportData data;
        if (const QString problem = parseReport(result, &data); !problem.isEmpty())
            emit failed(problem);
        else
            emit finished(data);
    });
    connect(reply, &api::ApiReply::failed, this, [this, generation](const api::ApiFailure& f) {
        if (generation != m_generation)
            return;
        m_busy = false;
        emit failed(f.message);
    });
}

} // namespace md::app

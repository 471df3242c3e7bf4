#pragma once

#include "report_data.h"

#include <QCoreApplication>
#include <QDate>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace md::api {
class ServiceClient;
class ApiReply;
} // namespace md::api

namespace md::app {

// Which report and with what: what the reports tab's controls say, as a value.
struct ReportRequest
{
    QString method = QStringLiteral("report.sales"); // report.sales, report.account_ledger, ...
    QDate from;
    QDate to;
    QString granularity = QStringLiteral("day");      // sales: day, month, year
    bool byCashier = false;                           // sales
    QString atLeast = QStringLiteral("alarm1");       // arrears

    // The call's params (docs/api.md "Reports"): a shift is from the first day's midnight to
    // the end of the last day, on the office's wall clock.
    QJsonObject params() const;
    // "2026-11-01 — 2026-11-30, by day" (translated); empty for the arrears list (now).
    QString periodText() const;
    bool hasPeriod() const { return method != u"report.arrears"; }
};

// The period presets of the reports tab.
enum class PeriodPreset { Today, ThisMonth, LastMonth, ThisYear };
struct Period
{
    QDate from;
    QDate to;
};
Period presetPeriod(PeriodPreset preset, QDate today);

// The reports the role may ask for: a cashier only their shift (docs/roles.md).
QStringList reportMethodsFor(const QString& role);
QString reportName(const QString& method);

// Runs one report at a time on the asynchronous client: a newer run makes an older answer
// stale (ignored). The window shows progress while busy().
class ReportRunner : public QObject
{
    Q_OBJECT

public:
    explicit ReportRunner(api::ServiceClient& client, QObject* parent = nullptr);
    void run(const ReportRequest& request);
    bool busy() const { return m_busy; }
    const ReportRequest& request() const { return m_request; }

signals:
    void started();
    void finished(const md::app::ReportData& report);
    void failed(const QString& message);

private:
    api::ServiceClient& m_client;
    ReportRequest m_request;
    quint64 m_generation = 0;
    bool m_busy = false;
};

} // namespace md::app

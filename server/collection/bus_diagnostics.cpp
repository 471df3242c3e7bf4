#include "collection/bus_diagnostics.h"

#include <QJsonArray>

#include <algorithm>

namespace md::collection {

LinkCounters& LinkCounters::operator+=(const LinkCounters& o)
{
    requests += o.requests;
    answers += o.answers;
    timeouts += o.timeouts;
    checksumErrors += o.checksumErrors;
    wrongAddress += o.wrongAddress;
    meterErrors += o.meterErrors;
    return *this;
}

QJsonObject LinkCounters::toJson() const
{
    return {{QStringLiteral("requests"), requests},       {QStringLiteral("answers"), answers},
            {QStringLiteral("timeouts"), timeouts},       {QStringLiteral("checksum_errors"), checksumErrors},
            {QStringLiteral("wrong_address"), wrongAddress}, {QStringLiteral("meter_errors"), meterErrors}};
}

QJsonObject MeterDiagnostics::toJson() const
{
    return {{QStringLiteral("meter"), meter.v},
            {QStringLiteral("name"), name},
            {QStringLiteral("link"), link.toJson()},
            {QStringLiteral("reads"), reads},
            {QStringLiteral("reads_ok"), readsOk},
            {QStringLiteral("success_permille"), successPermille()},
            {QStringLiteral("missed_cycles"), missedCycles},
            {QStringLiteral("lost"), lost},
            {QStringLiteral("timeout_ms"), timeoutMs},
            {QStringLiteral("latency_us"),
             QJsonObject{{QStringLiteral("p50"), p50Us}, {QStringLiteral("p95"), p95Us}, {QStringLiteral("p99"), p99Us}}},
            {QStringLiteral("last_good_reading"),
             lastGoodReading.isValid() ? QJsonValue(lastGoodReading.toUTC().toString(Qt::ISODate))
                                       : QJsonValue()}};
}

QJsonObject BusDiagnostics::toJson() const
{
    QJsonArray list;
    for (const MeterDiagnostics& m : meters)
        list.append(m.toJson());
    return {{QStringLiteral("bus"), bus},
            {QStringLiteral("link"), link.toJson()},
            {QStringLiteral("reads"), reads},
            {QStringLiteral("reads_ok"), readsOk},
            {QStringLiteral("success_permille"), successPermille()},
            {QStringLiteral("cycles"), cycles},
            {QStringLiteral("last_cycle_ms"), lastCycleMs},
            {QStringLiteral("latency_us"),
             QJsonObject{{QStringLiteral("p50"), p50Us}, {QStringLiteral("p95"), p95Us}, {QStringLiteral("p99"), p99Us}}},
            {QStringLiteral("meters"), list}};
}

void LatencyWindow::add(qint64 us)
{
    if (m_samples.size() < std::size_t(kCapacity)) {
        m_samples.push_back(us);
        return;
    }
    m_samples[m_next] = us; // ring: the oldest sample goes
    m_next = (m_next + 1) % std::size_t(kCapacity);
}

qint64 LatencyWindow::percentileUs(int p) const
{
    return percentileOf(m_samples, p);
}

qint64 percentileOf(std::vector<qint64> samples, int p)
{
    if (samples.empty())
        return 0;
    // Nearest rank: the smallest sample with at least p % of the samples at or below it.
    std::size_t rank = (std::size_t(p) * samples.size() + 99) / 100;
    rank = std::clamp<std::size_t>(rank, 1, samples.size());
    std::nth_element(samples.begin(), samples.begin() + std::ptrdiff_t(rank - 1), samples.end());
    return samples[rank - 1];
}

} // namespace md::collection

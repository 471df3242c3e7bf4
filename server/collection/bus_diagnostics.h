#pragma once

#include "money/ids.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <vector>

namespace md::collection {

// What the wire did for one meter (or, summed, for one bus).
struct LinkCounters
{
    qint64 requests = 0;
    qint64 answers = 0;        // well-formed answers from the right address
    qint64 timeouts = 0;
    qint64 checksumErrors = 0; // CRC (Modbus) or byte-sum (DL/T 645, CJ/T 188) failures
    qint64 wrongAddress = 0;   // well-formed answers from another meter, rejected
    qint64 meterErrors = 0;    // Modbus exceptions, DL/T 645 abnormal answers
    LinkCounters& operator+=(const LinkCounters& o);
    QJsonObject toJson() const;
};

// The last latencies (request written -> last answer byte), for percentiles. Bounded.
class LatencyWindow
{
public:
    static constexpr int kCapacity = 512;
    void add(qint64 us);
    qint64 percentileUs(int p) const; // 0 when empty; nearest-rank
    int size() const { return int(m_samples.size()); }
    const std::vector<qint64>& samples() const { return m_samples; }

private:
    std::vector<qint64> m_samples;
    std::size_t m_next = 0;
};

qint64 percentileOf(std::vector<qint64> samples, int p); // nearest-rank, 0 when empty

struct MeterDiagnostics
{
    MeterId meter;
    QString name;
    LinkCounters link;
    qint64 reads = 0;      // read jobs (polled and manual)
    qint64 readsOk = 0;
    int missedCycles = 0;
    bool lost = false;
    int timeoutMs = 0;     // the adaptive timeout in use
    qint64 p50Us = 0, p95Us = 0, p99Us = 0;
    QDateTime lastGoodReading; // UTC
    int successPermille() const { return reads ? int(readsOk * 1000 / reads) : 0; }
    QJsonObject toJson() const; // keys untranslated, latencies in µs, times ISO UTC
};

struct BusDiagnostics
{
    QString bus;
    LinkCounters link;
    qint64 reads = 0;
    qint64 readsOk = 0;
    qint64 cycles = 0;
    qint64 lastCycleMs = 0;
    qint64 p50Us = 0, p95Us = 0, p99Us = 0;
    std::vector<MeterDiagnostics> meters;
    int successPermille() const { return reads ? int(readsOk * 1000 / reads) : 0; }
    QJsonObject toJson() const; // the bus, and its meters under "meters"
};

} // namespace md::collection

Q_DECLARE_METATYPE(md::collection::BusDiagnostics)

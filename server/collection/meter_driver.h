#pragma once

#include "collection/bus_diagnostics.h"
#include "collection/bus_settings.h"
#include "collection/bus_transport.h"

#include <QCoreApplication>

#include <memory>

namespace md::collection {

// Why a step of a read or command did not succeed.
enum class Failure { None, Timeout, Corrupt, WrongAddress, MeterError, BadAnswer, PortError };

struct Outcome
{
    Failure failure = Failure::None;
    QString problem; // translated
    bool ok() const { return failure == Failure::None; }
};

// One meter's requests through the bus transport, counted in its diagnostics. The timeout is
// chosen by the worker (adaptive, or short for a probe).
class MeterLink
{
    Q_DECLARE_TR_FUNCTIONS(md::collection::MeterLink)
public:
    MeterLink(BusTransport& transport, LinkCounters& counters, LatencyWindow& latency,
              LatencyWindow& busLatency, int timeoutMs)
        : m_transport(transport)
        , m_counters(counters)
        , m_latency(latency)
        , m_busLatency(busLatency)
        , m_timeoutMs(timeoutMs)
    {
    }
    // Sends `request`; on success `frame` holds the answer the filter accepted.
    Outcome exchange(protocol::Protocol p, const QByteArray& request, const AnswerFilter& accept,
                     QByteArray& frame);
    void countMeterError() { ++m_counters.meterErrors; }
    const QByteArray& replies() const { return m_replies; } // accepted answers, concatenated
    qint64 lastElapsedUs() const { return m_lastElapsedUs; }

private:
    BusTransport& m_transport;
    LinkCounters& m_counters;
    LatencyWindow& m_latency;
    LatencyWindow& m_busLatency;
    int m_timeoutMs;
    QByteArray m_replies;
    qint64 m_lastElapsedUs = 0;
};

// One meter type's conversation: which requests make a reading, how a switch command and its
// read-back go. Drivers check the address echo of every answer; a reading is filled only when
// every request of the read was answered well.
class MeterDriver
{
    Q_DECLARE_TR_FUNCTIONS(md::collection::MeterDriver)
public:
    explicit MeterDriver(MeterEndpoint endpoint)
        : m_endpoint(std::move(endpoint))
    {
    }
    virtual ~MeterDriver() = default;
    const MeterEndpoint& endpoint() const { return m_endpoint; }

    // Registers, switch state, status and meter-side balance. `nowUtc` stamps the reading.
    virtual Outcome read(MeterLink& link, const QDateTime& nowUtc, MeterReading& out) = 0;
    // One cheap request: is the meter there at all?
    virtual Outcome probe(MeterLink& link) = 0;
    virtual Outcome sendSwitch(MeterLink& link, SwitchCommand command, const QDateTime& nowUtc,
                               const BusSettings& bus) = 0;
    virtual Outcome readSwitch(MeterLink& link, SwitchState& out) = 0;
    // Meter-side prepaid (表端费控): write a purchase, read balance and purchase count back.
    // Drivers whose meters keep no balance answer MeterError.
    virtual Outcome writePurchase(MeterLink& link, Money amount, qint64 sequence);
    virtual Outcome readPurchaseState(MeterLink& link, std::optional<Money>& balance,
                                      std::optional<qint64>& purchaseCount);
    // A setting (SettingValue's keys) written to the meter and read back. Drivers and maps
    // without that setting answer MeterError.
    virtual Outcome writeSetting(MeterLink& link, const SettingValue& value);
    virtual Outcome readSetting(MeterLink& link, const QString& key, int decimals, qint64& scaled);
    // Whether the state read back confirms the command (switchMatches unless the protocol
    // cannot show a state, e.g. DL/T 645 word 3 has no force-on bit).
    virtual bool confirms(SwitchCommand command, SwitchState state) const;

protected:
    static Outcome fail(Failure f, QString problem) { return {f, std::move(problem)}; }
    MeterEndpoint m_endpoint;
};

// The driver for an endpoint's protocol and map. Throws md::InputError for an unknown map.
std::unique_ptr<MeterDriver> makeMeterDriver(const MeterEndpoint& endpoint, const BusSettings& bus);

std::unique_ptr<MeterDriver> makeModbusDriver(const MeterEndpoint& endpoint);
std::unique_ptr<MeterDriver> makeDlt645Driver(const MeterEndpoint& endpoint, int wakeBytes);
std::unique_ptr<MeterDriver> makeCjt188Driver(const MeterEndpoint& endpoint);

// Whether a switch state satisfies a command (ForceOnRelease: anything but forced on).
bool switchMatches(SwitchCommand command, SwitchState state);

} // namespace md::collection

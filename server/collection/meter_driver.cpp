#include "collection/meter_driver.h"

namespace md::collection {

Outcome MeterLink::exchange(protocol::Protocol p, const QByteArray& request,
                            const AnswerFilter& accept, QByteArray& frame)
{
    ++m_counters.requests;
    const Exchange ex = m_transport.transact(p, request, m_timeoutMs, accept);
    m_counters.checksumErrors += ex.rejectedFrames;
    m_counters.wrongAddress += ex.foreignFrames;
    m_lastElapsedUs = ex.elapsedUs;
    switch (ex.status) {
    case Exchange::Status::Ok:
        ++m_counters.answers;
        m_latency.add(ex.elapsedUs);
        m_busLatency.add(ex.elapsedUs);
        m_replies += ex.frame;
        frame = ex.frame;
        return {};
    case Exchange::Status::Timeout:
        ++m_counters.timeouts;
        return {Failure::Timeout, tr("no answer within %1 ms").arg(m_timeoutMs)};
    case Exchange::Status::Corrupt:
        return {Failure::Corrupt, tr("answer failed its checksum")};
    case Exchange::Status::WrongAddress:
        return {Failure::WrongAddress, tr("answer came from another address")};
    case Exchange::Status::PortError:
        return {Failure::PortError, ex.problem};
    }
    return {Failure::Timeout, QString()};
}

std::unique_ptr<MeterDriver> makeMeterDriver(const MeterEndpoint& endpoint, const BusSettings& bus)
{
    switch (endpoint.protocol) {
    case protocol::Protocol::ModbusRtu:
        return makeModbusDriver(endpoint);
    case protocol::Protocol::Dlt645:
    case protocol::Protocol::Dlt645_1997:
        return makeDlt645Driver(endpoint, bus.dlt645WakeBytes);
    case protocol::Protocol::Cjt188:
        return makeCjt188Driver(endpoint);
    }
    return nullptr;
}

Outcome MeterDriver::writePurchase(MeterLink&, Money, qint64)
{
    return fail(Failure::MeterError, tr("meter %1 keeps no balance of its own").arg(m_endpoint.name));
}

Outcome MeterDriver::readPurchaseState(MeterLink&, std::optional<Money>&, std::optional<qint64>&)
{
    return fail(Failure::MeterError, tr("meter %1 keeps no balance of its own").arg(m_endpoint.name));
}

Outcome MeterDriver::writeSetting(MeterLink&, const SettingValue& value)
{
    return fail(Failure::MeterError, tr("meter %1 has no setting %2").arg(m_endpoint.name, value.key));
}

Outcome MeterDriver::readSetting(MeterLink&, const QString& key, int, qint64&)
{
    return fail(Failure::MeterError, tr("meter %1 has no setting %2").arg(m_endpoint.name, key));
}

bool MeterDriver::confirms(SwitchCommand command, SwitchState state) const
{
    return switchMatches(command, state);
}

bool switchMatches(SwitchCommand command, SwitchState state)
{
    switch (command) {
    case SwitchCommand::Trip:
        return state == SwitchState::Off;
    case SwitchCommand::Close:
        return state == SwitchState::On || state == SwitchState::ForcedOn;
    case SwitchCommand::ForceOn:
        return state == SwitchState::ForcedOn;
    case SwitchCommand::ForceOnRelease:
        return state == SwitchState::On || state == SwitchState::Off;
    }
    return false;
}

} // namespace md::collection

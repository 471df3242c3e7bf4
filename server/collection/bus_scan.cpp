// The address scan of a bus (part of BusWorker): which Modbus slaves answer in a range, and
// which DL/T 645 / CJ/T 188 meter answers the read-address wildcard.
#include "collection/bus_worker.h"

#include "collection/bus_transport.h"

#include "protocol/cjt188.h"
#include "protocol/dlt645_codec.h"
#include "protocol/modbus_rtu.h"

namespace md::collection {

void BusWorker::doScanModbus(const Job& job)
{
    const quint8 slave = quint8(job.next);
    QByteArray frame;
    LatencyWindow scratch;
    MeterLink link(*m_transport, m_busLink, scratch, m_busLatency, m_settings.probeTimeoutMs);
    const AnswerFilter accept = [slave](const QByteArray& f) {
        return !f.isEmpty() && quint8(f[0]) == slave;
    };
    // Any well-formed answer, an exception included, means a meter lives at this address.
    if (link.exchange(protocol::Protocol::ModbusRtu,
                      protocol::buildModbusRead(slave, protocol::modbus::kReadHolding, 0, 1),
                      accept, frame)
            .ok()) {
        ++m_scanFound;
        emit scanFound(m_settings.name, protocol::protocolName(protocol::Protocol::ModbusRtu),
                       QString::number(slave));
    }
    if (job.next < job.last) {
        Job next = job;
        ++next.next;
        m_urgent.push_back(next); // behind anything urgent that came meanwhile
    } else {
        emit scanFinished(m_settings.name, m_scanFound);
    }
}

void BusWorker::doScanWildcard()
{
    using namespace protocol;
    LatencyWindow scratch;
    QByteArray frame;
    {
        MeterLink link(*m_transport, m_busLink, scratch, m_busLatency, m_settings.probeTimeoutMs * 2);
        const AnswerFilter accept = [](const QByteArray& f) {
            const auto d = parseDlt645Frame(f);
            return d && d->control == (dlt645::kReadAddress | 0x80);
        };
        if (link.exchange(Protocol::Dlt645, buildDlt645ReadAddress(m_settings.dlt645WakeBytes),
                          accept, frame)
                .ok()) {
            ++m_scanFound;
            emit scanFound(m_settings.name, protocolName(Protocol::Dlt645),
                           dlt645::addressDigits(parseDlt645Frame(frame)->address));
        }
    }
    {
        MeterLink link(*m_transport, m_busLink, scratch, m_busLatency, m_settings.probeTimeoutMs * 2);
        const AnswerFilter accept = [](const QByteArray& f) {
            const auto c = parseCjt188Frame(f);
            return c && c->control == (cjt188::kReadAddress | 0x80);
        };
        if (link.exchange(Protocol::Cjt188, buildCjt188ReadAddress(0), accept, frame).ok()) {
            ++m_scanFound;
            emit scanFound(m_settings.name, protocolName(Protocol::Cjt188),
                           cjt188::addressDigits(parseCjt188Frame(frame)->address));
        }
    }
    emit scanFinished(m_settings.name, m_scanFound);
}

} // namespace md::collection

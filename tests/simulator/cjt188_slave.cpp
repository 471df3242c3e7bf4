// CJ/T 188 slave for water and gas meters: meter data (901F), read address (810A), valve (A017).
#include "sim_meter.h"
#include "slave.h"

#include "protocol/cjt188.h"

namespace md::sim {

namespace {
using namespace protocol;

class Cjt188Slave final : public ProtocolSlave
{
public:
    explicit Cjt188Slave(std::vector<SimMeter*> meters)
        : m_meters(std::move(meters))
    {
    }
    StreamParser& parser() override { return m_parser; }

    Outcome handle(const QByteArray& bytes, const Admission& admit) override
    {
        const std::optional<Cjt188Frame> f = parseCjt188Frame(bytes);
        if (!f || f->isResponse())
            return {};
        SimMeter* meter = find(*f);
        if (!meter)
            return {};
        if (!admit(*meter))
            return {meter, {}};
        return {meter, answer(*meter, *f)};
    }

    QByteArray readdressed(const QByteArray& reply) const override
    {
        const qsizetype start = reply.indexOf(char(cjt188::kStart));
        std::optional<Cjt188Frame> f = parseCjt188Frame(QByteArrayView(reply).sliced(start));
        if (!f)
            return reply;
        f->address[0] = char(quint8(f->address[0]) ^ 0x01);
        return encodeCjt188(*f, int(start));
    }

private:
    SimMeter* find(const Cjt188Frame& f) const
    {
        if (f.address == cjt188::kWildcardAddress)
            return m_meters.size() == 1 ? m_meters.front() : nullptr;
        for (SimMeter* m : m_meters)
            if (m->config().address == f.address
                && (f.meterType == cjt188::kAnyType || f.meterType == m->config().cjtType))
                return m;
        return nullptr;
    }

    static QByteArray answer(SimMeter& m, const Cjt188Frame& f)
    {
        const std::optional<Cjt188Di> di = cjt188Di(f.data);
        if (!di || f.data.size() < 3)
            return {};
        const quint8 seq = quint8(f.data[2]);
        const Cjt188MeterOptions options{2, m.config().diOrder};
        const QByteArray& a = m.config().address;
        const quint8 type = m.config().cjtType;
        if (f.function() == cjt188::kReadData && di->di == cjt188::kDiMeterData) {
            Cjt188WaterReading r;
            r.currentCentiM3 = m.energyCenti();
            r.settlementCentiM3 = m.energyCenti();
            r.meterTime = m.localNow();
            r.status = m.cjt188Status();
            return buildCjt188WaterResponse(type, a, seq, r, options);
        }
        if (f.function() == cjt188::kReadAddress && di->di == cjt188::kDiReadAddress) {
            QByteArray data = f.data.left(3); // DI as asked, SER
            return encodeCjt188({type, a, quint8(cjt188::kReadAddress | 0x80), data},
                                options.wakeBytes);
        }
        if (f.function() == cjt188::kWriteData && di->di == cjt188::kDiValve
            && f.data.size() >= 4) {
            const quint8 action = quint8(f.data[3]);
            if (action == cjt188::kValveOpen)
                m.close(); // valve open: water flows (relay "closed")
            else if (action == cjt188::kValveClose)
                m.trip();
            else
                return {};
            return buildCjt188ValveResponse(type, a, seq, m.cjt188Status(), options);
        }
        return {}; // unknown identifiers: no answer (docs/simulator.md)
    }

    std::vector<SimMeter*> m_meters;
    Cjt188Parser m_parser;
};
} // namespace

std::unique_ptr<ProtocolSlave> makeCjt188Slave(std::vector<SimMeter*> meters)
{
    return std::make_unique<Cjt188Slave>(std::move(meters));
}

} // namespace md::sim

// CJ/T 188 water and gas meters: meter data (901F) with the valve status, valve A017.
#include "collection/meter_driver.h"

#include "protocol/cjt188.h"

namespace md::collection {

namespace {
using namespace protocol;

class Cjt188Driver final : public MeterDriver
{
    // Its own context: the base's tr() would look these messages up under MeterDriver.
    Q_DECLARE_TR_FUNCTIONS(md::collection::Cjt188Driver)
public:
    explicit Cjt188Driver(MeterEndpoint e)
        : MeterDriver(std::move(e))
    {
    }

    Outcome read(MeterLink& link, const QDateTime& nowUtc, MeterReading& out) override
    {
        std::vector<Value> values;
        if (Outcome o = readData(link, values); !o.ok())
            return o;
        MeterReading r;
        r.meter = m_endpoint.id;
        r.registers.utc = nowUtc;
        for (const Value& v : values) {
            if (v.key == u"volume.total" || v.key == u"heat.current") {
                const std::optional<Quantity> q = v.quantity();
                if (!q)
                    return fail(Failure::BadAnswer, tr("unexpected value %1 = %2 %3")
                                                        .arg(v.key, v.text, v.unit));
                if (v.key == u"volume.total" && m_endpoint.cjtType >= cjt188::kHeat
                    && m_endpoint.cjtType <= 0x29)
                    continue; // heat meters bill heat, not volume
                r.registers.values.insert(Register::Total, *q);
            } else if (v.key == u"valve") {
                r.switchState = valveState(v.text);
            } else if (v.key == u"battery") {
                r.batteryLow = v.text == u"low";
            }
        }
        if (!r.registers.has(Register::Total))
            return fail(Failure::BadAnswer, tr("answer has no cumulative register"));
        r.rawReply = link.replies();
        out = std::move(r);
        return {};
    }

    Outcome probe(MeterLink& link) override
    {
        std::vector<Value> v;
        return readData(link, v);
    }

    Outcome sendSwitch(MeterLink& link, SwitchCommand c, const QDateTime&,
                       const BusSettings&) override
    {
        if (c == SwitchCommand::ForceOn || c == SwitchCommand::ForceOnRelease)
            return fail(Failure::MeterError, tr("CJ/T 188 valves have no force-on"));
        const QByteArray request = buildCjt188Valve(m_endpoint.cjtType, m_endpoint.address,
                                                    c == SwitchCommand::Close, nextSeq(), options());
        QByteArray frame;
        if (Outcome o = link.exchange(Protocol::Cjt188, request, filter(cjt188::kWriteData), frame);
            !o.ok())
            return o;
        const std::optional<Cjt188Frame> f = parseCjt188Frame(frame);
        if (!f || f->isAbnormal()) {
            link.countMeterError();
            return fail(Failure::MeterError, tr("meter refused the valve command"));
        }
        return {};
    }

    Outcome readSwitch(MeterLink& link, SwitchState& out) override
    {
        std::vector<Value> values;
        if (Outcome o = readData(link, values); !o.ok())
            return o;
        out = SwitchState::Unknown;
        for (const Value& v : values)
            if (v.key == u"valve")
                out = valveState(v.text);
        return {};
    }

private:
    static SwitchState valveState(const QString& text)
    {
        // The valve open lets water through: supply "on".
        if (text == u"open")
            return SwitchState::On;
        if (text == u"closed")
            return SwitchState::Off;
        return SwitchState::Unknown;
    }

    Cjt188MeterOptions options() const { return {2, m_endpoint.diOrder}; }
    quint8 nextSeq() { return m_seq++; }

    AnswerFilter filter(quint8 function) const
    {
        const QByteArray address = m_endpoint.address;
        const quint8 type = m_endpoint.cjtType;
        return [address, type, function](const QByteArray& frame) {
            const std::optional<Cjt188Frame> f = parseCjt188Frame(frame);
            return f && f->isResponse() && f->function() == function && f->address == address
                   && f->meterType == type;
        };
    }

    Outcome readData(MeterLink& link, std::vector<Value>& values)
    {
        const QByteArray request = buildCjt188Read(m_endpoint.cjtType, m_endpoint.address,
                                                   nextSeq(), options());
        QByteArray frame;
        if (Outcome o = link.exchange(Protocol::Cjt188, request, filter(cjt188::kReadData), frame);
            !o.ok())
            return o;
        QString problem;
        const std::optional<Cjt188Frame> f = parseCjt188Frame(frame, &problem);
        if (!f)
            return fail(Failure::BadAnswer, problem);
        if (f->isAbnormal()) {
            link.countMeterError();
            return fail(Failure::MeterError, tr("meter answered abnormally"));
        }
        const std::optional<Cjt188Di> di = cjt188Di(f->data);
        if (!di || di->di != cjt188::kDiMeterData || f->data.size() < 3)
            return fail(Failure::BadAnswer, tr("answer is for another data identifier"));
        std::optional<std::vector<Value>> v =
            decodeCjt188MeterData(f->meterType, QByteArrayView(f->data).sliced(3), &problem);
        if (!v)
            return fail(Failure::BadAnswer, problem);
        values = std::move(*v);
        return {};
    }

    quint8 m_seq = 0;
};
} // namespace

std::unique_ptr<MeterDriver> makeCjt188Driver(const MeterEndpoint& endpoint)
{
    return std::make_unique<Cjt188Driver>(endpoint);
}

} // namespace md::collection

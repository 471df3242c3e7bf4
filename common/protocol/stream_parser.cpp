#include "protocol/protocol_types.h"

#include <QCoreApplication>

namespace md::protocol {

std::optional<Quantity> Value::quantity() const
{
    if (!scaled || decimals > 3)
        return std::nullopt;
    const std::optional<Unit> u = parseUnit(unit);
    if (!u)
        return std::nullopt;
    qint64 milli = *scaled;
    for (int i = decimals; i < 3; ++i)
        milli *= 10; // at most 1000 x a 10-digit BCD value: far from overflow
    return Quantity::fromMilli(milli, *u);
}

std::vector<FrameEvent> StreamParser::feed(QByteArrayView bytes)
{
    std::vector<FrameEvent> out;
    // Feed in slices so the buffer bound holds even for one huge call.
    while (!bytes.isEmpty()) {
        const qsizetype room = kMaxBuffered - m_buffer.size();
        const qsizetype n = std::min(room, bytes.size());
        m_buffer.append(bytes.first(n));
        bytes = bytes.sliced(n);
        run(false, out);
        if (m_buffer.size() >= kMaxBuffered) {
            // A frame can never be this long in any of our protocols: give up on the head.
            drop(1);
            ++m_skipped;
            run(false, out);
        }
    }
    return out;
}

std::vector<FrameEvent> StreamParser::finish()
{
    std::vector<FrameEvent> out;
    run(true, out);
    return out;
}

void StreamParser::drop(qsizetype n)
{
    m_buffer.remove(0, n);
    m_quiet = std::max<qsizetype>(0, m_quiet - n);
}

void StreamParser::emitFrame(qsizetype length, std::vector<FrameEvent>& out)
{
    out.push_back(FrameEvent{m_buffer.left(length), QString()});
    drop(length);
}

void StreamParser::emitRejected(qsizetype length, QString error, std::vector<FrameEvent>& out)
{
    out.push_back(FrameEvent{m_buffer.left(length), std::move(error)});
    drop(1);
    m_quiet = length - 1;
}

void StreamParser::run(bool atEnd, std::vector<FrameEvent>& out)
{
    while (!m_buffer.isEmpty()) {
        switch (step(atEnd, out)) {
        case Step::NeedMore:
            if (!atEnd)
                return;
            if (quiet()) { // the tail of a frame already reported
                drop(m_buffer.size());
                return;
            }
            // At the end nothing more comes: what is left is a truncated frame.
            out.push_back(FrameEvent{
                m_buffer, QCoreApplication::translate(
                              "md::protocol", "truncated frame: input ended after %n byte(s)",
                              nullptr, int(m_buffer.size()))});
            drop(m_buffer.size());
            return;
        case Step::Skip:
            if (!quiet()) // bytes of a reported frame are not noise
                ++m_skipped;
            drop(1);
            break;
        case Step::Emitted:
            break;
        }
    }
}

} // namespace md::protocol

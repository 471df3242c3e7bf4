#pragma once

#include "money/quantity.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <vector>

namespace md::protocol {

enum class Direction { Request, Response };

// One value read out of a frame. Integer values stay exact: `scaled` / 10^decimals, and `text`
// is that number written out. IEEE-754 floats (SDM120) have no exact decimal scale; for them
// `scaled` is empty and `text` holds the float's shortest round-trip digits.
struct Value
{
    QString key;  // identifier, untranslated: "energy.total", "voltage.a"
    QString text; // "1234.56"
    QString unit; // "kWh", "V", "A", "kW", "Hz", "m³", "" for plain numbers and flags
    std::optional<qint64> scaled;
    int decimals = 0;

    // Energy and volume as an exact md::Quantity when the unit and scale allow (<= 3 decimals).
    std::optional<Quantity> quantity() const;
};

// One frame cut out of a byte stream by a StreamParser: the bytes from the first start byte
// to the end byte (wake-up bytes removed) and, when the frame failed a check, why.
struct FrameEvent
{
    QByteArray bytes;
    QString error; // translated; empty when the frame passed every framing check
    bool valid() const { return error.isEmpty(); }
};

// Incremental framing: feed() takes bytes in any pieces and returns the frames completed by
// them; garbage between frames is skipped and counted. The internal buffer never grows past
// kMaxBuffered bytes: older bytes are dropped (and counted as skipped) first.
class StreamParser
{
public:
    static constexpr qsizetype kMaxBuffered = 4096;

    virtual ~StreamParser() = default;
    std::vector<FrameEvent> feed(QByteArrayView bytes);
    // End of input: frames that were only waiting for a possible longer reading are decided
    // and incomplete trailing bytes are reported as a truncated frame.
    std::vector<FrameEvent> finish();
    qsizetype skippedBytes() const { return m_skipped; }
    qsizetype bufferedBytes() const { return m_buffer.size(); }

protected:
    enum class Step { NeedMore, Skip, Emitted };
    // Looks at the front of m_buffer. Emits at most one event (appending to `out` and removing
    // the bytes with consume()), skips one byte, or asks for more input.
    virtual Step step(bool atEnd, std::vector<FrameEvent>& out) = 0;

    const QByteArray& buffer() const { return m_buffer; }
    // A frame that passed every check: its bytes leave the buffer.
    void emitFrame(qsizetype length, std::vector<FrameEvent>& out);
    // A frame that failed a check. Only its first byte leaves the buffer, so that a good frame
    // hiding inside a bad one (a false start in noise) is still found; the rest of the rejected
    // span is then "quiet": further failures inside it are skipped without another report.
    void emitRejected(qsizetype length, QString error, std::vector<FrameEvent>& out);
    bool quiet() const { return m_quiet > 0; }

private:
    void run(bool atEnd, std::vector<FrameEvent>& out);
    void drop(qsizetype n);
    QByteArray m_buffer;
    qsizetype m_skipped = 0;
    qsizetype m_quiet = 0;
};

} // namespace md::protocol

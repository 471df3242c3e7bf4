#include "protocol/modbus_parser.h"

#include "protocol/modbus_rtu.h"

#include <algorithm>

namespace md::protocol {

ModbusRtuParser::Step ModbusRtuParser::step(bool atEnd, std::vector<FrameEvent>& out)
{
    const QByteArray& b = buffer();
    if (quint8(b[0]) > 247)
        return Step::Skip;
    if (b.size() < 2)
        return atEnd ? Step::Skip : Step::NeedMore; // one last byte is noise
    if (!modbus::isSupportedFunction(quint8(b[1])))
        return Step::Skip;

    std::vector<qsizetype> lengths = modbusCandidateLengths(b);
    std::sort(lengths.begin(), lengths.end());
    bool waiting = false;    // a length we cannot judge yet
    qsizetype rejectLen = 0; // the longest complete candidate, reported if none is valid
    for (qsizetype len : lengths) {
        if (len == 0 || len > b.size()) {
            waiting = true;
            continue;
        }
        if (parseModbusAdu(QByteArrayView(b).first(len))) {
            emitFrame(len, out);
            return Step::Emitted;
        }
        rejectLen = len;
    }
    if (waiting && !atEnd)
        return Step::NeedMore;
    if (rejectLen == 0)
        return quiet() ? Step::Skip : Step::NeedMore; // NeedMore at the end: truncated
    if (quiet())
        return Step::Skip;
    QString why;
    parseModbusAdu(QByteArrayView(b).first(rejectLen), &why);
    emitRejected(rejectLen, why, out);
    return Step::Emitted;
}

} // namespace md::protocol

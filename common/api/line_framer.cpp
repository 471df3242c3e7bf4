#include "api/line_framer.h"

#include <utility>

namespace md::api {

std::optional<LineFramer::Line> LineFramer::next()
{
    while (!m_pending.isEmpty()) {
        const qsizetype nl = m_pending.indexOf('\n');
        const qsizetype take = nl < 0 ? m_pending.size() : nl;
        if (m_discarding) {
            m_pending.remove(0, nl < 0 ? take : take + 1);
            if (nl >= 0)
                m_discarding = false;
            continue;
        }
        if (m_line.size() + take > m_max) {
            m_line.clear();
            m_pending.remove(0, nl < 0 ? take : take + 1);
            m_discarding = nl < 0; // the rest of the line is still to come
            return Line{{}, true};
        }
        m_line += m_pending.left(take);
        if (nl < 0) {
            m_pending.clear();
            return std::nullopt;
        }
        m_pending.remove(0, take + 1);
        Line line{std::exchange(m_line, {}), false};
        if (line.text.endsWith('\r'))
            line.text.chop(1);
        return line;
    }
    return std::nullopt;
}

} // namespace md::api

#include "test_master.h"

#include "port.h"

#include <QFile>
#include <QSocketNotifier>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace md::sim::test {

TestMaster::TestMaster(const QString& path)
{
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (m_fd < 0)
        return;
    termios t{};
    if (tcgetattr(m_fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(m_fd, TCSANOW, &t);
    }
    tcflush(m_fd, TCIOFLUSH);
}

TestMaster::~TestMaster()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

std::optional<protocol::FrameEvent> TestMaster::transact(const QByteArray& request,
                                                         protocol::StreamParser& parser,
                                                         int deadlineMs, qint64* elapsedNs)
{
    const qint64 t0 = monotonicNs();
    if (::write(m_fd, request.constData(), size_t(request.size())) != request.size())
        return std::nullopt;
    std::optional<protocol::FrameEvent> result;
    QEventLoop loop;
    QSocketNotifier readable(m_fd, QSocketNotifier::Read);
    QObject::connect(&readable, &QSocketNotifier::activated, &loop, [&] {
        char buf[512];
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        if (n <= 0)
            return;
        const qint64 now = monotonicNs();
        for (protocol::FrameEvent& e : parser.feed(QByteArrayView(buf, n))) {
            if (!result) {
                result = std::move(e);
                if (elapsedNs)
                    *elapsedNs = now - t0;
                loop.quit();
            }
        }
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(deadlineMs);
    loop.exec();
    return result;
}

} // namespace md::sim::test

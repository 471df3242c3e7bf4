#include "port.h"

#include "util/error.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

namespace md::sim {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::sim::Port", text);
}

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

speed_t speedOf(int baud)
{
    switch (baud) {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    default: return B9600;
    }
}

void configure(int fd, const BusConfig& bus)
{
    termios t{};
    if (tcgetattr(fd, &t) != 0)
        return; // not a terminal (a FIFO in a test): nothing to set
    cfmakeraw(&t);
    cfsetispeed(&t, speedOf(bus.baud));
    cfsetospeed(&t, speedOf(bus.baud));
    t.c_cflag &= tcflag_t(~(CSIZE | PARENB | PARODD | CSTOPB));
    t.c_cflag |= (bus.dataBits == 7 ? CS7 : CS8) | CLOCAL | CREAD;
    if (bus.parity != Parity::None)
        t.c_cflag |= PARENB | (bus.parity == Parity::Odd ? PARODD : 0);
    if (bus.stopBits == 2)
        t.c_cflag |= CSTOPB;
    tcsetattr(fd, TCSANOW, &t);
}
} // namespace

qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Port::~Port()
{
    if (!m_link.isEmpty())
        QFile::remove(m_link);
    if (m_holdFd >= 0)
        ::close(m_holdFd);
    if (m_fd >= 0)
        ::close(m_fd);
}

void Port::open(const BusConfig& bus)
{
    if (!bus.device.isEmpty()) {
        m_fd = ::open(QFile::encodeName(bus.device).constData(), O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (m_fd < 0)
            throw Error(tr("bus %1: cannot open %2: %3").arg(bus.name, bus.device, systemError()));
        configure(m_fd, bus);
        m_path = bus.device;
    } else {
        m_fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
        char name[128] = {};
        if (m_fd < 0 || grantpt(m_fd) != 0 || unlockpt(m_fd) != 0
            || ptsname_r(m_fd, name, sizeof name) != 0)
            throw Error(tr("bus %1: cannot create a pseudo terminal: %2")
                            .arg(bus.name, systemError()));
        m_path = QFile::decodeName(name);
        m_holdFd = ::open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (m_holdFd < 0)
            throw Error(tr("bus %1: cannot open %2: %3").arg(bus.name, m_path, systemError()));
        configure(m_holdFd, bus); // raw on the service's side until it sets its own mode
    }
    if (!bus.link.isEmpty()) {
        QFile::remove(bus.link); // a stale link from an earlier run
        if (!QFile::link(m_path, bus.link))
            throw Error(tr("bus %1: cannot create the link %2").arg(bus.name, bus.link));
        m_link = bus.link;
    }
}

qsizetype Port::write(const char* data, qsizetype size)
{
    const ssize_t n = ::write(m_fd, data, size_t(size));
    return n < 0 ? 0 : qsizetype(n);
}

} // namespace md::sim

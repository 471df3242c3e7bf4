#pragma once

#include "scenario.h"

#include <QString>

namespace md::sim {

// The simulator's end of a bus: the master side of a pseudo terminal it opens itself (the
// service opens path()), or a given device such as one end of a socat pair or a real RS-485
// adapter. Non-blocking, raw, set to the bus's baud and parity (a pseudo terminal ignores
// both: pacing is the bus's job).
class Port
{
public:
    Port() = default;
    ~Port();
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;

    // Throws md::Error with a translated reason.
    void open(const BusConfig& bus);
    int fd() const { return m_fd; }
    QString path() const { return m_path; } // what the service should open
    bool ownPty() const { return m_holdFd >= 0; }

    // Non-blocking write of as much as the kernel takes; returns the bytes written.
    qsizetype write(const char* data, qsizetype size);

private:
    int m_fd = -1;
    int m_holdFd = -1; // our own handle on the pty's slave side: without one the master
                       // reports hang-up whenever the service has the port closed
    QString m_path;
    QString m_link;
};

// Monotonic time in nanoseconds (the clock timerfd and the pacing use).
qint64 monotonicNs();

} // namespace md::sim

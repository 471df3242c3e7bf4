#pragma once

#include "protocol/protocol_types.h"

#include <QByteArray>
#include <QEventLoop>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace md::sim::test {

// The service's side of a bus in a test: opens the path metersim gave, writes a request and
// waits (event loop, deadline; no sleeps) for the answer frame cut out by `parser`.
class TestMaster
{
public:
    explicit TestMaster(const QString& path);
    ~TestMaster();
    TestMaster(const TestMaster&) = delete;
    TestMaster& operator=(const TestMaster&) = delete;

    bool isOpen() const { return m_fd >= 0; }
    // The answer frame (valid or not), or nullopt when none completed before the deadline.
    // `elapsedNs`: from writing the request to the answer's last byte.
    std::optional<protocol::FrameEvent> transact(const QByteArray& request,
                                                 protocol::StreamParser& parser,
                                                 int deadlineMs = 2000,
                                                 qint64* elapsedNs = nullptr);

private:
    int m_fd = -1;
};

// Runs the event loop until `signal` of `sender` fires or `ms` pass; true if it fired.
template <typename Sender, typename Signal>
bool waitForSignal(const Sender* sender, Signal signal, int ms)
{
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    QObject::connect(sender, signal, &loop, [&] { loop.exit(0); });
    deadline.start(ms);
    return loop.exec() == 0;
}

} // namespace md::sim::test

#pragma once

#include <QStringList>

namespace md::sim {

class Simulator;

// The small line-based control interface of metersim (stdin, one command a line; answers are
// JSON objects, one a line): dump [METER], stats, time, balance METER YUAN, kill METER,
// revive METER, reset METER, relay METER trip|close|force-on|release, quit.
class Control
{
public:
    explicit Control(Simulator& simulator)
        : m_sim(simulator)
    {
    }
    // The answer lines; `quit` is set by the quit command.
    QStringList execute(const QString& line, bool* quit = nullptr);

private:
    Simulator& m_sim;
};

} // namespace md::sim

#include "control.h"

#include "sim_bus.h"
#include "sim_meter.h"
#include "simulator.h"

#include "util/decimal.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace md::sim {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::sim::Control", text);
}

QString line(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString error(const QString& message)
{
    return line({{QStringLiteral("error"), message}});
}
} // namespace

QStringList Control::execute(const QString& text, bool* quit)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    if (words.isEmpty())
        return {};
    const QString& cmd = words.front();
    if (cmd == u"quit") {
        if (quit)
            *quit = true;
        return {line({{QStringLiteral("ok"), cmd}})};
    }
    if (cmd == u"stats") {
        QStringList out;
        for (const BusConfig& b : m_sim.scenario().buses)
            out << line(m_sim.busInfo(b.name));
        return out;
    }
    if (cmd == u"time")
        return {line({{QStringLiteral("time"), m_sim.clock().nowUtc().toString(Qt::ISODateWithMs)}})};
    if (cmd == u"dump" && words.size() == 1) {
        QStringList out;
        for (const auto& m : m_sim.meters())
            out << line(m_sim.meterState(*m));
        return out;
    }
    if (words.size() < 2)
        return {error(tr("unknown command \"%1\"; commands: dump, stats, time, balance, kill, "
                         "revive, reset, relay, quit")
                          .arg(text.trimmed()))};
    SimMeter* m = m_sim.meter(words[1]);
    if (!m)
        return {error(tr("no meter named \"%1\"").arg(words[1]))};
    m->advanceTo(m_sim.clock().nowUtc());
    if (cmd == u"dump") {
    } else if (cmd == u"kill") {
        m->setKilled(true);
    } else if (cmd == u"revive") {
        m->setKilled(false);
    } else if (cmd == u"reset") {
        m->resetCounter();
    } else if (cmd == u"balance" && words.size() == 3) {
        const std::optional<qint64> fen = parseScaled(words[2], 2);
        if (!fen)
            return {error(tr("\"%1\" is not an amount in yuan").arg(words[2]))};
        m->setBalanceFen(*fen);
    } else if (cmd == u"relay" && words.size() == 3) {
        const QString& action = words[2];
        if (action == u"trip") {
            if (!m->trip())
                return {error(tr("meter %1 is forced on and refuses to trip").arg(m->name()))};
        } else if (action == u"close") {
            m->close();
        } else if (action == u"force-on") {
            m->setForceOn(true);
        } else if (action == u"release") {
            m->setForceOn(false);
        } else {
            return {error(tr("relay actions are trip, close, force-on and release"))};
        }
    } else {
        return {error(tr("unknown command or wrong arguments: \"%1\"").arg(text.trimmed()))};
    }
    return {line(m_sim.meterState(*m))};
}

} // namespace md::sim

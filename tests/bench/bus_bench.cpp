// Bus benchmarks against the baud-paced metersim (in-process, real pseudo terminals). Prints
// figures and ratios; not a timed test. Parts: wire, mbpoll, dead, parallel (default: all).
//
//   wire     per-read time of our bus worker vs the wire limit (bytes × byte time + t3.5 gaps
//            for Modbus + the simulator's latency per request) at 2400/9600/19200 baud, for
//            Modbus RTU (Acrel map: energy block + relay word) and DL/T 645 (energy block +
//            status word 3); also the QModbusRtuSerialClient transport for Modbus
//   mbpoll   the same 10-register read of 20 slaves by mbpoll (libmodbus) and by our transport
//   dead     a 247-meter bus with 10 % dead meters vs the same bus all healthy
//   parallel 8 buses in parallel vs the slowest of the same buses read alone
#include "collection/bus_manager.h"
#include "collection/bus_transport.h"
#include "recorder.h"
#include "sim_harness.h"
#include "sim_meter.h"

#include "protocol/modbus_rtu.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <cstdio>

using namespace md;
using namespace md::collection;
using namespace md::collection::test;

namespace {

QByteArray scenario(int buses, int metersPerBus, int baud, int latencyMs, const char* protocol,
                    int deadEvery = 0)
{
    QByteArray s = "[scenario]\nseed = 5\nstart = 2024-03-01T00:00:00Z\n";
    for (int b = 0; b < buses; ++b)
        s += "[bus b" + QByteArray::number(b) + "]\nbaud = " + QByteArray::number(baud)
             + "\nparity = even\nlatency_ms = " + QByteArray::number(latencyMs) + "\n";
    for (int b = 0; b < buses; ++b) {
        for (int m = 1; m <= metersPerBus; ++m) {
            s += "[meter b" + QByteArray::number(b) + "m" + QByteArray::number(m) + "]\nbus = b"
                 + QByteArray::number(b) + "\nload = 1000\n";
            if (qstrcmp(protocol, "dlt645") == 0)
                s += "protocol = dlt645\naddress = " + QByteArray::number(m).rightJustified(12, '0')
                     + "\n";
            else
                s += "protocol = modbus-rtu\nmap = acrel-ddsy1352\nslave = " + QByteArray::number(m)
                     + "\n";
            if (deadEvery > 0 && m % deadEvery == 0)
                s += "fault.dead = yes\n";
        }
    }
    return s;
}

SimHarness harness(const QByteArray& text)
{
    return SimHarness(sim::Scenario::parse(text, QStringLiteral("bench")));
}

void need(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "bus_bench: %s\n", what);
        std::exit(1);
    }
}

// Per-read milliseconds of `reads` back-to-back reads of one meter through a BusManager.
double perReadMs(SimHarness& h, BusSettings bus, int reads)
{
    BusManager manager({bus}, h.meters(bus.name), h.clock());
    Recorder rec(manager);
    manager.start();
    need(waitUntil([&] { return rec.started.size() == 1; }, 5000), "bus did not start");
    need(rec.started.first().isEmpty(), "bus did not open");
    const MeterId id = h.meters(bus.name).front().id;
    // One warm-up read (the first uses the configured timeout, thread wake-up, port setup).
    manager.readNow({id});
    need(waitUntil([&] { return rec.readings.size() == 1; }, 10000), "warm-up read failed");
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < reads; ++i)
        manager.readNow({id});
    need(waitUntil([&] { return rec.readings.size() == reads + 1; }, 120000), "reads failed");
    const double ms = double(t.nsecsElapsed()) / 1e6 / reads;
    need(rec.failures.isEmpty(), "a read failed");
    manager.stop();
    return ms;
}

void wire()
{
    std::printf("\n== per-read time vs the wire limit (latency 5 ms, 8E1 = 11 bits/char) ==\n");
    std::printf("%-20s %6s %10s %10s %7s\n", "protocol", "baud", "limit ms", "read ms", "ratio");
    for (int baud : {2400, 9600, 19200}) {
        const double byteMs = 11.0 * 1000.0 / baud;
        const int reads = std::max(10, 40 * baud / 9600);
        // Modbus (Acrel): read 10 registers (8 + 25 bytes) and the relay word (8 + 7 bytes),
        // each after a t3.5 gap, each answered after 5 ms: 48 × byte + 2 × 3.5 × byte + 10 ms.
        // (The gap is 3.5 characters, integer microseconds as the transport computes it.)
        const double gapMs = double(qint64(11) * 1'000'000 / baud * 35 / 10) / 1000.0;
        const double modbusLimit = 48 * byteMs + 2 * gapMs + 2 * 5.0;
        // DL/T 645: energy block (4 FE + 16 request, 36 answer) and status word 3 (20, 18):
        // 94 × byte + 2 × 5 ms; no gap (the FE bytes are counted).
        const double dltLimit = 94 * byteMs + 2 * 5.0;
        for (int kind = 0; kind < 3; ++kind) {
            const char* proto = kind == 2 ? "dlt645" : "modbus";
            SimHarness h = harness(scenario(1, 1, baud, 5, proto));
            BusSettings bus = h.bus(QStringLiteral("b0"),
                                    kind == 1 ? TransportKind::QtModbus : TransportKind::Serial);
            const double ms = perReadMs(h, bus, reads);
            const double limit = kind == 2 ? dltLimit : modbusLimit;
            std::printf("%-20s %6d %10.2f %10.2f %7.3f\n",
                        kind == 0 ? "modbus (ours)" : kind == 1 ? "modbus (QtSerialBus)" : "dlt645 (ours)",
                        baud, limit, ms, ms / limit);
        }
    }
}

// Our transport, the same reads mbpoll makes: 03, address 0, 10 registers, slaves 1..n.
double oursPerReadMs(const BusSettings& bus, int slaves, int rounds)
{
    double best = 1e9;
    QThread* thread = QThread::create([&] {
        SerialBusTransport t(bus);
        QString problem;
        if (!t.open(&problem))
            return;
        for (int r = 0; r < rounds; ++r) {
            QElapsedTimer timer;
            timer.start();
            int ok = 0;
            for (int s = 1; s <= slaves; ++s) {
                const QByteArray req = protocol::buildModbusRead(quint8(s), 0x03, 0, 10);
                const Exchange ex = t.transact(protocol::Protocol::ModbusRtu, req, 500,
                                               [s](const QByteArray& f) { return quint8(f[0]) == s; });
                ok += ex.status == Exchange::Status::Ok ? 1 : 0;
            }
            if (ok == slaves)
                best = std::min(best, double(timer.nsecsElapsed()) / 1e6 / slaves);
        }
    });
    thread->start();
    need(waitUntil([&] { return thread->isFinished(); }, 120000), "our reads did not finish");
    delete thread;
    return best;
}

double mbpollMs(const BusSettings& bus, const QString& addresses)
{
    QProcess p;
    QElapsedTimer t;
    bool done = false;
    QObject::connect(&p, &QProcess::finished, [&] { done = true; });
    t.start();
    p.start(QStringLiteral("mbpoll"),
            {QStringLiteral("-m"), QStringLiteral("rtu"), QStringLiteral("-b"), QString::number(bus.baud),
             QStringLiteral("-P"), QStringLiteral("even"), QStringLiteral("-t"), QStringLiteral("4"),
             QStringLiteral("-r"), QStringLiteral("1"), QStringLiteral("-c"), QStringLiteral("10"),
             QStringLiteral("-o"), QStringLiteral("0.5"), QStringLiteral("-1"), QStringLiteral("-a"),
             addresses, bus.device});
    need(waitUntil([&] { return done; }, 60000), "mbpoll did not finish");
    const double ms = double(t.nsecsElapsed()) / 1e6;
    const QByteArray out = p.readAllStandardOutput();
    need(p.exitCode() == 0 && !out.contains("timeout"), "mbpoll failed");
    return ms;
}

void mbpoll()
{
    std::printf("\n== the same reads by mbpoll (libmodbus) on the same bus ==\n");
    if (QStandardPaths::findExecutable(QStringLiteral("mbpoll")).isEmpty()) {
        std::printf("mbpoll not installed: skipped\n");
        return;
    }
    std::printf("%6s %14s %14s %7s %16s %7s\n", "baud", "mbpoll ms/read", "ours ms/read",
                "ratio", "ours, no gap", "ratio");
    for (int baud : {9600, 19200}) {
        const int slaves = 20;
        SimHarness h = harness(scenario(1, slaves, baud, 5, "modbus"));
        const BusSettings bus = h.bus(QStringLiteral("b0"));
        // mbpoll starts a process per run: (20 slaves - 1 slave) / 19 takes the start-up out.
        double best = 1e9;
        for (int r = 0; r < 3; ++r) {
            const double one = mbpollMs(bus, QStringLiteral("1"));
            const double all = mbpollMs(bus, QStringLiteral("1:%1").arg(slaves));
            best = std::min(best, (all - one) / (slaves - 1));
        }
        const double ours = oursPerReadMs(bus, slaves, 3);
        // libmodbus sends the next request as soon as the answer is in, without the t3.5
        // silence the spec asks for; the same reads without the gap compare like with like.
        BusSettings noGap = bus;
        noGap.modbusGapUs = 0;
        const double oursNoGap = oursPerReadMs(noGap, slaves, 3);
        std::printf("%6d %14.2f %14.2f %7.3f %16.2f %7.3f\n", baud, best, ours, ours / best,
                    oursNoGap, oursNoGap / best);
    }
}

qint64 cycleMs(BusManager& manager, Recorder& rec)
{
    const int before = rec.cycles;
    QElapsedTimer t;
    t.start();
    manager.runCycle();
    need(waitUntil([&] { return rec.cycles == before + 1; }, 300000), "cycle did not finish");
    return t.elapsed();
}

void dead()
{
    std::printf("\n== 247 meters on one bus at 19200, 10 %% dead vs all healthy ==\n");
    auto settings = [](SimHarness& h) {
        BusSettings s = h.bus(QStringLiteral("b0"));
        s.requestTimeoutMs = 150;
        s.probeTimeoutMs = 40;
        s.retries = 1;
        return s;
    };
    qint64 healthy = 0;
    {
        SimHarness h = harness(scenario(1, 247, 19200, 2, "modbus"));
        BusManager manager({settings(h)}, h.meters(), h.clock());
        Recorder rec(manager);
        manager.start();
        cycleMs(manager, rec); // adaptive timeouts learn
        healthy = cycleMs(manager, rec);
        need(rec.failures.isEmpty(), "healthy bus had failures");
        std::printf("all healthy:            %6lld ms per cycle\n", healthy);
    }
    SimHarness h = harness(scenario(1, 247, 19200, 2, "modbus", 10)); // slaves 10, 20 .. 240
    BusManager manager({settings(h)}, h.meters(), h.clock());
    Recorder rec(manager);
    manager.start();
    const qint64 c1 = cycleMs(manager, rec);
    const qint64 c2 = cycleMs(manager, rec);
    const qint64 c3 = cycleMs(manager, rec);
    const qint64 c4 = cycleMs(manager, rec);
    std::printf("24 dead from the start, cycles 1 and 2 (configured timeout + 1 retry): %6lld %6lld ms (%.3f x, %.3f x)\n",
                c1, c2, double(c1) / double(healthy), double(c2) / double(healthy));
    std::printf("24 dead, cycles 3 and 4 (one short probe each):   %6lld %6lld ms (%.3f x, %.3f x)\n",
                c3, c4, double(c3) / double(healthy), double(c4) / double(healthy));
    std::printf("lost after cycle 4: %lld meters\n", qint64(rec.lost.size()));

    // The same 24 meters dying while the service runs: they have answered before, so each
    // attempt waits their own adaptive timeout until they are only probed.
    SimHarness live = harness(scenario(1, 247, 19200, 2, "modbus"));
    BusManager liveManager({settings(live)}, live.meters(), live.clock());
    Recorder liveRec(liveManager);
    liveManager.start();
    cycleMs(liveManager, liveRec);
    const qint64 liveHealthy = cycleMs(liveManager, liveRec);
    for (int m = 10; m <= 247; m += 10)
        live.meter(QStringLiteral("b0m%1").arg(m)).setKilled(true);
    qint64 after[4] = {};
    for (qint64& c : after)
        c = cycleMs(liveManager, liveRec);
    std::printf("healthy before dying:   %6lld ms per cycle\n", liveHealthy);
    std::printf("24 die, cycles 1 and 2 (adaptive timeout + 1 retry): %6lld %6lld ms (%.3f x, %.3f x)\n",
                after[0], after[1], double(after[0]) / double(liveHealthy), double(after[1]) / double(liveHealthy));
    std::printf("24 die, cycles 3 and 4 (one short probe each):       %6lld %6lld ms (%.3f x, %.3f x)\n",
                after[2], after[3], double(after[2]) / double(liveHealthy), double(after[3]) / double(liveHealthy));
}

void parallel()
{
    std::printf("\n== 8 buses in parallel vs the slowest single bus (10 Modbus meters each, 9600) ==\n");
    SimHarness h = harness(scenario(8, 10, 9600, 5, "modbus"));
    qint64 slowest = 0;
    for (const BusSettings& b : h.buses()) {
        BusManager manager({b}, h.meters(b.name), h.clock());
        Recorder rec(manager);
        manager.start();
        cycleMs(manager, rec);
        slowest = std::max(slowest, cycleMs(manager, rec));
    }
    BusManager manager(h.buses(), h.meters(), h.clock());
    Recorder rec(manager);
    manager.start();
    cycleMs(manager, rec);
    const qint64 all = cycleMs(manager, rec);
    need(rec.failures.isEmpty(), "parallel buses had failures");
    std::printf("slowest single bus: %lld ms, 8 buses in parallel: %lld ms, ratio %.3f\n", slowest,
                all, double(all) / double(slowest));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QStringList parts = app.arguments().mid(1);
    if (parts.isEmpty())
        parts = {QStringLiteral("wire"), QStringLiteral("mbpoll"), QStringLiteral("dead"),
                 QStringLiteral("parallel")};
    for (const QString& p : parts) {
        if (p == u"wire")
            wire();
        else if (p == u"mbpoll")
            mbpoll();
        else if (p == u"dead")
            dead();
        else if (p == u"parallel")
            parallel();
        else
            need(false, "parts: wire mbpoll dead parallel");
        std::fflush(stdout);
    }
    return 0;
}

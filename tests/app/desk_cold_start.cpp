// Cold start of the real front desk, to the login window (a program that prints, not a timed
// test; the limit is 1.5 s): starts `meterdesk` N times with MD_STARTUP_PROBE set, which makes
// it print "startup-ms N" (ms since the kernel started the process) when the login window is
// first exposed and quit. Each run has fresh settings (its own XDG_CONFIG_HOME) and, unless a
// platform is set, QT_QPA_PLATFORM=offscreen.
//
//   desk_cold_start [--runs N] [PATH_TO_METERDESK]
//
// Prints every run (in-process figure and the wall time seen from here, spawn to the line),
// then min / median / max and the median's and max's share of the 1.5 s limit.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

namespace {

constexpr double kLimitMs = 1500.0;

QString summary(QList<double> v)
{
    std::sort(v.begin(), v.end());
    const double median = v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2.0;
    return QStringLiteral("min %1 ms, median %2 ms, max %3 ms; median %4 of the limit, max %5")
        .arg(v.first(), 0, 'f', 0)
        .arg(median, 0, 'f', 0)
        .arg(v.last(), 0, 'f', 0)
        .arg(QStringLiteral("%1%").arg(100.0 * median / kLimitMs, 0, 'f', 0))
        .arg(QStringLiteral("%1%").arg(100.0 * v.last() / kLimitMs, 0, 'f', 0));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments().mid(1);
    int runs = 10;
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size()) {
        runs = std::max(1, args.at(i + 1).toInt());
        args.remove(i, 2);
    }
    const QString desk = args.isEmpty() ? QStringLiteral(MD_METERDESK) : args.constFirst();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MD_STARTUP_PROBE"), QStringLiteral("1"));
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")))
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    out << "meterdesk cold start to the login window, " << runs << " runs (" << desk << ", QT_QPA_PLATFORM="
        << env.value(QStringLiteral("QT_QPA_PLATFORM")) << ")\n";
    QList<double> inProcess, wall;
    for (int run = 0; run < runs; ++run) {
        QTemporaryDir settings;
        QProcessEnvironment e = env;
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), settings.path());
        QProcess p;
        p.setProcessEnvironment(e);
        p.setProcessChannelMode(QProcess::SeparateChannels);
        QElapsedTimer t;
        t.start();
        p.start(desk, {});
        QByteArray line;
        while (!line.contains('\n') && p.waitForReadyRead(30000))
            line += p.readAllStandardOutput();
        const double seen = double(t.nsecsElapsed()) / 1e6;
        p.waitForFinished(10000);
        const qsizetype at = line.indexOf("startup-ms ");
        if (at < 0) {
            err << "run " << run + 1 << ": no startup-ms line; stderr: " << p.readAllStandardError() << "\n";
            return 1;
        }
        const double ms = line.mid(at + 11).trimmed().toDouble();
        inProcess.append(ms);
        wall.append(seen);
        out << "  run " << run + 1 << ": " << ms << " ms in process, " << QString::number(seen, 'f', 0)
            << " ms spawn to line\n";
    }
    out << "in process (kernel start to first expose): " << summary(inProcess) << "\n";
    out << "seen from here (spawn to the line):         " << summary(wall) << "\n";
    return 0;
}

#include "cli/decode_command.h"

#include "protocol/frame_decoder.h"
#include "protocol/hex.h"
#include "protocol/register_map.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace md::cli {

namespace {
QString tr(const char* text, int n = -1)
{
    return QCoreApplication::translate("md::cli", text, nullptr, n);
}

void printDecodeUsage(QTextStream& s)
{
    s << tr("Usage: meterdeskd decode [--protocol modbus-rtu|dlt645|dlt645-1997|cjt188] "
            "[--map acrel-ddsy1352|eastron-sdm120|md-prepaid] HEX...")
      << '\n'
      << tr("Decodes captured meter frames and prints one JSON object per frame. Spaces, "
            "colons and 0x in the hex are accepted; without --protocol it is detected. "
            "Exits with 1 when a frame is invalid, 2 on a usage error.")
      << '\n';
}
} // namespace

QString decodeSummary()
{
    return tr("decode captured meter frames (Modbus RTU, DL/T 645, CJ/T 188) to JSON");
}

int runDecode(const QStringList& args, QTextStream& out, QTextStream& err)
{
    protocol::DecodeOptions options;
    QStringList hexParts;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == u"--help" || a == u"-h") {
            printDecodeUsage(out);
            return 0;
        }
        if (a == u"--protocol" || a == u"--map") {
            if (i + 1 >= args.size()) {
                err << tr("%1 needs a value").arg(a) << '\n';
                return 2;
            }
            const QString& v = args[++i];
            if (a == u"--protocol") {
                options.protocol = protocol::parseProtocolName(v);
                if (!options.protocol) {
                    err << tr("unknown protocol '%1' (modbus-rtu, dlt645, dlt645-1997, cjt188)")
                               .arg(v)
                        << '\n';
                    return 2;
                }
            } else {
                options.registerMap = protocol::findRegisterMap(v);
                if (!options.registerMap) {
                    err << tr("unknown register map '%1' (acrel-ddsy1352, eastron-sdm120, "
                              "md-prepaid)")
                               .arg(v)
                        << '\n';
                    return 2;
                }
            }
            continue;
        }
        hexParts << a;
    }
    if (hexParts.isEmpty()) {
        printDecodeUsage(err);
        return 2;
    }
    QString problem;
    const std::optional<QByteArray> bytes =
        protocol::parseHex(hexParts.join(u' '), &problem);
    if (!bytes) {
        err << tr("not a hex string: %1").arg(problem) << '\n';
        return 2;
    }
    const protocol::DecodeResult result = protocol::decodeCapture(*bytes, options);
    bool allValid = !result.frames.empty();
    for (const protocol::DecodedFrame& f : result.frames) {
        out << QString::fromUtf8(QJsonDocument(f.toJson()).toJson(QJsonDocument::Compact))
            << '\n';
        allValid = allValid && f.valid;
    }
    if (result.frames.empty())
        err << tr("no %1 frame found in %n byte(s)", int(bytes->size()))
                   .arg(protocol::protocolName(result.protocol))
            << '\n';
    else if (result.skippedBytes > 0)
        err << tr("%n byte(s) outside frames skipped (wake-up bytes or noise)",
                  int(result.skippedBytes))
            << '\n';
    return allValid ? 0 : 1;
}

} // namespace md::cli

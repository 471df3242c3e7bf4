// `meterdeskd decode` run as a field engineer runs it: the built binary, real arguments.
#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace {
struct Run
{
    int exitCode = -1;
    QList<QJsonObject> frames;
    QString err;
};

Run decode(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(MD_METERDESKD), QStringList{QStringLiteral("decode")} + args);
    REQUIRE(p.waitForFinished(30000)); // a deadline, not a sleep
    Run r;
    r.exitCode = p.exitCode();
    r.err = QString::fromUtf8(p.readAllStandardError());
    for (const QByteArray& line : p.readAllStandardOutput().split('\n'))
        if (!line.trimmed().isEmpty())
            r.frames << QJsonDocument::fromJson(line).object();
    return r;
}
} // namespace

TEST_CASE("decode detects DL/T 645 and prints the values", "[cli][protocol]")
{
    const Run r = decode({QStringLiteral(
        "FE FE 68 72 00 32 09 17 20 68 91 08 33 33 34 33 B9 34 33 33 6D 16")});
    CHECK(r.exitCode == 0);
    REQUIRE(r.frames.size() == 1);
    const QJsonObject f = r.frames[0];
    CHECK(f[u"protocol"].toString() == u"dlt645-2007");
    CHECK(f[u"valid"].toBool());
    CHECK(f[u"direction"].toString() == u"response");
    CHECK(f[u"address"].toString() == u"201709320072");
    CHECK(f[u"control"].toString() == u"91");
    CHECK(f[u"di"].toString() == u"00010000");
    // 86 01 00 00 -> 00000186 x 0.01 = 1.86 kWh
    const QJsonObject v = f[u"values"].toArray()[0].toObject();
    CHECK(v[u"value"].toString() == u"1.86");
    CHECK(v[u"unit"].toString() == u"kWh");
}

TEST_CASE("decode accepts 0x, colons and split arguments, and Modbus with a map", "[cli][protocol]")
{
    const Run r = decode({QStringLiteral("--map"), QStringLiteral("acrel-ddsy1352"),
                          QStringLiteral("0x01:0x03:00:0B"), QStringLiteral("00 02 B5 C9"),
                          QStringLiteral("01 03 04 08 FC 01 F4 38 74")});
    INFO(r.err.toStdString());
    REQUIRE(r.frames.size() == 2);
    CHECK(r.frames[0][u"protocol"].toString() == u"modbus-rtu");
    CHECK(r.frames[0][u"address"].toString() == u"1");
    const QJsonArray values = r.frames[1][u"values"].toArray();
    REQUIRE(values.size() == 2);
    CHECK(values[0].toObject()[u"value"].toString() == u"230.0");
    CHECK(values[1].toObject()[u"value"].toString() == u"5.00");
    CHECK(r.exitCode == 0);
}

TEST_CASE("decode reports an invalid frame and exits non-zero", "[cli][protocol]")
{
    const Run r = decode({QStringLiteral("--protocol"), QStringLiteral("cjt188"),
                          QStringLiteral("68 10 44 33 22 11 00 33 78 81 16 1F 90 00 00 77 66 55 "
                                         "2C 00 77 66 55 2C 31 01 22 11 05 15 20 21 84 08 16")});
    CHECK(r.exitCode == 1);
    REQUIRE(r.frames.size() == 1);
    CHECK_FALSE(r.frames[0][u"valid"].toBool());
    CHECK(r.frames[0][u"error"].toString() == u"checksum mismatch: computed 13, frame has 08");
    CHECK(r.frames[0][u"address"].toString() == u"78330011223344");
}

TEST_CASE("decode refuses bad input with a usage error", "[cli][protocol]")
{
    CHECK(decode({QStringLiteral("68 1G")}).exitCode == 2);
    CHECK(decode({QStringLiteral("--protocol"), QStringLiteral("iec104"), QStringLiteral("68")})
              .exitCode
          == 2);
    const Run none = decode({QStringLiteral("00 00 00")});
    CHECK(none.exitCode == 1);
    CHECK(none.frames.isEmpty());
}

// docs/api.md's examples, run in order against a fresh service: each ```jsonrpc block runs on
// a new connection (logged in as the operator named by "// as NAME"); each "-->" line is sent
// and the next "<--" line must match the answer. A match is a subset: every member the example
// shows must be there with that value ("*" for any value); arrays must have the same length.

#include "api_harness.h"

#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace md;
using namespace md::test;

namespace {

bool matches(const QJsonValue& expected, const QJsonValue& actual, QString path, QString& why)
{
    if (expected.isString() && expected.toString() == u"*") {
        if (actual.isUndefined())
            why = path + QStringLiteral(" is missing");
        return !actual.isUndefined();
    }
    if (expected.isObject()) {
        if (!actual.isObject()) {
            why = path + QStringLiteral(" is not an object");
            return false;
        }
        const QJsonObject e = expected.toObject(), a = actual.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (!matches(it.value(), a.value(it.key()), path + u'.' + it.key(), why))
                return false;
        }
        return true;
    }
    if (expected.isArray()) {
        const QJsonArray e = expected.toArray(), a = actual.toArray();
        if (!actual.isArray() || e.size() != a.size()) {
            why = path + QStringLiteral(" has another length");
            return false;
        }
        for (qsizetype i = 0; i < e.size(); ++i) {
            if (!matches(e.at(i), a.at(i), path + QStringLiteral("[%1]").arg(i), why))
                return false;
        }
        return true;
    }
    if (expected != actual) {
        why = path + QStringLiteral(" differs");
        return false;
    }
    return true;
}

struct Block
{
    int line = 0;
    QString as;
    QList<std::pair<QByteArray, QByteArray>> exchanges; // request, expected response
};

QList<Block> readBlocks(const QString& path)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QList<Block> blocks;
    bool inside = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (!inside && line == "```jsonrpc") {
            inside = true;
            blocks.append(Block{int(i) + 1, {}, {}});
        } else if (inside && line == "```") {
            inside = false;
        } else if (inside && line.startsWith("// as ")) {
            blocks.back().as = QString::fromUtf8(line.mid(6));
        } else if (inside && line.startsWith("--> ")) {
            blocks.back().exchanges.append({line.mid(4), {}});
        } else if (inside && line.startsWith("<-- ")) {
            REQUIRE(!blocks.back().exchanges.isEmpty());
            blocks.back().exchanges.back().second = line.mid(4);
        }
    }
    return blocks;
}

} // namespace

TEST_CASE("docs/api.md examples", "[api][docs]")
{
    TestServer server;
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier")); // 2
    server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));   // 3
    server.addOperator(QStringLiteral("zhou"), QStringLiteral("manager")); // 4
    server.addOperator(QStringLiteral("sun"), QStringLiteral("auditor"));  // 5

    const QList<Block> blocks = readBlocks(sourcePath(QStringLiteral("docs/api.md")));
    REQUIRE(blocks.size() >= 8);
    int exchanges = 0;
    for (const Block& b : blocks) {
        auto c = b.as.isEmpty() ? server.connect()
                 : b.as == u"admin" ? server.admin()
                                    : server.loginAs(b.as);
        for (const auto& [request, expected] : b.exchanges) {
            INFO("docs/api.md block at line " << b.line << ": " << request.toStdString());
            const QJsonDocument want = QJsonDocument::fromJson(expected);
            REQUIRE(want.isObject());
            REQUIRE(QJsonDocument::fromJson(request).isObject());
            const QJsonObject got = c->sendRaw(request + '\n');
            INFO("got " << QJsonDocument(got).toJson(QJsonDocument::Compact).toStdString());
            QString why;
            const bool ok = matches(want.object(), got, QStringLiteral("response"), why);
            INFO(why.toStdString());
            CHECK(ok);
            ++exchanges;
        }
    }
    CHECK(exchanges >= 15);
}

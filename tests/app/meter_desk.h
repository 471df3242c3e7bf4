#pragma once

#include "api_harness.h"

#include "api/service_client.h"

#include <QDateTime>
#include <QJsonObject>

#include <memory>

namespace md::test {

// A real service with a small property for the meter views: site A, buildings 1 and 2, rooms
// A/1/1/101 (张三, electricity and water meters, 50.00 yuan, collection settings), A/1/1/102
// (李四, one meter, no settings), A/2/1/201 (no tenant) and a meter in no room; and a desk
// client logged in as the given operator (li is the manager, wang a cashier).
struct MeterDesk
{
    TestServer server;
    std::unique_ptr<api::ApiClient> li;   // manager, blocking: sets up and plays the other desk
    std::unique_ptr<api::ApiClient> wang; // cashier
    api::ServiceClient client;
    QHash<QString, qint64> meterIds; // nameplate → id
    qint64 buildingTwo = 0;
    qint64 room101 = 0;

    explicit MeterDesk(const QString& deskOperator = QStringLiteral("li"));
    QJsonObject call(const QString& method, const QJsonObject& params);
    // 1-101's electricity on a monthly ladder (0.5283 yuan/kWh up to 100 kWh), put in the
    // service's database as the tariff loader would.
    void ladderForZhang();
    // A reading of a meter's total register ingested into the service's database as the
    // collection service would (billed, alarms evaluated).
    void ingest(const QString& nameplate, const QDateTime& at, const char* total);
};

} // namespace md::test

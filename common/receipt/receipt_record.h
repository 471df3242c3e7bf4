#pragma once

#include "money/money.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace md::receipt {

// A receipt as the service issued it (docs/api.md, "receipt.get"): the record is the truth,
// the printout is only a view of it.
struct ReceiptRecord
{
    qint64 receipt = 0;
    qint64 transaction = 0;
    QString kind;           // recharge, refund, closing ...
    QString accountCode;
    QString tenantName;
    QString utility;        // electricity, water, heat
    QString channel;        // cash, wechat, alipay, bank-transfer, card, other
    QString cashierName;
    Money amount;
    Money fee;
    Money balanceBefore;
    Money balanceAfter;
    QString memo;
    QDateTime at;           // UTC
    bool copy = false;      // a reprint
    int copyNo = 0;
    // Not in the API's receipt record yet (they come with the meter registry): shown when set.
    QString rooms;
    QString meters;
    QString lastReading;
};

// Reads the API's receipt record; throws InputError("API", 0, what) for a missing or malformed
// member, so a bad answer never prints a wrong receipt.
ReceiptRecord receiptFromJson(const QJsonObject& json);

} // namespace md::receipt

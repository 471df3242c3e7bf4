#pragma once

#include "receipt/receipt_record.h"

#include <QList>
#include <QString>
#include <QTimeZone>

namespace md::receipt {

// One printed item. `id` is the stable key a form file positions (receipt_form.h); label and
// value are what a person reads.
struct ReceiptField
{
    QString id;
    QString label;
    QString value;
};

// The receipt as lines to print, independent of paper and printer: computed once from the
// record, rendered by the app on a page, a preview or a PDF.
struct ReceiptDocument
{
    QString office;
    QString title;
    QString copyMark;          // 重打/COPY n on a reprint, empty on the original
    QList<ReceiptField> fields;

    QString value(const QString& id) const;
};

struct ReceiptHeader
{
    QString officeName;
    QTimeZone timeZone = QTimeZone(QByteArrayLiteral("Asia/Shanghai")); // the office's clock on paper
};

// Field ids: receipt_no, date_time, account, tenant, rooms, meters, utility, channel, amount,
// amount_capitals, fee, balance_before, balance_after, last_reading, cashier, memo.
ReceiptDocument layoutReceipt(const ReceiptRecord& record, const ReceiptHeader& header);

// Translated names of the API's identifiers (keys stay untranslated in the record).
QString channelName(const QString& channel);
QString utilityName(const QString& utility);

} // namespace md::receipt

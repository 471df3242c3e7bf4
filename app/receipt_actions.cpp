#include "receipt_actions.h"

#include "receipt_printer.h"

#include "api/service_client.h"
#include "receipt/receipt_layout.h"
#include "util/error.h"

#include <QDir>
#include <QWidget>

namespace md::app {

ReceiptActions::ReceiptActions(api::ServiceClient& client, ReceiptPrinter& printer, QString officeName, QWidget* parentWidget)
    : QObject(parentWidget)
    , m_client(client)
    , m_printer(printer)
    , m_officeName(std::move(officeName))
    , m_parentWidget(parentWidget)
{
}

template <typename Then>
void ReceiptActions::withRecord(const QString& method, qint64 receipt, Then then)
{
    // A reprint counts copies in the service: never resent behind the cashier's back.
    const auto resend = method == u"receipt.reprint" ? api::ServiceClient::Resend::No : api::ServiceClient::Resend::Yes;
    api::ApiReply* reply = m_client.call(method, {{QStringLiteral("receipt"), receipt}}, resend);
    connect(reply, &api::ApiReply::finished, this, [this, then](const QJsonObject& record) {
        try {
            receipt::ReceiptHeader header;
            header.officeName = m_officeName;
            then(receipt::layoutReceipt(receipt::receiptFromJson(record), header));
        } catch (const Error& e) {
            emit failed(e.message());
        }
    });
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) { emit failed(f.message); });
}

void ReceiptActions::reprint(qint64 receipt)
{
    withRecord(QStringLiteral("receipt.reprint"), receipt, [this](const receipt::ReceiptDocument& doc) {
        QString error;
        const QString where = m_printer.printNow(doc, &error);
        if (where.isEmpty())
            emit failed(error);
        else
            emit done(tr("Receipt %1 reprinted as %2 (%3).").arg(doc.value(QStringLiteral("receipt_no")), doc.copyMark, where));
    });
}

void ReceiptActions::preview(qint64 receipt)
{
    withRecord(QStringLiteral("receipt.get"), receipt, [this](const receipt::ReceiptDocument& doc) {
        m_printer.preview(doc, m_parentWidget);
    });
}

void ReceiptActions::saveAsPdf(qint64 receipt, const QString& path)
{
    withRecord(QStringLiteral("receipt.get"), receipt, [this, path](const receipt::ReceiptDocument& doc) {
        QString error;
        if (m_printer.saveAsPdf(doc, path, &error))
            emit done(tr("Receipt %1 saved as %2.").arg(doc.value(QStringLiteral("receipt_no")), QDir::toNativeSeparators(path)));
        else
            emit failed(error);
    });
}

} // namespace md::app

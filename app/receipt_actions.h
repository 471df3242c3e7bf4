#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class ReceiptPrinter;

// Receipts after the fact: reprint (the service records it and returns the record marked as a
// numbered copy, printed with 重打/COPY), print preview, save as PDF. The record always comes
// from the service, never from what the desk remembers.
class ReceiptActions : public QObject
{
    Q_OBJECT

public:
    ReceiptActions(api::ServiceClient& client, ReceiptPrinter& printer, QString officeName, QWidget* parentWidget);

    void reprint(qint64 receipt);
    void preview(qint64 receipt);
    void saveAsPdf(qint64 receipt, const QString& path);

signals:
    void done(const QString& message);
    void failed(const QString& message);

private:
    template <typename Then>
    void withRecord(const QString& method, qint64 receipt, Then then);

    api::ServiceClient& m_client;
    ReceiptPrinter& m_printer;
    QString m_officeName;
    QWidget* m_parentWidget;
};

} // namespace md::app

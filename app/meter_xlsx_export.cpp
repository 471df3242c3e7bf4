#include "meter_xlsx_export.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QThread>

#include <xlsxwriter.h>

namespace md::app {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::app::MeterXlsxExport)
};

void text(lxw_worksheet* sheet, int row, int column, const QString& value, lxw_format* format = nullptr)
{
    if (value.isEmpty())
        return;
    const QByteArray utf8 = value.toUtf8();
    worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), utf8.constData(), format);
}
} // namespace

QStringList meterExportHeaders()
{
    return {Tr::tr("Room"), Tr::tr("Tenant"), Tr::tr("Meter number"), Tr::tr("Utility"), Tr::tr("State"),
            Tr::tr("Balance (yuan)"), Tr::tr("Last reading"), Tr::tr("Unit"), Tr::tr("Reading time"), Tr::tr("Relay")};
}

QString writeMetersXlsx(const QString& path, const QList<MeterRow>& rows)
{
    const QStringList headers = meterExportHeaders();
    const QByteArray file = QFile::encodeName(path);
    lxw_workbook* book = workbook_new(file.constData());
    if (!book)
        return Tr::tr("Cannot create %1").arg(path);
    const QByteArray sheetName = Tr::tr("Meters").toUtf8();
    lxw_worksheet* sheet = workbook_add_worksheet(book, sheetName.constData());
    lxw_format* header = workbook_add_format(book);
    format_set_bold(header);
    format_set_bg_color(header, 0xE0E0E0);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_format* money = workbook_add_format(book);
    format_set_num_format(money, "0.00");
    lxw_format* reading = workbook_add_format(book);
    format_set_num_format(reading, "0.000");

    for (int c = 0; c < headers.size(); ++c)
        text(sheet, 0, c, headers.at(c), header);
    // Columns as the grid's: room, tenant, nameplate, utility, state, balance, last reading,
    // unit, reading time, relay — the reading's unit in its own column keeps it a number.
    int r = 1;
    for (const MeterRow& m : rows) {
        text(sheet, r, 0, m.roomPath);
        text(sheet, r, 1, m.tenant);
        text(sheet, r, 2, m.nameplate);
        text(sheet, r, 3, utilityName(m.utility));
        text(sheet, r, 4, stateName(m.state));
        if (m.balance)
            worksheet_write_number(sheet, lxw_row_t(r), 5, double(m.balance->fen()) / 100.0, money);
        if (m.hasReading()) {
            worksheet_write_number(sheet, lxw_row_t(r), 6, m.lastValueNumber, reading);
            text(sheet, r, 7, m.lastUnit);
            text(sheet, r, 8, readingTimeText(m));
        }
        text(sheet, r, 9, relayText(m));
        ++r;
    }
    static const double kWidths[] = {14, 14, 16, 8, 12, 12, 14, 6, 17, 16};
    for (int c = 0; c < int(std::size(kWidths)); ++c)
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), kWidths[c], nullptr);
    worksheet_freeze_panes(sheet, 1, 0);
    if (!rows.isEmpty())
        worksheet_autofilter(sheet, 0, 0, lxw_row_t(rows.size()), lxw_col_t(headers.size() - 1));
    const lxw_error e = workbook_close(book);
    if (e != LXW_NO_ERROR)
        return Tr::tr("Cannot write %1: %2").arg(path, QString::fromUtf8(lxw_strerror(e)));
    return {};
}

MeterXlsxExport::MeterXlsxExport(QObject* parent)
    : QObject(parent)
{
}

void MeterXlsxExport::start(const QString& path, QList<MeterRow> rows)
{
    QPointer<MeterXlsxExport> self(this);
    QThread* worker = QThread::create([self, path, rows = std::move(rows)] {
        QElapsedTimer t;
        t.start();
        const QString problem = writeMetersXlsx(path, rows);
        const qint64 ms = t.elapsed();
        // Back on the exporter's thread (queued: the lambda runs in the worker).
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, path, problem, ms] {
            if (self)
                emit self->finished(path, problem, ms);
        }, Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

} // namespace md::app

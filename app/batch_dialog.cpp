#include "batch_dialog.h"

#include "api/service_client.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace md::app {

namespace {
QString describe(const BatchRun::Item& i)
{
    return i.room.isEmpty() ? i.nameplate : BatchDialog::tr("%1 (%2)").arg(i.nameplate, i.room);
}
QColor outcomeColour(BatchRun::Outcome o)
{
    switch (o) {
    case BatchRun::Outcome::Confirmed: return QColor(0xc8, 0xe6, 0xc9);
    case BatchRun::Outcome::Refused:
    case BatchRun::Outcome::Failed: return QColor(0xef, 0x9a, 0x9a);
    case BatchRun::Outcome::Retrying: return QColor(0xff, 0xcc, 0x80);
    case BatchRun::Outcome::Accepted: return QColor(0xff, 0xf5, 0x9d);
    case BatchRun::Outcome::Sending: break;
    }
    return QColor(0xe0, 0xe0, 0xe0);
}
} // namespace

BatchDialog::BatchDialog(api::ServiceClient& client, QList<BatchRun::Item> meters, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_meters(std::move(meters))
{
    setWindowTitle(tr("Batch operations"));
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(makeChoosePage());
    m_pages->addWidget(makeConfirmPage());
    m_pages->addWidget(makeProgressPage());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    resize(640, 460);
}

QWidget* BatchDialog::makeChoosePage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("%n meter(s) selected:", nullptr, int(m_meters.size())), page));
    auto* list = new QListWidget(page);
    for (const BatchRun::Item& i : m_meters)
        list->addItem(describe(i));
    layout->addWidget(list, 1);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Action:"), page));
    m_action = new QComboBox(page);
    for (const QString& a : BatchRun::actions())
        m_action->addItem(BatchRun::actionName(a), a);
    row->addWidget(m_action, 1);
    layout->addLayout(row);
    auto* buttons = new QDialogButtonBox(page);
    auto* nextButton = buttons->addButton(tr("Next…"), QDialogButtonBox::AcceptRole);
    nextButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &BatchDialog::next);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    return page;
}

QWidget* BatchDialog::makeConfirmPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_question = new QLabel(page);
    m_question->setWordWrap(true);
    m_question->setStyleSheet(QStringLiteral("font-weight: bold;"));
    layout->addWidget(m_question);
    m_confirmList = new QListWidget(page);
    layout->addWidget(m_confirmList, 1);
    auto* buttons = new QDialogButtonBox(page);
    auto* backButton = buttons->addButton(tr("Back"), QDialogButtonBox::RejectRole);
    backButton->setDefault(true); // Enter does not switch a building off by accident
    buttons->addButton(tr("Confirm and send"), QDialogButtonBox::AcceptRole)->setObjectName(QStringLiteral("confirm"));
    connect(buttons, &QDialogButtonBox::accepted, this, &BatchDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &BatchDialog::back);
    layout->addWidget(buttons);
    return page;
}

QWidget* BatchDialog::makeProgressPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_summary = new QLabel(page);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_bar = new QProgressBar(page);
    m_bar->setFormat(tr("%v of %m settled"));
    layout->addWidget(m_bar);
    m_table = new QTableWidget(int(m_meters.size()), 3, page);
    m_table->setHorizontalHeaderLabels({tr("Meter"), tr("Result"), tr("Detail")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    auto* hint = new QLabel(tr("A tenant's meter keeps the order until it is changed: the service sends it and confirms it by "
                               "reading the relay back, and retries a meter that does not answer. A meter already as ordered "
                               "may need no command; the Relay column of the grid shows what each meter reads back."),
                            page);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    auto* buttons = new QDialogButtonBox(page);
    m_retry = buttons->addButton(tr("Retry failed"), QDialogButtonBox::ActionRole);
    m_retry->setEnabled(false);
    connect(m_retry, &QPushButton::clicked, this, &BatchDialog::retryFailed);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    return page;
}

BatchDialog::Page BatchDialog::page() const
{
    return Page(m_pages->currentIndex());
}

void BatchDialog::setAction(const QString& action)
{
    m_action->setCurrentIndex(m_action->findData(action));
}

QString BatchDialog::confirmationText() const
{
    return m_question->text();
}

void BatchDialog::next()
{
    if (page() != Choose || m_meters.isEmpty())
        return;
    const QString action = m_action->currentData().toString();
    QStringList names;
    for (const BatchRun::Item& i : m_meters.mid(0, 20))
        names.append(i.nameplate);
    QString which = names.join(tr(", "));
    if (m_meters.size() > names.size())
        which = tr("%1 and %n more", nullptr, int(m_meters.size() - names.size())).arg(which);
    m_question->setText(tr("%1 — %n meter(s): %2", nullptr, int(m_meters.size())).arg(BatchRun::actionName(action), which));
    m_confirmList->clear();
    for (const BatchRun::Item& i : m_meters)
        m_confirmList->addItem(describe(i));
    m_pages->setCurrentIndex(Confirm);
}

void BatchDialog::back()
{
    if (page() == Confirm)
        m_pages->setCurrentIndex(Choose);
}

void BatchDialog::confirm()
{
    if (page() != Confirm || m_run)
        return;
    m_run = new BatchRun(m_client, m_action->currentData().toString(), m_meters, this);
    for (int row = 0; row < m_meters.size(); ++row) {
        m_table->setItem(row, 0, new QTableWidgetItem(describe(m_meters.at(row))));
        m_table->setItem(row, 1, new QTableWidgetItem);
        m_table->setItem(row, 2, new QTableWidgetItem);
    }
    connect(m_run, &BatchRun::itemChanged, this, &BatchDialog::showItem);
    connect(m_run, &BatchRun::progressChanged, this, &BatchDialog::showProgress);
    m_bar->setRange(0, int(m_meters.size()));
    m_pages->setCurrentIndex(Progress);
    setWindowTitle(tr("Batch operations — %1").arg(BatchRun::actionName(m_run->action())));
    m_run->start();
    for (int row = 0; row < m_meters.size(); ++row)
        showItem(row);
    showProgress();
}

void BatchDialog::retryFailed()
{
    if (m_run)
        m_run->retryFailed();
}

void BatchDialog::showItem(int row)
{
    const BatchRun::Item& i = m_run->items().at(row);
    m_table->item(row, 1)->setText(BatchRun::outcomeName(i.outcome));
    m_table->item(row, 1)->setBackground(outcomeColour(i.outcome));
    m_table->item(row, 1)->setForeground(QColor(Qt::black));
    m_table->item(row, 2)->setText(i.detail);
    m_table->item(row, 2)->setToolTip(i.detail);
}

QString BatchDialog::summaryText() const
{
    return m_summary->text();
}

void BatchDialog::showProgress()
{
    using O = BatchRun::Outcome;
    const int waiting = m_run->count(O::Sending) + m_run->count(O::Accepted) + m_run->count(O::Retrying);
    m_summary->setText(tr("%1 confirmed, %2 waiting for the meters, %3 refused, %4 failed")
                           .arg(m_run->count(O::Confirmed))
                           .arg(waiting)
                           .arg(m_run->count(O::Refused))
                           .arg(m_run->count(O::Failed)));
    m_bar->setValue(m_run->settled());
    m_retry->setEnabled(m_run->failures() > 0 && m_run->count(O::Sending) == 0);
}

} // namespace md::app

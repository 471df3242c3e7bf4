#pragma once

#include "batch_run.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace md::app {

// 批量操作: the chosen meters, an action, a confirmation that names how many meters and which,
// then each meter's result as it arrives (accepted/refused, then confirmed/failed), with the
// failures retryable. Modeless and never waiting: the desk keeps working while relays switch.
class BatchDialog : public QDialog
{
    Q_OBJECT

public:
    enum Page { Choose, Confirm, Progress };

    BatchDialog(api::ServiceClient& client, QList<BatchRun::Item> meters, QWidget* parent = nullptr);

    Page page() const;
    void setAction(const QString& action);
    // The buttons' steps, for the keyboard and for tests.
    void next();    // Choose → Confirm
    void back();    // Confirm → Choose
    void confirm(); // Confirm → Progress: sends the order
    void retryFailed();

    QString confirmationText() const;
    QString summaryText() const;
    BatchRun* run() const { return m_run; }
    QTableWidget* resultTable() const { return m_table; }

private:
    QWidget* makeChoosePage();
    QWidget* makeConfirmPage();
    QWidget* makeProgressPage();
    void showItem(int row);
    void showProgress();

    api::ServiceClient& m_client;
    QList<BatchRun::Item> m_meters;
    BatchRun* m_run = nullptr;
    QStackedWidget* m_pages;
    QComboBox* m_action;
    QLabel* m_question;
    QListWidget* m_confirmList;
    QTableWidget* m_table;
    QProgressBar* m_bar;
    QLabel* m_summary;
    QPushButton* m_retry;
};

} // namespace md::app

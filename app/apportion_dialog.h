#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace md::api {
class ServiceClient;
}

namespace md::app {

// Public-area apportionment (公摊) from the reports tab, for managers: choose a group (a common
// meter shared by accounts) and a period, preview what each account would pay
// (apportion.preview: nothing is stored), and submit the run for approval (apportion.request:
// a different manager approves it in the approvals view, and only then the deductions post).
// One idempotency key per group and period: sending the same choice again replays it.
class ApportionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ApportionDialog(api::ServiceClient& client, QWidget* parent = nullptr);

    QComboBox* groupBox() const { return m_group; }
    QDateEdit* fromEdit() const { return m_from; }
    QDateEdit* toEdit() const { return m_to; }
    QPushButton* previewButton() const { return m_preview; }
    QPushButton* submitButton() const { return m_submit; }
    QTableWidget* sharesTable() const { return m_shares; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* outcomeLabel() const { return m_outcome; }

    void loadGroups();
    void preview();
    void submit();

signals:
    void groupsLoaded();
    void previewed(const QJsonObject& apportionment);
    // apportion.request answered (status pending with the approval and the run).
    void filed(const QJsonObject& result);
    void failed(const QString& message);

private:
    void selectionChanged();
    void showFailure(const QString& message);
    QJsonObject selection() const;

    api::ServiceClient& m_client;
    QComboBox* m_group;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QPushButton* m_preview;
    QPushButton* m_submit;
    QTableWidget* m_shares;
    QLabel* m_summary;
    QLabel* m_outcome;
    QJsonObject m_previewed; // the selection the shown preview is of
    QString m_key;
    QJsonObject m_keyFor;    // the selection m_key was made for
};

} // namespace md::app

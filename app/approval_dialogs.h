#pragma once

#include <QAbstractTableModel>
#include <QDialog>
#include <QJsonObject>
#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

// The operator's role (session.login's `role`) and what it may do at the desk.
QString operatorRole(const api::ServiceClient& client);
bool mayRequestMoney(const QString& role); // refund, closing, correction: cashier, manager
bool mayApprove(const QString& role);      // approval.approve/reject: manager
bool mayListApprovals(const QString& role); // approval.list: manager, auditor

// A maker–checker request from the desk: refund (退费), closing with settlement (销户结算) or
// correction (冲正). Sends it once (one idempotency key per dialog) and says what the service
// answered: "pending approval" (nothing moved yet), or done (a closing that pays nothing out).
class MakerRequestDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Refund, Close, Correct };
    // code: the account number; transaction: the one to reverse (Correct).
    MakerRequestDialog(api::ServiceClient& client, Kind kind, QString code, qint64 transaction = 0,
                       QWidget* parent = nullptr);

    QLabel* outcome() const { return m_outcome; }
    QPushButton* submitButton() const { return m_submit; }

signals:
    // The service's answer (status pending with the approval, or done with the transaction).
    void filed(const QJsonObject& result);

private:
    void submit();

    api::ServiceClient& m_client;
    Kind m_kind;
    QString m_code;
    QString m_key;
    QLineEdit* m_amount = nullptr;
    QComboBox* m_utility = nullptr;
    QComboBox* m_channel = nullptr;
    QLineEdit* m_transaction = nullptr;
    QLineEdit* m_memo = nullptr;
    QLabel* m_outcome = nullptr;
    QPushButton* m_submit = nullptr;
};

// approval.list's requests, one row each.
class ApprovalModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Id, Kind, Account, Amount, RequestedBy, RequestedAt, Status, Details, Count };

    explicit ApprovalModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void replaceAll(const QList<QJsonObject>& approvals);
    QJsonObject rowAt(int row) const { return m_rows.at(row); }

private:
    QList<QJsonObject> m_rows;
};

// The pending maker–checker requests of one account (account detail's tab): approval.list
// with its account filter. Managers and auditors only
// (approval.list's roles); others read why the list is empty. Follows the approval events.
class PendingRequestsView : public QWidget
{
    Q_OBJECT

public:
    explicit PendingRequestsView(api::ServiceClient& client, QWidget* parent = nullptr);

    void setAccount(qint64 account);
    void refresh();
    ApprovalModel& model() { return *m_model; }
    QTableView* view() const { return m_view; }
    QLabel* note() const { return m_note; }

signals:
    void loaded(int count);

private:
    api::ServiceClient& m_client;
    QString m_role;
    qint64 m_account = 0;
    ApprovalModel* m_model;
    QTableView* m_view;
    QLabel* m_note;
};

// The managers' approvals view (审批): pending requests, approve or reject with a note. The
// service refuses self-approval; its message is shown as it says it.
class ApprovalsWindow : public QWidget
{
    Q_OBJECT

public:
    explicit ApprovalsWindow(api::ServiceClient& client, QWidget* parent = nullptr);

    ApprovalModel& model() { return *m_model; }
    QTableView* view() const { return m_view; }
    QLineEdit* noteEdit() const { return m_note; }
    QPushButton* approveButton() const { return m_approve; }
    QPushButton* rejectButton() const { return m_reject; }
    QLabel* statusLabel() const { return m_status; }
    void refresh();

signals:
    void loaded();
    // approval.approve/reject answered: ok, with the service's result or message.
    void decided(bool ok, const QString& message);

private:
    void decide(bool approve);
    void updateButtons();

    api::ServiceClient& m_client;
    QString m_role;
    ApprovalModel* m_model;
    QTableView* m_view;
    QLineEdit* m_note;
    QPushButton* m_approve;
    QPushButton* m_reject;
    QLabel* m_status;
    bool m_busy = false;
};

} // namespace md::app

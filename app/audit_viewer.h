#pragma once

#include "admin_access.h"

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;
class QTableView;

namespace md::api {
class ServiceClient;
}

namespace md::app {

class AuditModel;

// The audit log (操作日志): audit.query's records with filters by action, operator and time
// range (local time; from a week ago unless changed), a page at a time ("load more" continues after the last seq), and "verify
// chain" (audit.verify), which says plainly whether the hash chain holds or which record is the
// first that does not. An administrator may verify but not read the log: they see the button only.
class AuditViewer : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 200;

    AuditViewer(api::ServiceClient& client, const AdminAccess& access, QWidget* parent = nullptr);

    // The filters; an empty action or operator means any; invalid times mean open-ended.
    void setFilter(const QString& actionKey, const QString& operatorText, const QDateTime& from = {},
                   const QDateTime& to = {});
    void search();    // from the first record
    void loadMore();  // the next page
    void verify();
    void setPageSize(int rows) { m_pageSize = rows; } // default kPageSize

    AuditModel& model() { return *m_model; }
    QTableView* table() const { return m_table; }
    bool canLoadMore() const;
    QString verdictText() const;
    QString statusText() const;
    // The query's parameters as the filters stand (for tests and the status line).
    QJsonObject queryParams(QString* problem = nullptr) const;

signals:
    void pageLoaded(int rows);
    void verified(bool ok);
    void failed(const QString& message);

private:
    void loadOperators();
    void addOperatorChoices(const QHash<qint64, QString>& names);
    void fetch(bool fromStart);
    void showStatus(const QString& text, bool problem = false);

    api::ServiceClient& m_client;
    AdminAccess m_access;
    AuditModel* m_model;
    QComboBox* m_action = nullptr;
    QComboBox* m_operator = nullptr;
    QCheckBox* m_useFrom = nullptr;
    QCheckBox* m_useTo = nullptr;
    QDateTimeEdit* m_from = nullptr;
    QDateTimeEdit* m_to = nullptr;
    QPushButton* m_search = nullptr;
    QPushButton* m_more = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_status;
    QLabel* m_verdict;
    QHash<qint64, QString> m_names;
    int m_pageSize = kPageSize;
    bool m_busy = false;
    bool m_lastPageFull = false;
};

} // namespace md::app

#pragma once

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace md::api {
class ServiceClient;
}

namespace md::app {

// Creates or edits one apportionment group (公摊分组), for managers: its name, the common meter
// (by nameplate; it stays once the group exists), the tariff (from tariff.list), the method
// (by area or by fixed shares), the member accounts by code (with a weight each by shares),
// remarks and whether it is active. What is plainly wrong is said before anything is sent; the
// service's refusal is shown as it words it, and the dialog keeps everything typed.
class ApportionGroupEditor : public QDialog
{
    Q_OBJECT

public:
    enum MemberColumn { CodeColumn, WeightColumn };

    // group: as apportion.group.list sends it; empty for a new group.
    ApportionGroupEditor(api::ServiceClient& client, const QJsonObject& group, QWidget* parent = nullptr);

    bool isNew() const { return m_id == 0; }
    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* meterEdit() const { return m_meter; }
    QComboBox* tariffBox() const { return m_tariff; }
    QComboBox* methodBox() const { return m_method; }
    QTableWidget* membersTable() const { return m_members; }
    QLineEdit* remarksEdit() const { return m_remarks; }
    QCheckBox* activeBox() const { return m_active; }
    QPushButton* saveButton() const { return m_save; }
    QLabel* problemLabel() const { return m_problem; }
    QString problem() const;

    // A member row (code, and weight by shares: empty or a whole number).
    void addMember(const QString& code = {}, const QString& weight = {});
    void removeSelectedMembers();
    // The first thing wrong with what is typed, empty when it may be sent.
    QString check() const;
    void save();

signals:
    void tariffsLoaded();
    // The service answered with the group as stored.
    void saved(const QJsonObject& group);
    void failed(const QString& message);

private:
    void loadTariffs(const QString& current);
    void methodChanged();
    void showProblem(const QString& message, QWidget* field);
    QJsonObject params() const;

    api::ServiceClient& m_client;
    qint64 m_id = 0;
    QLineEdit* m_name;
    QLineEdit* m_meter;
    QComboBox* m_tariff;
    QComboBox* m_method;
    QTableWidget* m_members;
    QPushButton* m_addMember;
    QPushButton* m_removeMember;
    QLabel* m_methodHint;
    QLineEdit* m_remarks;
    QCheckBox* m_active;
    QLabel* m_problem;
    QPushButton* m_save;
};

} // namespace md::app

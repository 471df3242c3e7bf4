#pragma once

#include <QDateTime>
#include <QDialog>
#include <QHash>
#include <QJsonObject>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace md::api {
class ServiceClient;
struct ApiFailure;
}

namespace md::app {

// Which registers a meter shows (and the service stores): the total, and for electricity
// meters whose protocol or Modbus map reads them, sharp/peak/flat/valley (尖峰平谷).
QStringList meterRegisters(QStringView utility, QStringView protocol, QStringView map);
// Why a register typed off a meter is not acceptable ("" when it is): a decimal, not negative,
// at most three decimals (the service's Quantity).
QString registerTextProblem(const QString& text);

// 换表: the engineer takes the selected meter down and puts another in its place (meter.swap).
// The old meter's final reading, the successor's record (its utility, account and room are the
// old meter's) and initial reading, the time of the swap (default now, never in the future) and
// the reason. Bad input is named at its field before anything is sent; the service's refusal is
// shown as it says it; on success the dialog says what the final reading cost and the grid
// lists the new meter. Nothing is sent twice: a retried swap is refused (4707) by the service.
class MeterSwapDialog : public QDialog
{
    Q_OBJECT

public:
    MeterSwapDialog(api::ServiceClient& client, qint64 meter, QWidget* parent = nullptr);

    // The fields, by key: "final.total", "final.peak", ..., "initial.total", ..., "nameplate",
    // "bus", "address", "at".
    QLineEdit* field(const QString& key) const { return m_edits.value(key); }
    // The error shown under a field ("" when none).
    QString fieldError(const QString& key) const;
    QComboBox* protocolBox() const { return m_protocol; }
    QComboBox* mapBox() const { return m_map; }
    QDateTimeEdit* atEdit() const { return m_at; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QLabel* outcome() const { return m_outcome; }
    QPushButton* swapButton() const { return m_swap; }
    // The old meter as meter.get answered (empty until loaded).
    const QJsonObject& oldMeter() const { return m_old; }
    void submit();

signals:
    void loaded();
    // meter.swap answered: its result (old, new, final_reading, new_meter, ...).
    void swapped(const QJsonObject& result);
    void refused(const QString& message);

private:
    void showOld(const QJsonObject& meter);
    void updateRegisterFields();
    void setFieldError(const QString& key, const QString& text);
    void clearErrors();
    bool validate(QJsonObject& params);
    void onRefused(const api::ApiFailure& f);
    void growToFit();
    QLineEdit* addEdit(const QString& key, const QString& placeholder);
    QWidget* withError(const QString& key, QWidget* input);

    api::ServiceClient& m_client;
    qint64 m_meterId;
    QJsonObject m_old;
    QDateTime m_atShown; // the default; unchanged means "now" on the service's clock
    QHash<QString, QLineEdit*> m_edits;
    QHash<QString, QLabel*> m_errors;
    QHash<QString, QWidget*> m_rows; // register rows, hidden for registers the meter lacks
    QLabel* m_oldText;
    QGroupBox* m_finalGroup;
    QGroupBox* m_newGroup;
    QGroupBox* m_initialGroup;
    QComboBox* m_protocol;
    QComboBox* m_map;
    QLabel* m_utility;
    QDateTimeEdit* m_at;
    QLineEdit* m_reason;
    QLabel* m_outcome;
    QPushButton* m_swap;
    bool m_busy = false;
    bool m_done = false;
};

} // namespace md::app

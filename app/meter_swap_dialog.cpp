#include "meter_swap_dialog.h"

#include "meter_row.h"

#include "api/service_client.h"
#include "protocol/register_map.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace md::app {

namespace {

constexpr int kMeterInUse = 4705;   // docs/api.md: nameplate or bus address taken
constexpr int kMeterRemoved = 4707; // already removed (a swap done elsewhere)

const QStringList kRegisters{QStringLiteral("total"), QStringLiteral("sharp"), QStringLiteral("peak"), QStringLiteral("flat"),
                             QStringLiteral("valley")};

QString registerName(const QString& key)
{
    if (key == u"total")
        return MeterSwapDialog::tr("Total");
    if (key == u"sharp")
        return MeterSwapDialog::tr("Sharp (尖)");
    if (key == u"peak")
        return MeterSwapDialog::tr("Peak (峰)");
    if (key == u"flat")
        return MeterSwapDialog::tr("Flat (平)");
    if (key == u"valley")
        return MeterSwapDialog::tr("Valley (谷)");
    return key;
}

QString unitText(const QString& utility)
{
    return utility == u"water" ? QStringLiteral("m³") : utility == u"heat" ? QStringLiteral("GJ") : QStringLiteral("kWh");
}

QString localTime(const QString& iso)
{
    const QDateTime at = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : iso;
}

// "12.5" and "12.500" compare as the same milli-units.
qint64 milli(const QString& text)
{
    const qsizetype dot = text.indexOf(u'.');
    const QString whole = dot < 0 ? text : text.left(dot);
    QString frac = dot < 0 ? QString() : text.mid(dot + 1);
    frac = (frac + QStringLiteral("000")).left(3);
    return whole.toLongLong() * 1000 + frac.toLongLong();
}

} // namespace

QStringList meterRegisters(QStringView utility, QStringView protocol, QStringView map)
{
    if (utility != u"electricity")
        return {kRegisters.first()};
    bool tou = protocol == u"dlt645";
    if (protocol == u"modbus")
        if (const protocol::RegisterMap* m = protocol::findRegisterMap(map))
            tou = protocol::findRegister(*m, u"energy.sharp") != nullptr;
    return tou ? kRegisters : QStringList{kRegisters.first()};
}

QString registerTextProblem(const QString& text)
{
    static const QRegularExpression number(QStringLiteral("^[0-9]{1,12}(\\.[0-9]*)?$"));
    const QString t = text.trimmed();
    if (t.isEmpty())
        return MeterSwapDialog::tr("Required.");
    if (t.startsWith(u'-'))
        return MeterSwapDialog::tr("A register is never negative.");
    if (!number.match(t).hasMatch())
        return MeterSwapDialog::tr("Not a number: digits with a decimal point, e.g. 1234.56.");
    const qsizetype dot = t.indexOf(u'.');
    if (dot >= 0 && t.size() - dot - 1 > 3)
        return MeterSwapDialog::tr("At most three decimals (the meter's register in thousandths).");
    if (dot >= 0 && t.size() - dot - 1 == 0)
        return MeterSwapDialog::tr("A decimal point needs digits after it, e.g. 1234.5.");
    return {};
}

MeterSwapDialog::MeterSwapDialog(api::ServiceClient& client, qint64 meter, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_meterId(meter)
{
    setObjectName(QStringLiteral("meterSwapDialog"));
    setWindowTitle(tr("Swap meter (换表)"));
    m_oldText = new QLabel(tr("Loading the meter…"), this);
    m_oldText->setObjectName(QStringLiteral("swapOldMeter"));
    m_oldText->setWordWrap(true);
    m_oldText->setTextFormat(Qt::PlainText);

    // The old meter's final reading.
    m_finalGroup = new QGroupBox(tr("Final reading of the old meter"), this);
    auto* finalForm = new QFormLayout(m_finalGroup);
    for (const QString& r : kRegisters) {
        const QString key = QStringLiteral("final.") + r;
        QWidget* row = withError(key, addEdit(key, tr("as on its display, e.g. 1234.56")));
        finalForm->addRow(registerName(r) + QLatin1Char(':'), row);
        m_rows.insert(key, row);
    }

    // The successor.
    m_newGroup = new QGroupBox(tr("New meter"), this);
    auto* newForm = new QFormLayout(m_newGroup);
    newForm->addRow(tr("&Nameplate (表号):"), withError(QStringLiteral("nameplate"), addEdit(QStringLiteral("nameplate"), tr("the number on the new meter"))));
    newForm->addRow(tr("&Bus:"), withError(QStringLiteral("bus"), addEdit(QStringLiteral("bus"), QString())));
    m_protocol = new QComboBox(this);
    m_protocol->setObjectName(QStringLiteral("swapProtocol"));
    m_protocol->addItem(tr("Modbus RTU"), QStringLiteral("modbus"));
    m_protocol->addItem(tr("DL/T 645-2007"), QStringLiteral("dlt645"));
    m_protocol->addItem(tr("CJ/T 188 (water, heat)"), QStringLiteral("cjt188"));
    newForm->addRow(tr("&Protocol:"), m_protocol);
    m_map = new QComboBox(this);
    m_map->setObjectName(QStringLiteral("swapMap"));
    for (const protocol::RegisterMap& m : protocol::registerMaps())
        m_map->addItem(QStringLiteral("%1 — %2").arg(QLatin1String(m.key), QString::fromUtf8(m.name)), QLatin1String(m.key));
    newForm->addRow(tr("Register &map:"), m_map);
    newForm->addRow(tr("&Address:"), withError(QStringLiteral("address"), addEdit(QStringLiteral("address"), QString())));
    m_utility = new QLabel(this);
    newForm->addRow(tr("Utility:"), m_utility);

    m_initialGroup = new QGroupBox(tr("Initial reading of the new meter"), this);
    auto* initialForm = new QFormLayout(m_initialGroup);
    for (const QString& r : kRegisters) {
        const QString key = QStringLiteral("initial.") + r;
        QWidget* row = withError(key, addEdit(key, tr("as on its display, e.g. 0.02")));
        initialForm->addRow(registerName(r) + QLatin1Char(':'), row);
        m_rows.insert(key, row);
    }

    auto* swapForm = new QFormLayout;
    m_at = new QDateTimeEdit(this);
    m_at->setObjectName(QStringLiteral("swapAt"));
    m_at->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_at->setCalendarPopup(true);
    m_atShown = QDateTime::currentDateTime();
    m_at->setDateTime(m_atShown);
    m_at->setMaximumDateTime(m_atShown.addSecs(60));
    swapForm->addRow(tr("&Time of the swap:"), withError(QStringLiteral("at"), m_at));
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("swapReason"));
    m_reason->setPlaceholderText(tr("e.g. display broken, meter burnt, upgrade"));
    swapForm->addRow(tr("&Reason:"), m_reason);

    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("swapOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextFormat(Qt::PlainText);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_outcome->font();
    bold.setBold(true);
    m_outcome->setFont(bold);

    auto* buttons = new QDialogButtonBox(this);
    m_swap = buttons->addButton(tr("&Swap meter"), QDialogButtonBox::AcceptRole);
    m_swap->setObjectName(QStringLiteral("swapButton"));
    m_swap->setEnabled(false);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::accepted, this, &MeterSwapDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &MeterSwapDialog::updateRegisterFields);
    connect(m_map, &QComboBox::currentIndexChanged, this, &MeterSwapDialog::updateRegisterFields);

    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(m_finalGroup);
    left->addLayout(swapForm);
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    right->addWidget(m_newGroup);
    right->addWidget(m_initialGroup);
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_oldText);
    layout->addLayout(columns, 1);
    layout->addWidget(m_outcome);
    layout->addWidget(buttons);
    setMinimumWidth(820);

    api::ApiReply* reply = m_client.call(QStringLiteral("meter.get"), {{QStringLiteral("id"), m_meterId}});
    connect(reply, &api::ApiReply::finished, this, &MeterSwapDialog::showOld);
    connect(reply, &api::ApiReply::failed, this, [this](const api::ApiFailure& f) {
        m_oldText->setText(f.message);
        emit loaded();
    });
}

QLineEdit* MeterSwapDialog::addEdit(const QString& key, const QString& placeholder)
{
    auto* e = new QLineEdit(this);
    e->setObjectName(QStringLiteral("swap.") + key);
    e->setPlaceholderText(placeholder);
    m_edits.insert(key, e);
    connect(e, &QLineEdit::textEdited, this, [this, key] { setFieldError(key, {}); });
    return e;
}

QWidget* MeterSwapDialog::withError(const QString& key, QWidget* input)
{
    auto* box = new QWidget(this);
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(1);
    v->addWidget(input);
    auto* error = new QLabel(box);
    error->setObjectName(QStringLiteral("swapError.") + key);
    error->setWordWrap(true);
    error->setTextFormat(Qt::PlainText);
    error->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    error->hide();
    v->addWidget(error);
    m_errors.insert(key, error);
    return box;
}

QString MeterSwapDialog::fieldError(const QString& key) const
{
    const QLabel* l = m_errors.value(key);
    return l && !l->isHidden() ? l->text() : QString();
}

void MeterSwapDialog::setFieldError(const QString& key, const QString& text)
{
    QLabel* l = m_errors.value(key);
    if (!l)
        return;
    l->setText(text);
    l->setVisible(!text.isEmpty());
    if (QLineEdit* e = m_edits.value(key))
        e->setStyleSheet(text.isEmpty() ? QString() : QStringLiteral("border: 1px solid #b71c1c;"));
}

void MeterSwapDialog::clearErrors()
{
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        setFieldError(it.key(), {});
}

void MeterSwapDialog::showOld(const QJsonObject& meter)
{
    m_old = meter;
    const QString utility = meter.value(u"utility").toString();
    const QJsonObject room = meter.value(u"room").toObject();
    const QJsonObject account = meter.value(u"account").toObject();
    const QJsonObject last = meter.value(u"last_reading").toObject();
    QStringList lines;
    lines << tr("Old meter %1 (%2) on %3, address %4")
                 .arg(meter.value(u"nameplate").toString(), utilityName(utility), meter.value(u"bus").toString(),
                      meter.value(u"address").toString());
    lines << (room.isEmpty() ? tr("In no room.") : tr("Room %1.").arg(room.value(u"path").toString()));
    lines << (account.isEmpty() ? tr("No account: the final reading is stored, nothing is billed.")
                                : tr("Account %1 %2: the final reading is billed to it and the new meter joins it.")
                                      .arg(account.value(u"code").toString(), account.value(u"tenant_name").toString()));
    lines << (last.isEmpty() ? tr("Never read.")
                             : tr("Last reading %1 %2 at %3.")
                                   .arg(last.value(u"value").toString(), unitText(utility), localTime(last.value(u"at").toString())));
    m_oldText->setText(lines.join(QLatin1Char('\n')));
    m_utility->setText(tr("%1 (the old meter's)").arg(utilityName(utility)));
    m_edits.value(QStringLiteral("bus"))->setText(meter.value(u"bus").toString());
    // The successor usually takes the old meter's place on the bus: its address is free after the swap.
    m_edits.value(QStringLiteral("address"))->setText(meter.value(u"address").toString());
    if (const int p = m_protocol->findData(meter.value(u"protocol").toString()); p >= 0)
        m_protocol->setCurrentIndex(p);
    if (const int m = m_map->findData(meter.value(u"map").toString()); m >= 0)
        m_map->setCurrentIndex(m);
    updateRegisterFields();
    const bool removed = meter.value(u"state").toString() == u"removed";
    m_swap->setEnabled(!removed);
    if (removed)
        m_outcome->setText(tr("This meter was removed: there is nothing to swap."));
    m_edits.value(QStringLiteral("final.total"))->setFocus();
    emit loaded();
}

void MeterSwapDialog::updateRegisterFields()
{
    const QString utility = m_old.value(u"utility").toString();
    const QStringList oldRegs = meterRegisters(utility, m_old.value(u"protocol").toString(), m_old.value(u"map").toString());
    const QString protocol = m_protocol->currentData().toString();
    m_map->setEnabled(protocol == u"modbus");
    const QStringList newRegs = meterRegisters(utility, protocol, protocol == u"modbus" ? m_map->currentData().toString() : QString());
    for (const QString& r : kRegisters) {
        const QString f = QStringLiteral("final.") + r;
        const QString i = QStringLiteral("initial.") + r;
        static_cast<QFormLayout*>(m_finalGroup->layout())->setRowVisible(m_rows.value(f), oldRegs.contains(r));
        static_cast<QFormLayout*>(m_initialGroup->layout())->setRowVisible(m_rows.value(i), newRegs.contains(r));
        if (!oldRegs.contains(r))
            setFieldError(f, {});
        if (!newRegs.contains(r))
            setFieldError(i, {});
    }
    const QString unit = unitText(utility);
    m_finalGroup->setTitle(tr("Final reading of the old meter (%1)").arg(unit));
    m_initialGroup->setTitle(tr("Initial reading of the new meter (%1)").arg(unit));
}

// Checks every field and names each problem at its field; fills the call's params when all is well.
bool MeterSwapDialog::validate(QJsonObject& params)
{
    clearErrors();
    bool ok = true;
    auto fail = [&](const QString& key, const QString& text) {
        if (ok)
            if (QLineEdit* e = m_edits.value(key))
                e->setFocus();
        if (key == u"at" && ok)
            m_at->setFocus();
        setFieldError(key, text);
        ok = false;
    };
    const QString utility = m_old.value(u"utility").toString();
    const QString protocol = m_protocol->currentData().toString();
    const QString map = protocol == u"modbus" ? m_map->currentData().toString() : QString();
    const QJsonObject last = m_old.value(u"last_reading").toObject();
    auto readingOf = [&](const QString& prefix, const QStringList& regs) {
        QJsonObject o;
        for (const QString& r : regs) {
            const QString key = prefix + r;
            const QString text = m_edits.value(key)->text().trimmed();
            if (const QString problem = registerTextProblem(text); !problem.isEmpty()) {
                fail(key, problem);
                continue;
            }
            o.insert(r, text);
        }
        return o;
    };
    const QJsonObject finalReading = readingOf(QStringLiteral("final."), meterRegisters(utility, m_old.value(u"protocol").toString(),
                                                                                         m_old.value(u"map").toString()));
    if (finalReading.contains(u"total") && !last.isEmpty()
        && milli(finalReading.value(u"total").toString()) < milli(last.value(u"value").toString()))
        fail(QStringLiteral("final.total"), tr("Below the meter's last reading, %1 %2 at %3: read the display again.")
                                                .arg(last.value(u"value").toString(), unitText(utility),
                                                     localTime(last.value(u"at").toString())));
    const QJsonObject initialReading = readingOf(QStringLiteral("initial."), meterRegisters(utility, protocol, map));

    const QString nameplate = m_edits.value(QStringLiteral("nameplate"))->text().trimmed();
    if (nameplate.isEmpty())
        fail(QStringLiteral("nameplate"), tr("Required."));
    else if (nameplate == m_old.value(u"nameplate").toString())
        fail(QStringLiteral("nameplate"), tr("That is the old meter's number: type the new meter's."));
    const QString bus = m_edits.value(QStringLiteral("bus"))->text().trimmed();
    if (bus.isEmpty())
        fail(QStringLiteral("bus"), tr("Required."));
    const QString address = m_edits.value(QStringLiteral("address"))->text().trimmed();
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (address.isEmpty())
        fail(QStringLiteral("address"), tr("Required."));
    else if (!digits.match(address).hasMatch())
        fail(QStringLiteral("address"), tr("Digits only."));
    else if (protocol == u"modbus" && (address.toInt() < 1 || address.toInt() > 247 || address.size() > 3))
        fail(QStringLiteral("address"), tr("A Modbus address is 1 to 247."));
    else if (protocol == u"dlt645" && address.size() != 12)
        fail(QStringLiteral("address"), tr("A DL/T 645 address is the 12 digits on the nameplate (%1 typed).").arg(address.size()));
    else if (protocol == u"cjt188" && address.size() != 14)
        fail(QStringLiteral("address"), tr("A CJ/T 188 address is the 14 digits on the nameplate (%1 typed).").arg(address.size()));

    const QDateTime at = m_at->dateTime();
    const bool atTouched = qAbs(at.secsTo(m_atShown)) >= 60;
    if (at > QDateTime::currentDateTime().addSecs(60))
        fail(QStringLiteral("at"), tr("The swap cannot be in the future."));
    else if (!last.isEmpty() && atTouched) {
        const QDateTime lastAt = QDateTime::fromString(last.value(u"at").toString(), Qt::ISODateWithMs);
        if (lastAt.isValid() && at <= lastAt)
            fail(QStringLiteral("at"), tr("Must be after the meter's last reading (%1).").arg(localTime(last.value(u"at").toString())));
    }
    if (!ok)
        return false;
    QJsonObject newMeter{{QStringLiteral("nameplate"), nameplate},
                         {QStringLiteral("bus"), bus},
                         {QStringLiteral("protocol"), protocol},
                         {QStringLiteral("address"), address},
                         {QStringLiteral("utility"), utility}};
    if (!map.isEmpty())
        newMeter.insert(QStringLiteral("map"), map);
    params = {{QStringLiteral("meter"), m_meterId},
              {QStringLiteral("final_reading"), finalReading},
              {QStringLiteral("new_meter"), newMeter},
              {QStringLiteral("initial_reading"), initialReading},
              {QStringLiteral("reason"), m_reason->text().trimmed()}};
    // Left at its default the swap is "now" on the service's clock (a desk's clock a little
    // ahead would otherwise be refused as the future).
    if (atTouched)
        params.insert(QStringLiteral("at"), at.toUTC().toString(Qt::ISODate));
    return true;
}

void MeterSwapDialog::submit()
{
    if (m_busy || m_done || m_old.isEmpty())
        return;
    QJsonObject params;
    if (!validate(params)) {
        m_outcome->setText(tr("Correct the fields marked in red."));
        m_outcome->setStyleSheet(QStringLiteral("color: #b71c1c;"));
        growToFit();
        return;
    }
    m_busy = true;
    m_swap->setEnabled(false);
    m_outcome->setText(tr("Swapping…"));
    m_outcome->setStyleSheet(QString());
    // Not resent on a reconnect: a swap that went through would be refused the second time
    // (the old meter is removed), which says the wrong thing.
    api::ApiReply* reply = m_client.call(QStringLiteral("meter.swap"), params, api::ServiceClient::Resend::No);
    connect(reply, &api::ApiReply::finished, this, [this](const QJsonObject& result) {
        m_busy = false;
        m_done = true;
        const QJsonObject billed = result.value(u"final_reading").toObject();
        const QJsonObject newMeter = result.value(u"new_meter").toObject();
        const QJsonObject account = newMeter.value(u"account").toObject();
        const QString status = billed.value(u"status").toString();
        QString money;
        if (status == u"billed")
            money = tr("The final reading was billed: %1 yuan deducted (transaction %2), balance now %3 yuan.")
                        .arg(billed.value(u"charged").toString())
                        .arg(billed.value(u"transaction").toInteger())
                        .arg(billed.value(u"balance").toString());
        else if (status == u"baseline")
            money = tr("The final reading was the old meter's first: it is stored, nothing was billed.");
        else if (status == u"not-billed")
            money = tr("The account has no collection settings (tariff): the final reading is stored, nothing was billed.");
        else if (status == u"unassigned")
            money = tr("The meter belongs to no account: the final reading is stored, nothing was billed.");
        else
            money = tr("Final reading: %1, %2 yuan.").arg(status, billed.value(u"charged").toString());
        QString text = tr("Done. Meter %1 is removed; meter %2 is installed")
                           .arg(m_old.value(u"nameplate").toString(), newMeter.value(u"nameplate").toString());
        if (!account.isEmpty())
            text += tr(" on account %1").arg(account.value(u"code").toString());
        text += QStringLiteral(".\n") + money;
        if (result.value(u"billing_state_carried").toBool())
            text += QLatin1Char('\n') + tr("The tariff position (ladder tier, year to date) continues on the new meter.");
        for (const QJsonValue& w : result.value(u"warnings").toArray())
            text += QLatin1Char('\n') + tr("Note: %1").arg(w.toObject().value(u"message").toString());
        m_outcome->setText(text);
        m_outcome->setStyleSheet(QStringLiteral("color: #1b5e20;"));
        growToFit();
        for (QLineEdit* e : std::as_const(m_edits))
            e->setReadOnly(true);
        emit swapped(result);
    });
    connect(reply, &api::ApiReply::failed, this, &MeterSwapDialog::onRefused);
}

// The error lines make the form taller: the dialog grows rather than squeezing them.
void MeterSwapDialog::growToFit()
{
    layout()->activate();
    const QSize want = sizeHint();
    if (want.height() > height() || want.width() > width())
        resize(qMax(width(), want.width()), qMax(height(), want.height()));
}

void MeterSwapDialog::onRefused(const api::ApiFailure& f)
{
    m_busy = false;
    m_swap->setEnabled(true);
    QString text = f.message;
    if (f.isService(kMeterInUse)) {
        const QString clash = tr("Another meter has this nameplate or this bus address (the service's answer is below).");
        setFieldError(QStringLiteral("nameplate"), clash);
        setFieldError(QStringLiteral("address"), clash);
    } else if (f.isService(kMeterRemoved)) {
        text = tr("The meter was already removed (perhaps swapped from another desk): nothing was changed.\n%1").arg(f.message);
        m_swap->setEnabled(false);
    }
    m_outcome->setText(tr("The service refused the swap; nothing was changed:\n%1").arg(text));
    m_outcome->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    growToFit();
    emit refused(f.message);
}

} // namespace md::app

#include "state_legend.h"

#include "meter_row.h"

#include <QHBoxLayout>
#include <QLabel>

namespace md::app {

StateLegend::StateLegend(QWidget* parent)
    : QWidget(parent)
{
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Legend:"), this));
    for (int i = 0; i < int(AccountState::Count); ++i) {
        const auto s = AccountState(i);
        auto* swatch = new QLabel(stateName(s), this);
        swatch->setStyleSheet(QStringLiteral("background: %1; color: black; padding: 2px 8px; border: 1px solid #999;")
                                  .arg(stateColor(s).name()));
        row->addWidget(swatch);
        m_swatches.append(swatch);
    }
    row->addStretch(1);
}

void StateLegend::setCounts(const QJsonObject& counts)
{
    QList<int> n(int(AccountState::Count), 0);
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        if (it.key() == u"removed")
            continue;
        n[int(meterStateFromKey(it.key()))] += it.value().toInt();
    }
    for (int i = 0; i < int(AccountState::Count); ++i) {
        const QString name = stateName(AccountState(i));
        m_swatches.at(i)->setText(counts.isEmpty() ? name : tr("%1: %2").arg(name).arg(n.at(i)));
    }
}

QString StateLegend::swatchText(AccountState state) const
{
    return m_swatches.at(int(state))->text();
}

} // namespace md::app

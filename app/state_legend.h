#pragma once

#include "account_model.h"

#include <QJsonObject>
#include <QWidget>

class QLabel;

namespace md::app {

// The colour legend under a grid: one swatch per state, with the number of rows in that state
// when the grid has counts (the meter list's).
class StateLegend : public QWidget
{
    Q_OBJECT

public:
    explicit StateLegend(QWidget* parent = nullptr);
    // meter.list's "counts" (state key → number); an empty object hides the numbers.
    void setCounts(const QJsonObject& counts);
    QString swatchText(AccountState state) const;

private:
    QList<QLabel*> m_swatches;
};

} // namespace md::app

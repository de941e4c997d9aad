#pragma once

// Shared looks of the QCustomPlot charts (live plots, results): fonts big enough to project, metric colours that
// stay the same across charts and runs, and the class palette.

#include <QColor>
#include <QString>

class QCustomPlot;

namespace ts::ui::plotstyle {

/// Applies fonts, grid, margins and an inset legend; adds a title row when `title` is not empty.
void apply(QCustomPlot* plot, const QString& title);
/// A metric's colour, fixed per name ("target_accuracy" is always the same red).
QColor metricColor(const QString& metric);
/// Human-readable metric name for legends, e.g. "label_loss" -> "Label loss", "lr" -> "Learning rate".
QString metricTitle(const QString& metric);
/// Colour of class `index` (Tableau 10, then generated hues); grey for -1.
QColor classColor(int index);

} // namespace ts::ui::plotstyle

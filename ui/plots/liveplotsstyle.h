#pragma once

// Internal to LivePlots' source files (liveplots*.cpp): how series are keyed and overlays dashed.

#include <QString>
#include <Qt>

namespace ts::ui::liveplots {

/// Prefix of the series key of a per-epoch metric ("epoch/target_accuracy"); per-step keys are the metric.
inline const QString kEpochPrefix = QStringLiteral("epoch/");
/// The phase charts show by default: the target training.
inline const QString kMainPhase = QStringLiteral("train");
/// Pen styles of the overlaid runs, in turn.
constexpr Qt::PenStyle kOverlayStyles[] = {Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};

} // namespace ts::ui::liveplots

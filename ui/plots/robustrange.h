#pragma once

#include <QVector>

namespace ts::ui {

/// A y range that one spike cannot flatten: the largest value, unless the top 2 % of the values (at least
/// one) lie far above the rest, then just above the rest. Values outside the range are drawn clipped.
struct RobustRange {
    double lower = 0;
    double upper = 1;
    bool clipped = false; // some values lie above `upper`
};

/// The range of `values` (non-finite ones ignored). A value counts as a spike when it lies more than
/// kSpikeFactor times (the largest value left after dropping the top 2 %, or their spread) above that value;
/// `upper` then is the largest value that is no spike plus a kClipMargin share of the range. Without spikes
/// it spans all values. Empty input gives {0, 1}.
RobustRange robustRange(QVector<double> values);

inline constexpr double kSpikeFactor = 3.0;
inline constexpr double kClipMargin = 0.15; // of the kept range, above it

} // namespace ts::ui

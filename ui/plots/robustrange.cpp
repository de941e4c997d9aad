#include "ui/plots/robustrange.h"

#include <algorithm>
#include <cmath>

namespace ts::ui {

RobustRange robustRange(QVector<double> values)
{
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
                 values.end());
    if (values.isEmpty())
        return {};
    std::sort(values.begin(), values.end());
    RobustRange r;
    r.lower = values.first();
    r.upper = values.last();
    const int n = int(values.size());
    const int dropped = std::max(1, n / 50);
    if (n - dropped < 3)
        return r; // too few points to call any of them a spike
    const double kept = values[n - dropped - 1];
    const double span = std::max(kept - r.lower, std::abs(kept) * 1e-3);
    // A spike is far above the rest both relative to the kept values and to their spread (losses near 0).
    const double threshold = kept + kSpikeFactor * std::max(std::abs(kept), span);
    if (r.upper > threshold) {
        const double top = *(std::upper_bound(values.begin(), values.end(), threshold) - 1); // the largest non-spike
        r.upper = top + kClipMargin * std::max(top - r.lower, std::abs(top) * 0.1);
        r.clipped = true;
    }
    return r;
}

} // namespace ts::ui

#pragma once

namespace ts::ui {

/// Registers the value types that travel through queued signals (LayerBlock, MetricPoint, ...). Call once
/// before any worker starts; calling again is harmless.
void registerMetaTypes();

} // namespace ts::ui

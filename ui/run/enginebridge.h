#pragma once

// The few engine calls the widgets need, behind a torch-free header: strategy descriptions, data checks,
// the network preview, and JSON conversions between nlohmann::json and Qt.

#include "ui/forms/strategydescription.h"
#include "ui/run/uitypes.h"

#include <nlohmann/json_fwd.hpp>

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ts::engine {
struct Experiment;
}

namespace ts::ui::bridge {

/// Every registered strategy, in the engine's display order, its texts in the UI language (cached after the
/// first call, so the translators must be installed before).
const QVector<StrategyDescription>& strategies();
/// The strategy called `name`, or nullptr.
const StrategyDescription* findStrategy(const QString& name);

/// The built-in backbone names.
QStringList backbones();

/// The experiment's network as diagram blocks. Freeze names the network lacks are left out of the blocks
/// and listed in `unknownFrozen`; any other failure returns no blocks and sets `error`.
QVector<LayerBlock> previewLayers(const engine::Experiment& experiment, QString* error = nullptr,
                                  QStringList* unknownFrozen = nullptr);

/// The baselines the experiment's strategy is compared with ("scratch", "source only", ..., translated); empty for the
/// baselines themselves.
QStringList baselineTitles(const engine::Experiment& experiment);
/// A summary's "baseline" comparison in one line, in the UI language, e.g. "fine-tuning 93.1 % vs scratch 88.0 %: +5.1
/// points";
/// "" when there is nothing to compare.
QString gainSentence(const QJsonObject& comparison);

QJsonValue toQt(const nlohmann::json& value);
nlohmann::json fromQt(const QJsonValue& value);

/// A copy of the experiment to be saved in `newDir`, every relative path (datasets, pretrained model, the
/// strategies' path options such as zeroshot.attributes) rewritten to name the same file from there.
engine::Experiment rebasedExperiment(const engine::Experiment& experiment, const QString& newDir);

/// The experiment as the JSON text the CLI reads (indented).
QString experimentText(const engine::Experiment& experiment);

} // namespace ts::ui::bridge

#pragma once

// The run table across restarts. Every run the window trains has a folder (TrainingController::runsRoot()) with
// the engine's summary.json; beside it the window keeps window-run.json: the row's name, freeze set, seed,
// baseline text and curves, so that a restarted window shows the same table and can overlay the same curves.

#include "ui/plots/runrecord.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace ts::ui::runstore {

/// The file the window writes into each run folder.
inline constexpr char kRecordFile[] = "window-run.json";

/// Writes run's row into run.dir atomically. False when run.dir is empty or the file cannot be written.
bool save(const RunRecord& run);
/// Marks run.dir's row as removed from the table, so that it is not restored; the run folder stays.
bool forget(const RunRecord& run);
/// The runs kept under `root`, oldest first: each run folder with a summary.json and then its baselines'
/// sub-folders, at most the newest `limit` runs. Folders without a window-run.json (the CLI's, older versions')
/// are described from summary.json and experiment.json. Unreadable folders are skipped.
QVector<RunRecord> load(const QString& root, int limit = 100);

/// For a run cut short (summary "status" is "cancelled" or "diverged"): how far it got, e.g. "stopped at epoch
/// 3 of 20", and its last epoch's metrics in a sentence; both empty for a run that finished.
void describeCutShort(const QJsonObject& summary, QString* progress, QString* lastMetrics);

} // namespace ts::ui::runstore

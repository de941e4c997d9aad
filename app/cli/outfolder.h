#pragma once

#include <string>

namespace ts::cli {

/// Checks --out before a run or a comparison writes into it. An empty name, and a folder that holds an
/// earlier run's files, are refused (InputError) so that two runs never mix their outputs; with `force` those
/// files are removed first. The folder's lock is taken while this looks, so a folder another run is writing
/// to is refused as "in use", --force or not. A missing folder, or one holding only what a run leaves before it
/// has a result (the lock file, metrics.jsonl, experiment.json: a rejected run), passes as it is.
void prepareOutFolder(const std::string& dir, bool force);

} // namespace ts::cli

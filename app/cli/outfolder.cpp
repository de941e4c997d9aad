#include "outfolder.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"

#include <cstdio>
#include <filesystem>
#include <set>
#include <vector>

namespace fs = std::filesystem;

namespace ts::cli {

namespace {

const char* const kLockName = ".transfer-studio.lock";

// What a run leaves before it has a result (the lock, its log, its copy of the experiment): a run that was
// rejected, or killed before writing anything else. The next run replaces all three, so nothing mixes.
bool leftByRunWithoutResult(const fs::directory_entry& entry)
{
    const std::string name = entry.path().filename().string();
    std::error_code ec;
    return (name == kLockName || name == "experiment.json" || name == "metrics.jsonl") && entry.is_regular_file(ec);
}

// A folder that a run or a comparison wrote: it holds a run's outputs, or folders that do.
bool looksLikeRunFolder(const fs::path& dir)
{
    static const std::set<std::string> outputs = {kLockName,         "summary.json", "metrics.jsonl", "model.pt",
                                                  "experiment.json", "results.md",   "results.csv"};
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (outputs.count(name) || (entry.is_directory(ec) && fs::exists(entry.path() / kLockName, ec)))
            return true;
    }
    return false;
}

} // namespace

void prepareOutFolder(const std::string& dir, bool force)
{
    if (dir.empty())
        throw engine::InputError("--out must name a folder, got an empty string");
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return; // a new folder; or a file, which the run names when it cannot create the folder
    const bool runFolder = looksLikeRunFolder(dir); // before the lock below adds its file
    const engine::FolderLock lock(dir);
    std::vector<fs::path> earlier;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (!leftByRunWithoutResult(entry))
            earlier.push_back(entry.path());
    if (ec)
        throw engine::InputError("--out: cannot read folder '" + dir + "': " + ec.message());
    if (earlier.empty())
        return;
    std::string names;
    for (std::size_t i = 0; i < earlier.size() && i < 3; ++i)
        names += (i ? ", " : "") + earlier[i].filename().string();
    if (earlier.size() > 3)
        names += ", ...";
    if (!force)
        throw engine::InputError("--out: folder '" + dir + "' is not empty (" + names +
                                 "); choose a new folder, or pass --force to replace what an earlier run left there");
    // --force deletes, so only what a run or a comparison wrote: never a home folder given by mistake.
    if (!runFolder)
        throw engine::InputError("--out: folder '" + dir + "' is not empty (" + names +
                                 ") and holds no earlier run's outputs; --force replaces only a run folder, so "
                                 "choose a new folder");
    for (const auto& path : earlier) {
        fs::remove_all(path, ec);
        if (ec)
            throw engine::InputError("--force: cannot remove '" + path.string() + "': " + ec.message());
    }
    std::fprintf(stderr, "--force: removed %zu entries an earlier run left in %s\n", earlier.size(), dir.c_str());
}

} // namespace ts::cli

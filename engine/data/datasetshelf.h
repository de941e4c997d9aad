#pragma once

// Datasets one run has read, for the runs that follow it in the same command: a strategy's baselines, or the
// variants of `compare`. The same spec (paths resolved), input and seed read the same images, so a later run
// takes the dataset instead of listing and decoding the folder again (the image cache spares the decoding, not
// the listing and the check of every file). Files may change between two commands, which the image cache
// notices and a shelf would not: keep a shelf for one command only.

#include "engine/data/dataset.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace ts::engine {

/// A thread-safe store of datasets by what decides their contents.
class DatasetShelf {
public:
    /// The dataset put under the same `spec`, `input` and `seed` (the seed counts only with labeled_per_class,
    /// the one part of loading that draws with it), or nullopt. It shares its tensors with the
    /// shelf; no reader changes a loaded dataset in place.
    std::optional<Dataset> find(const DatasetSpec& spec, const InputSpec& input, std::uint64_t seed) const;
    /// Keeps `data`, read under `spec` (paths resolved), `input` and `seed`.
    void put(const DatasetSpec& spec, const InputSpec& input, std::uint64_t seed, const Dataset& data);
    /// Datasets held.
    std::size_t size() const;

private:
    static std::string key(const DatasetSpec& spec, const InputSpec& input, std::uint64_t seed);

    mutable std::mutex m_mutex;
    std::map<std::string, Dataset> m_datasets;
};

} // namespace ts::engine

#include "engine/data/datasetshelf.h"

namespace ts::engine {

std::string DatasetShelf::key(const DatasetSpec& spec, const InputSpec& input, std::uint64_t seed)
{
    Experiment e; // defaults elsewhere: only what loadDataset reads tells two keys apart
    e.source = spec;
    e.input = input;
    // loadDataset draws with the seed only to pick the labels of labeled_per_class; elsewhere the variants of
    // `compare` over several seeds share their datasets.
    e.train.seed = spec.labeledPerClass >= 0 ? seed : 0;
    return toJson(e).dump();
}

std::optional<Dataset> DatasetShelf::find(const DatasetSpec& spec, const InputSpec& input, std::uint64_t seed) const
{
    const auto k = key(spec, input, seed);
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_datasets.find(k);
    if (it == m_datasets.end())
        return std::nullopt;
    return it->second;
}

void DatasetShelf::put(const DatasetSpec& spec, const InputSpec& input, std::uint64_t seed, const Dataset& data)
{
    const auto k = key(spec, input, seed);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_datasets[k] = data;
}

std::size_t DatasetShelf::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_datasets.size();
}

} // namespace ts::engine

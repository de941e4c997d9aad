#pragma once

#include <string>
#include <vector>

namespace ts::engine {

/// Experiment keys that hold strategy options ("dann", "zeroshot", ...). Declared apart from strategies/strategy.h
/// so that experiment.cpp does not pull in LibTorch.
std::vector<std::string> strategySectionNames();

} // namespace ts::engine

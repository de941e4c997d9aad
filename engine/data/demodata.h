#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ts::engine {

/// Folder names of the Fashion-MNIST labels 0..9, in label order.
const std::vector<std::string>& fashionClassNames();

/// The demo experiment files as (file name, JSON), with paths relative to the demo directory. Strategies
/// add their own demo here.
std::vector<std::pair<std::string, nlohmann::json>> demoExperiments();

/// The "notes" of a demo experiment ("finetune", "dann", ...): what to look for, in English ("en") and
/// Simplified Chinese ("zh_CN"); an empty object for an unknown name.
nlohmann::json demoNotes(const std::string& demo);

/// Builds the demo data in `dir` from Debian packages: Fashion-MNIST as PNG folders (fashion/{train,test}/<class>/),
/// an MNIST-M-style colour copy blended with photo crops (fashion-m/...), and the demoExperiments() files.
/// perClassTrain / perClassTest <= 0 keep every image. Seeded and deterministic. `log` (may be empty) gets
/// progress lines. Throws InputError naming a missing package file and its Debian package, a folder in the way,
/// or a write failure; InputError "demo-data needs OpenCV" in a build without OpenCV.
void buildDemoData(const std::string& dir, int perClassTrain, int perClassTest, std::uint64_t seed,
                   const std::function<void(const std::string&)>& log);

} // namespace ts::engine

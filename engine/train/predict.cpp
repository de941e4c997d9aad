#include "engine/train/predict.h"

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/imageio.h"
#include "engine/nn/export.h"
#include "engine/strategies/strategyutil.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <locale>
#include <sstream>

namespace fs = std::filesystem;

namespace ts::engine {

std::string runClassifierFile(const std::string& path)
{
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return path; // readExportedModel names it when it is not a file or not an exported classifier
    const auto file = (fs::path(path) / "model.ts.pt").string();
    if (fs::is_regular_file(file, ec))
        return file;
    std::string why = "it holds no model.ts.pt";
    std::ifstream summary(fs::path(path) / "summary.json");
    if (summary) {
        try {
            const auto s = nlohmann::json::parse(summary);
            if (s.contains("torchscript_model") && s["torchscript_model"].is_object())
                why = "its run wrote no model.ts.pt: " + s["torchscript_model"].value("skipped", std::string());
            else if (!s.contains("torchscript_model"))
                why = "it holds no model.ts.pt (made by a version before export, or the run did not finish); "
                      "run the experiment again";
        } catch (const nlohmann::json::exception&) {
        }
    } else {
        why = "it is not a run folder (no summary.json, no model.ts.pt)";
    }
    throw InputError("'" + path + "': " + why);
}

FolderPredictions predictFolder(const std::string& model, const std::string& folder,
                                const std::function<void(const std::string&)>& onSkipped)
{
    const auto info = readExportedModel(model);
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw InputError("image folder '" + folder + "' does not exist or is not a folder");
    std::vector<fs::path> files;
    const auto& known = imageExtensions();
    for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec))
            continue;
        std::string ext = it->path().extension().string();
        if (ext.size() < 2)
            continue;
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        if (std::find(known.begin(), known.end(), ext.substr(1)) != known.end())
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    FolderPredictions out;
    std::vector<torch::Tensor> images;
    const int channels = static_cast<int>(info.inputShape[0]);
    for (const auto& file : files) {
        std::string error;
        auto image = decodeImage(file.string(), channels, static_cast<int>(info.inputShape[1]),
                                 static_cast<int>(info.inputShape[2]), error);
        const std::string rel = fs::relative(file, folder, ec).generic_string();
        if (!image.defined()) {
            out.skipped.push_back(rel + ": " + error);
            if (onSkipped)
                onSkipped(file.string() + ": " + error);
            continue;
        }
        images.push_back(image);
        out.files.push_back(rel);
    }
    if (images.empty())
        throw InputError("image folder '" + folder + "' holds no readable image (" + std::to_string(files.size()) +
                         " image files found; extensions: png, jpg, jpeg, bmp, tif, tiff, webp, pgm, ppm)");
    const auto probs = runExportedModel(model, torch::stack(images));
    const auto [best, index] = probs.max(1);
    const auto bestCpu = best.to(torch::kCPU, torch::kDouble).contiguous();
    const auto indexCpu = index.to(torch::kCPU, torch::kLong).contiguous();
    const auto* bestAt = bestCpu.data_ptr<double>();
    const auto* indexAt = indexCpu.data_ptr<std::int64_t>(); // pointers: item() per image costs microseconds
    for (std::int64_t i = 0; i < probs.size(0); ++i) {
        const auto k = indexAt[i];
        out.classes.push_back(k >= 0 && k < static_cast<std::int64_t>(info.classes.size())
                                  ? info.classes[static_cast<size_t>(k)]
                                  : std::to_string(k));
        out.probability.push_back(bestAt[i]);
    }
    return out;
}

std::string predictionsCsv(const FolderPredictions& predictions)
{
    std::ostringstream text;
    text.imbue(std::locale::classic()); // a decimal point whatever the user's locale
    text << "file,class,probability\n" << std::fixed << std::setprecision(6);
    for (size_t i = 0; i < predictions.files.size(); ++i)
        text << csvField(predictions.files[i]) << "," << csvField(predictions.classes[i]) << ","
             << predictions.probability[i] << "\n";
    return text.str();
}

} // namespace ts::engine

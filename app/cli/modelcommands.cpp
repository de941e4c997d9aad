// Commands about trained models: exporting a run's classifier and classifying a folder with it.

#include "args.h"
#include "commands.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/data/imageio.h"
#include "engine/nn/export.h"
#include "engine/train/predict.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace ts::cli {

int exportCommand(const Args& args)
{
    const std::string out = args.get("--out");
    if (out.empty())
        throw engine::InputError("--out must name the file to write, e.g. --out model.ts.pt");
    const std::string model = engine::runClassifierFile(args.positional());
    std::ifstream in(model, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in)
        throw engine::InputError("cannot read '" + model + "'");
    engine::writeFileAtomic(out, bytes.str());
    const auto info = engine::readExportedModel(out);
    std::printf("wrote %s: TorchScript classifier of %zu classes for %lldx%lldx%lld input, preprocessing inside\n",
                out.c_str(), info.classes.size(), static_cast<long long>(info.inputShape[0]),
                static_cast<long long>(info.inputShape[1]), static_cast<long long>(info.inputShape[2]));
    std::printf("python: m = torch.jit.load('%s'); probs = m(images).softmax(1)  # images: float NCHW in [0, 1]\n",
                out.c_str());
    return 0;
}

int predictCommand(const Args& args)
{
    const auto& positionals = args.positionals();
    const std::string model = engine::runClassifierFile(positionals.at(0));
    const std::string folder = positionals.at(1);
    const std::string out = args.get("--out", "predictions.csv");
    const auto result = engine::predictFolder(model, folder, [](const std::string& skipped) {
        std::fprintf(stderr, "warning: skipped %s\n", skipped.c_str());
    });
    engine::writeFileAtomic(out, engine::predictionsCsv(result));
    std::printf("classified %zu images of %s into %s", result.files.size(), folder.c_str(), out.c_str());
    if (!result.skipped.empty())
        std::printf(" (%zu files skipped)", result.skipped.size());
    std::printf("\n");
    return 0;
}

} // namespace ts::cli

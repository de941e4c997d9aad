// The demo experiment files that `transfer-studio-cli demo-data` writes next to the data (engine/data/demodata.h).

#include "engine/data/demodata.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ts::engine {

namespace {

nlohmann::json folderSpec(const std::string& path, const std::vector<std::string>& classes)
{
    nlohmann::json spec{{"format", "folder"}, {"path", path}};
    if (!classes.empty())
        spec["classes"] = classes;
    return spec;
}

nlohmann::json trainSection(int epochs)
{
    return {{"epochs", epochs},        {"batch_size", 64},  {"lr", 0.001},
            {"optimizer", "adam"},     {"seed", 1},         {"early_stopping_patience", 0},
            {"backbone_lr_mult", 0.1}, {"source_epochs", 3}};
}

// Zero-shot and self-taught demos: Fashion-MNIST classes only, grey 28x28, lenet.
std::vector<std::pair<std::string, nlohmann::json>> attributeAndUnlabeledDemos()
{
    const auto& all = fashionClassNames();
    const std::vector<std::string> clothes(all.begin(), all.begin() + 5);
    const std::vector<std::string> shoesAndBags(all.begin() + 5, all.end());
    const nlohmann::json input{{"size", {28, 28}}, {"channels", 1}};
    const nlohmann::json model{{"backbone", "lenet"}, {"pretrained", ""}};

    // Zero-shot: attributes learned on 7 seen classes name 3 classes never shown (target labels only score it).
    auto seen = folderSpec("fashion/train", {"T-shirt", "Dress", "Coat", "Shirt", "Sneaker", "Bag", "Ankle_boot"});
    seen["limit_per_class"] = 1000;
    nlohmann::json zeroshot{
        {"name", "Zero-shot: attributes from 7 classes name Trouser, Pullover and Sandal"},
        {"strategy", "zeroshot"},
        {"source", seen},
        {"target", folderSpec("fashion/test", {"Trouser", "Pullover", "Sandal"})},
        {"input", input},
        {"model", model},
        {"train", trainSection(5)},
        {"zeroshot", {{"attributes", "fashion_attributes.csv"}, {"method", "dap"}, {"loss", "auto"}}},
        {"device", "cpu"}};

    // Self-taught: an autoencoder on clothes images (their labels are ignored), then 10 labels per class of
    // shoes and bags.
    auto unlabeledClothes = folderSpec("fashion/train", clothes);
    unlabeledClothes["limit_per_class"] = 1000;
    auto target = folderSpec("fashion/train", shoesAndBags);
    target["labeled_per_class"] = 10;
    target["limit_per_class"] = 200;
    nlohmann::json selftaught{
        {"name", "Self-taught: features from unlabeled clothes, 10 labels per class of shoes and bags"},
        {"strategy", "selftaught"},
        {"source", unlabeledClothes},
        {"target", target},
        {"target_test", folderSpec("fashion/test", shoesAndBags)},
        {"input", input},
        {"model", model},
        {"train", trainSection(30)},
        {"selftaught",
         {{"autoencoder_epochs", 5},
          {"noise", 0.3},
          {"sparsity", 0.0},
          {"finetune_encoder", false},
          {"representation", "autoencoder"}}},
        {"device", "cpu"}};

    // Self-taught clustering: the same features group 1000 shoe and bag images into 5 clusters.
    auto clusterTarget = folderSpec("fashion/test", shoesAndBags);
    clusterTarget["limit_per_class"] = 200;
    nlohmann::json clustering{{"name", "Self-taught clustering: shoes and bags with features from unlabeled clothes"},
                              {"strategy", "selftaught_clustering"},
                              {"source", unlabeledClothes},
                              {"target", clusterTarget},
                              {"input", input},
                              {"model", model},
                              {"train", trainSection(5)},
                              {"clustering",
                               {{"k", 5},
                                {"restarts", 10},
                                {"max_iterations", 100},
                                {"compare_baselines", true},
                                {"autoencoder_epochs", 5},
                                {"noise", 0.3},
                                {"sparsity", 0.0}}},
                              {"device", "cpu"}};
    return {{"zeroshot.json", zeroshot}, {"selftaught.json", selftaught}, {"selftaught_clustering.json", clustering}};
}

} // namespace

const std::vector<std::string>& fashionClassNames()
{
    static const std::vector<std::string> names{"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                                                "Sandal",  "Shirt",   "Sneaker",  "Bag",   "Ankle_boot"};
    return names;
}

std::vector<std::pair<std::string, nlohmann::json>> demoExperiments()
{
    const auto& all = fashionClassNames();
    const std::vector<std::string> clothes(all.begin(), all.begin() + 5);
    const std::vector<std::string> shoesAndBags(all.begin() + 5, all.end());

    // Transfer between disjoint classes: pretrain on clothes, then learn shoes and bags from 10 labels each.
    auto source = folderSpec("fashion/train", clothes);
    source["limit_per_class"] = 1000;
    auto target = folderSpec("fashion/train", shoesAndBags);
    target["labeled_per_class"] = 10;
    target["limit_per_class"] = 200;
    const nlohmann::json input{{"size", {28, 28}}, {"channels", 1}};
    const nlohmann::json model{{"backbone", "lenet"}, {"pretrained", ""}};

    nlohmann::json finetune{{"name", "Fine-tune: clothes -> shoes and bags, 10 labels per class"},
                            {"strategy", "finetune"},
                            {"source", source},
                            {"target", target},
                            {"target_test", folderSpec("fashion/test", shoesAndBags)},
                            {"input", input},
                            {"model", model},
                            {"freeze", {"conv1"}},
                            {"train", trainSection(30)},
                            {"device", "cpu"}};
    // A head that learns at 1e-3 for 30 steps does not converge; 3e-3 with the backbone at 0.3x did best of
    // the settings tried (docs/RESULTS.md).
    finetune["train"]["lr"] = 0.003;
    finetune["train"]["backbone_lr_mult"] = 0.3;
    nlohmann::json scratch = finetune;
    scratch["name"] = "From scratch: shoes and bags, 10 labels per class";
    scratch["strategy"] = "scratch";
    scratch.erase("freeze");

    // Domain shift: the same ten classes, grey Fashion-MNIST -> colour Fashion-M.
    auto fashion = folderSpec("fashion/train", {});
    fashion["limit_per_class"] = 1000;
    nlohmann::json sourceOnly{{"name", "Source only: Fashion -> Fashion-M (domain shift)"},
                              {"strategy", "source_only"},
                              {"source", fashion},
                              {"target_test", folderSpec("fashion-m/test", {})},
                              {"input", {{"size", {28, 28}}, {"channels", 3}}},
                              {"model", model},
                              {"train", trainSection(5)},
                              {"device", "cpu"}};
    // DANN: the same shift, with the colour training images as unlabeled target (their labels are not used).
    auto fashionSource = folderSpec("fashion/train", {});
    fashionSource["limit_per_class"] = 2000;
    auto fashionMTarget = folderSpec("fashion-m/train", {});
    fashionMTarget["limit_per_class"] = 2000;
    fashionMTarget["labeled_per_class"] = 0;
    nlohmann::json dann{{"name", "DANN: Fashion -> Fashion-M (unlabeled target)"},
                        {"strategy", "dann"},
                        {"source", fashionSource},
                        {"target", fashionMTarget},
                        {"target_test", folderSpec("fashion-m/test", {})},
                        {"input", {{"size", {28, 28}}, {"channels", 3}}},
                        {"model", {{"backbone", "dann_digits"}, {"pretrained", ""}}},
                        {"train", trainSection(5)},
                        // The paper's layout: the domain classifier reads the conv features (conv2), and the
                        // label predictor is fc1, fc2 and head.
                        {"dann",
                         {{"branch", "conv2"},
                          {"domain_hidden", 100},
                          {"schedule", "paper"},
                          {"gamma", 10.0},
                          {"lambda_max", 1.0},
                          {"anneal_lr", true}}},
                        {"device", "cpu"}};

    // Multitask: clothes (task A, many labels) and shoes and bags (task B, 10 labels per class) share a trunk.
    nlohmann::json multitask = finetune;
    multitask["name"] = "Multitask: clothes + shoes and bags (10 labels per class), shared trunk";
    multitask["strategy"] = "multitask";
    multitask.erase("freeze");
    multitask["train"] = trainSection(10);
    multitask["multitask"] = {{"mode", "alternate"}, {"weights", {1.0, 1.0}}};
    std::vector<std::pair<std::string, nlohmann::json>> list{{"finetune.json", finetune},
                                                             {"scratch.json", scratch},
                                                             {"source_only.json", sourceOnly},
                                                             {"dann.json", dann},
                                                             {"multitask.json", multitask}};
    for (auto& demo : attributeAndUnlabeledDemos())
        list.push_back(std::move(demo));
    return list;
}

} // namespace ts::engine

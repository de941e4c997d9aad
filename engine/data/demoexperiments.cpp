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
    seen["limit_per_class"] = 500;
    auto unseenTarget = folderSpec("fashion/test", {"Trouser", "Pullover", "Sandal"});
    unseenTarget["limit_per_class"] = 300;
    nlohmann::json zeroshot{
        {"name", "Zero-shot: attributes from 7 classes name Trouser, Pullover and Sandal"},
        {"strategy", "zeroshot"},
        {"source", seen},
        {"target", unseenTarget},
        {"input", input},
        {"model", model},
        {"train", trainSection(5)},
        {"zeroshot", {{"attributes", "fashion_attributes.csv"}, {"method", "cosine"}, {"loss", "auto"}}},
        {"device", "cpu"},
        {"with_baseline", true},
        {"notes", demoNotes("zeroshot")}};

    // Self-taught: rotation prediction on clothes images (their labels are ignored), then a linear classifier
    // on the second convolution's features from 10 labels per class of shoes, bags and shirts.
    auto unlabeledClothes = folderSpec("fashion/train", clothes);
    unlabeledClothes["limit_per_class"] = 1000;
    auto target = folderSpec("fashion/train", shoesAndBags);
    target["labeled_per_class"] = 10;
    target["limit_per_class"] = 200;
    auto selftaughtTest = folderSpec("fashion/test", shoesAndBags);
    selftaughtTest["limit_per_class"] = 400;
    nlohmann::json selftaught{
        {"name", "Self-taught: features from unlabeled clothes, 10 labels per class of shoes and bags"},
        {"strategy", "selftaught"},
        {"source", unlabeledClothes},
        {"target", target},
        {"target_test", selftaughtTest},
        {"input", input},
        {"model", model},
        {"train", trainSection(30)},
        {"selftaught",
         {{"representation", "rotation"},
          {"rotation_epochs", 5},
          {"feature_layer", "conv2"},
          {"finetune_encoder", false}}},
        {"device", "cpu"},
        {"with_baseline", true},
        {"notes", demoNotes("selftaught")}};

    // Self-taught clustering: the same kind of features (standardised) group 1000 shoe and bag images into 5
    // clusters.
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
                                {"representation", "rotation"},
                                {"rotation_epochs", 5},
                                {"feature_layer", "conv2"},
                                {"normalize", "standardize"}}},
                              {"device", "cpu"},
                              {"with_baseline", true},
                              {"notes", demoNotes("selftaught_clustering")}};
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
    const nlohmann::json colour{{"size", {28, 28}}, {"channels", 3}};
    const nlohmann::json model{{"backbone", "lenet"}, {"pretrained", ""}};

    // Transfer that helps (docs/RESULTS.md): on colour Fashion-M, 5000 labeled clothes teach the network to see
    // garments through photo backgrounds; shoes, bags and shirts are then learned from 10 labels per class.
    auto clothesM = folderSpec("fashion-m/train", clothes);
    clothesM["limit_per_class"] = 1000;
    auto fewM = folderSpec("fashion-m/train", shoesAndBags);
    fewM["limit_per_class"] = 100;
    fewM["labeled_per_class"] = 10;
    auto testM = folderSpec("fashion-m/test", shoesAndBags);
    testM["limit_per_class"] = 400;
    nlohmann::json finetune{{"name", "Fine-tune on Fashion-M: clothes -> shoes, bags and shirts, 10 labels per class"},
                            {"strategy", "finetune"},
                            {"source", clothesM},
                            {"target", fewM},
                            {"target_test", testM},
                            {"input", colour},
                            {"model", model},
                            {"freeze", nlohmann::json::array()},
                            {"train", trainSection(30)},
                            {"device", "cpu"},
                            {"with_baseline", true},
                            {"notes", demoNotes("finetune")}};
    // A new head learning at 1e-3 for 30 steps does not converge; 3e-3 with every layer at the full rate, after 6
    // source epochs, did best of the settings tried.
    finetune["train"]["lr"] = 0.003;
    finetune["train"]["backbone_lr_mult"] = 1.0;
    finetune["train"]["source_epochs"] = 6;

    nlohmann::json frozen = finetune;
    frozen["name"] = "Fine-tune with both convolutions frozen: Fashion-M clothes -> shoes, bags and shirts";
    frozen["freeze"] = {"conv1", "conv2"};
    frozen["notes"] = demoNotes("finetune_frozen");

    nlohmann::json scratch = finetune;
    scratch["name"] = "From scratch on Fashion-M: shoes, bags and shirts, 10 labels per class";
    scratch["strategy"] = "scratch";
    scratch.erase("source");
    scratch["with_baseline"] = false;
    scratch["notes"] = demoNotes("scratch");

    // Negative transfer: on grey Fashion-MNIST the same split is easy from scratch, and the clothes features
    // do not help.
    auto clothes1 = folderSpec("fashion/train", clothes);
    clothes1["limit_per_class"] = 1000;
    auto few1 = folderSpec("fashion/train", shoesAndBags);
    few1["labeled_per_class"] = 10;
    few1["limit_per_class"] = 200;
    nlohmann::json negative{{"name", "Negative transfer: grey clothes -> shoes and bags, 10 labels per class"},
                            {"strategy", "finetune"},
                            {"source", clothes1},
                            {"target", few1},
                            {"target_test", folderSpec("fashion/test", shoesAndBags)},
                            {"input", {{"size", {28, 28}}, {"channels", 1}}},
                            {"model", model},
                            {"freeze", nlohmann::json::array()},
                            {"train", trainSection(30)},
                            {"device", "cpu"},
                            {"with_baseline", true},
                            {"notes", demoNotes("negative_transfer")}};
    negative["train"]["lr"] = 0.003;
    negative["train"]["backbone_lr_mult"] = 0.3;

    // Multitask: the same colour split, task A and task B share the convolutions (branch conv2).
    nlohmann::json multitask = finetune;
    multitask["name"] =
        "Multitask on Fashion-M: clothes (task A) + shoes, bags and shirts (task B, 10 labels per class)";
    multitask["strategy"] = "multitask";
    multitask["train"] = trainSection(6);
    multitask["multitask"] = {{"branch", "conv2"}, {"mode", "alternate"}, {"weights", {1.0, 1.0}}};
    multitask["notes"] = demoNotes("multitask");

    // Domain shift: the same ten classes, labeled grey Fashion-MNIST -> unlabeled colour Fashion-M.
    auto fashion = folderSpec("fashion/train", {});
    fashion["limit_per_class"] = 1000;
    auto fashionM = folderSpec("fashion-m/train", {});
    fashionM["limit_per_class"] = 1000;
    fashionM["labeled_per_class"] = 0;
    auto fashionMTest = folderSpec("fashion-m/test", {});
    fashionMTest["limit_per_class"] = 200;
    nlohmann::json dannTrain = trainSection(10);
    dannTrain["optimizer"] = "sgd";
    dannTrain["lr"] = 0.01;
    nlohmann::json dann{{"name", "DANN: labeled grey Fashion-MNIST -> unlabeled colour Fashion-M"},
                        {"strategy", "dann"},
                        {"source", fashion},
                        {"target", fashionM},
                        {"target_test", fashionMTest},
                        {"input", colour},
                        {"model", model},
                        {"train", dannTrain},
                        // The domain classifier reads the conv features (conv2), as in the paper; a small hidden
                        // layer (20) kept it from winning too easily here, and lambda_max 2 (reversed gradient twice
                        // the paper's) brought its accuracy down from ~85 % to ~70 % by the last epoch (RESULTS.md).
                        {"dann",
                         {{"branch", "conv2"},
                          {"domain_hidden", 20},
                          {"schedule", "paper"},
                          {"gamma", 10.0},
                          {"lambda_max", 2.0},
                          {"anneal_lr", true}}},
                        {"device", "cpu"},
                        {"with_baseline", true},
                        {"notes", demoNotes("dann")}};
    nlohmann::json sourceOnly = dann;
    sourceOnly["name"] = "Source only: grey Fashion-MNIST -> colour Fashion-M, no adaptation";
    sourceOnly["strategy"] = "source_only";
    sourceOnly.erase("target");
    sourceOnly.erase("dann");
    sourceOnly["with_baseline"] = false;
    sourceOnly["notes"] = demoNotes("source_only");

    std::vector<std::pair<std::string, nlohmann::json>> list{
        {"finetune.json", finetune},          {"finetune_frozen.json", frozen}, {"scratch.json", scratch},
        {"negative_transfer.json", negative}, {"multitask.json", multitask},    {"dann.json", dann},
        {"source_only.json", sourceOnly}};
    for (auto& demo : attributeAndUnlabeledDemos())
        list.push_back(std::move(demo));
    return list;
}

} // namespace ts::engine

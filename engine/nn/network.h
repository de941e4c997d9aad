#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ts::engine {

/// A named module inside a layer that can be frozen on its own (the nested modules of an imported TorchScript
/// model: "layer4", "layer4.0", "layer4.0.conv1").
struct LayerPart {
    std::string name;    // dotted path, unique in the network
    std::string parent;  // enclosing part; "" for a top-level part (describe() then names the layer)
    std::string kind;    // module type in lower case: "conv2d", "basicblock", "sequential", ...
    std::int64_t params = 0;
};

/// One named block of a network (e.g. conv+BN+ReLU+pool). Every layer takes one tensor and returns one.
class Layer : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x) = 0;
    /// Short kind shown in the diagram and summaries: "conv", "fc", "residual", "head", "grl", "script", ...
    virtual std::string kind() const = 0;
    /// Nested parts that can be frozen on their own, parents before children; none for built-in blocks.
    virtual std::vector<LayerPart> parts() const { return {}; }
    /// Freezes exactly these parts (names from parts()): their parameters stop training and their BatchNorm
    /// stays in eval mode through train().
    virtual void setFrozenParts(const std::set<std::string>& /*parts*/) {}
};

/// What the diagram, `layers` and the summary show of a layer.
struct LayerInfo {
    std::string name;                      // stable name, e.g. "conv1", "head", "domain_fc1"
    std::string kind;                      // see Layer::kind
    std::string role;                      // "feature", "label", "domain", "task_a", "task_b", "attribute", "decoder"
    std::string input;                     // name of the layer feeding it; "" for the network input
    std::string parent;                    // for a nested part: the enclosing part or layer; "" for layers
    std::int64_t params = 0;               // number of parameters
    std::vector<std::int64_t> outputShape; // per image, without the batch dimension
    bool frozen = false;
};

/// A small directed graph of named layers. Each layer reads the network input or one earlier layer, so a
/// trunk with several heads (DANN, multitask, decoders) is the same structure as a plain classifier.
class NetworkImpl : public torch::nn::Module {
public:
    /// Appends a layer, which becomes the output layer; `input` is "" for the network input or the name of an
    /// existing layer.
    /// Throws InputError for a duplicate name or an unknown input.
    void add(const std::string& name, const std::string& input, const std::string& role, std::shared_ptr<Layer> layer);
    /// Swaps the module of an existing layer (e.g. a new head), keeping its place, input and role.
    void replace(const std::string& name, std::shared_ptr<Layer> layer);

    /// Output of `output` (default: the network's output layer) for input x.
    torch::Tensor forward(const torch::Tensor& x, const std::string& output = {});
    /// Output of `output` ("" = the output layer) from `h`, the output of layer `after` on its path: runs only
    /// the layers after `after` (a cache of frozen features feeds the rest). Throws InputError when `after`
    /// is not on the path.
    torch::Tensor forwardFrom(const std::string& after, const torch::Tensor& h, const std::string& output = {});
    /// Outputs of several layers in one pass, each computed once.
    std::map<std::string, torch::Tensor> forwardMany(const torch::Tensor& x, const std::vector<std::string>& outputs);

    bool has(const std::string& name) const;
    std::shared_ptr<Layer> layer(const std::string& name) const;
    std::vector<std::string> layerNames() const; // in insertion order
    std::string inputOf(const std::string& name) const;
    std::string roleOf(const std::string& name) const;
    /// Layers on the path from the network input to `name`, in order (including `name`).
    std::vector<std::string> pathTo(const std::string& name) const;
    /// The layer forward() returns when no output is named.
    const std::string& outputLayer() const { return m_output; }
    void setOutputLayer(const std::string& name);

    /// Freezes exactly these layers or nested parts (requires_grad=false, BatchNorm in eval). Throws
    /// InputError naming the unknown layer and listing the valid ones.
    void setFrozen(const std::set<std::string>& names);
    const std::set<std::string>& frozen() const { return m_frozen; }
    /// Puts the network in train mode but keeps frozen layers (and their BatchNorm) in eval mode.
    /// Call instead of train(); plain train() would switch frozen BatchNorm back.
    void trainKeepingFrozen();
    /// Parameters of every layer that is not frozen.
    std::vector<torch::Tensor> trainableParameters() const;
    /// Parameters of the layers in `only` that are not frozen (none for an empty set).
    std::vector<torch::Tensor> trainableParameters(const std::set<std::string>& only) const;

    /// Describes every layer, computing output shapes by one forward pass of a zero batch shaped [1, inputShape].
    /// Nested parts follow their layer, with `parent` set and no output shape.
    std::vector<LayerInfo> describe(const std::vector<std::int64_t>& inputShape);
    /// Every name setFrozen accepts: the layers, then the nested parts.
    std::vector<std::string> freezableNames() const;

private:
    struct Node {
        std::string name, input, role;
        std::shared_ptr<Layer> module;
    };
    const Node& node(const std::string& name) const;

    std::vector<Node> m_nodes;
    std::string m_output;
    std::set<std::string> m_frozen;
};
TORCH_MODULE(Network);

/// Names of the built-in backbones.
std::vector<std::string> backboneNames();

/// Builds a backbone classifier: feature layers (role "feature") followed by a linear "head" (role "label")
/// with `numClasses` outputs. Throws InputError for an unknown backbone name.
Network makeBackbone(const std::string& backbone, int channels, int height, int width, int numClasses);

/// Name of the last feature layer (the one before "head").
std::string lastFeatureLayer(Network& net);
/// Number of features the last feature layer produces for one image.
std::int64_t featureSize(Network& net, const std::vector<std::int64_t>& inputShape);

/// A linear layer (optionally with ReLU and dropout) used for heads of every strategy.
std::shared_ptr<Layer> makeLinear(std::int64_t in, std::int64_t out, bool relu, double dropout = 0,
                                  const std::string& kind = "fc");

/// Relative weight change ||W - W0|| / ||W0|| of each layer's parameters against a snapshot.
using ParameterSnapshot = std::map<std::string, std::vector<torch::Tensor>>;
ParameterSnapshot snapshotParameters(Network& net);
std::map<std::string, double> relativeWeightChange(Network& net, const ParameterSnapshot& start);

} // namespace ts::engine

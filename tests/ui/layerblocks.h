#pragma once

// Hand-made diagram layer lists shared by the UI tests (no network needed).

#include "ui/run/uitypes.h"

#include <QVector>

namespace ts::uitest {

/// One block; a nested part of an imported model has `parent` and no output shape.
inline ui::LayerBlock block(const QString& name, const QString& input, const QString& role, const QString& kind,
                            qint64 params, const QString& parent = {})
{
    ui::LayerBlock b;
    b.name = name;
    b.input = input;
    b.role = role;
    b.kind = kind;
    b.params = params;
    b.parent = parent;
    if (parent.isEmpty())
        b.outputShape = {16, 4, 4};
    return b;
}

/// LeNet with a DANN domain classifier branching after fc1: a built-in network, no parts.
inline QVector<ui::LayerBlock> dannLayers()
{
    return {block("conv1", "", "feature", "conv", 156),
            block("conv2", "conv1", "feature", "conv", 2416),
            block("fc1", "conv2", "feature", "fc", 30840),
            block("fc2", "fc1", "label", "fc", 10164),
            block("head", "fc2", "label", "head", 850),
            block("grl", "fc1", "domain", "grl", 0),
            block("domain_hidden", "grl", "domain", "fc", 12100),
            block("domain_head", "domain_hidden", "domain", "head", 202)};
}

} // namespace ts::uitest

#pragma once

// Qt mirror of engine::StrategyInfo / OptionSpec, so widgets can describe strategies without LibTorch.

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ts::ui {

/// One option of a strategy section (engine::OptionSpec).
struct OptionDescription {
    QString key;             // key inside the strategy's section, e.g. "lambda_max"
    QString type;            // "int", "double", "string", "bool", "path", "double_list", "layer"
    QJsonValue defaultValue; // Null when there is no default
    QString help;            // one sentence, shown as tooltip
    QStringList choices;     // allowed values of a "string"
    double minimum = -1e300;
    double maximum = 1e300;
};

/// A strategy as the picker and the form show it (engine::StrategyInfo).
struct StrategyDescription {
    QString name;        // "finetune"
    QString title;       // "Fine-tuning"
    QString setting;     // "source labeled, target labeled" or "baseline"
    QString description; // one or two sentences for a student
    QString sourceNeed;  // "none", "labeled", "unlabeled", "any"
    QString targetNeed;
    bool needsTargetTest = false; // reports target accuracy: needs target_test or target.split
    bool pretrainedReplacesSource = false; // with model.pretrained set, the source is not needed
    QString section;              // experiment key of its options ("" when none)
    QVector<OptionDescription> options;
};

} // namespace ts::ui

#include "ui/run/enginebridge.h"

#include "engine/core/experiment.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategy.h"
#include "engine/train/baseline.h"
#include "engine/train/runner.h"
#include "ui/i18n/enginetexts.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <torch/torch.h>

#include <set>

namespace ts::ui::bridge {

namespace {

QString needText(engine::Need need)
{
    switch (need) {
    case engine::Need::None: return QStringLiteral("none");
    case engine::Need::Labeled: return QStringLiteral("labeled");
    case engine::Need::Unlabeled: return QStringLiteral("unlabeled");
    case engine::Need::Any: return QStringLiteral("any");
    }
    return {};
}

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

const QVector<StrategyDescription>& strategies()
{
    static const QVector<StrategyDescription> list = [] {
        QVector<StrategyDescription> out;
        for (const auto& info : engine::strategyInfos()) {
            StrategyDescription d;
            d.name = qs(info.name);
            // Titles, descriptions and help in the UI language; name, setting and keys stay the engine's ids.
            d.title = enginetexts::strategyTitle(d.name, qs(info.title));
            d.setting = qs(info.setting);
            d.description = enginetexts::strategyDescription(d.name, qs(info.description));
            d.sourceNeed = needText(info.source);
            d.targetNeed = needText(info.target);
            d.needsTargetTest = info.needsTargetTest;
            d.pretrainedReplacesSource = info.pretrainedReplacesSource;
            d.section = qs(info.section);
            for (const auto& opt : info.options) {
                OptionDescription o;
                o.key = qs(opt.key);
                o.type = qs(opt.type);
                o.defaultValue = toQt(opt.defaultValue);
                o.help = enginetexts::optionHelp(o.key, qs(opt.help));
                for (const auto& c : opt.choices)
                    o.choices << qs(c);
                o.minimum = opt.minimum;
                o.maximum = opt.maximum;
                d.options << o;
            }
            out << d;
        }
        return out;
    }();
    return list;
}

const StrategyDescription* findStrategy(const QString& name)
{
    for (const auto& d : strategies())
        if (d.name == name)
            return &d;
    return nullptr;
}

QStringList backbones()
{
    QStringList names;
    for (const auto& n : engine::backboneNames())
        names << qs(n);
    return names;
}

QVector<LayerBlock> previewLayers(const engine::Experiment& experiment, QString* error, QStringList* unknownFrozen)
{
    QVector<LayerBlock> blocks;
    try {
        engine::Experiment unfrozen = experiment;
        unfrozen.freeze.clear();
        auto net = engine::previewNetwork(unfrozen, engine::peekNetShape(experiment));
        const auto names = net->freezableNames();
        const std::set<std::string> known(names.begin(), names.end());
        std::set<std::string> frozen;
        for (const auto& f : experiment.freeze) {
            if (known.count(f))
                frozen.insert(f);
            else if (unknownFrozen)
                *unknownFrozen << qs(f);
        }
        net->setFrozen(frozen);
        const auto& in = experiment.input;
        for (const auto& layer : net->describe({in.channels, in.height, in.width})) {
            LayerBlock b;
            b.name = qs(layer.name);
            b.kind = qs(layer.kind);
            b.role = qs(layer.role);
            b.input = qs(layer.input);
            b.parent = qs(layer.parent);
            b.params = layer.params;
            for (auto d : layer.outputShape)
                b.outputShape << d;
            b.frozen = frozen.count(layer.name) > 0; // describe() also marks the parts of frozen groups
            blocks << b;
        }
        QHash<QString, int> index;
        for (int i = 0; i < blocks.size(); ++i)
            index.insert(blocks[i].name, i);
        for (const LayerBlock& b : std::as_const(blocks))
            if (!b.parent.isEmpty() && index.contains(b.parent))
                ++blocks[index.value(b.parent)].children;
    } catch (const c10::Error& e) {
        if (error)
            *error = QObject::tr("LibTorch error: %1").arg(qs(e.what_without_backtrace()));
        blocks.clear();
    } catch (const std::exception& e) {
        if (error)
            *error = qs(e.what());
        blocks.clear();
    }
    return blocks;
}

QStringList baselineTitles(const engine::Experiment& experiment)
{
    QStringList titles;
    for (const auto& plan : engine::baselinePlans(experiment))
        titles << enginetexts::baselineTitle(qs(plan.name), qs(plan.title));
    return titles;
}

QString gainSentence(const QJsonObject& comparison)
{
    return enginetexts::gainSentence(comparison);
}

QJsonValue toQt(const nlohmann::json& value)
{
    // Wrap in an array so scalars survive QJsonDocument, which only holds objects and arrays.
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(nlohmann::json::array({value}).dump()));
    return doc.array().isEmpty() ? QJsonValue() : doc.array().at(0);
}

nlohmann::json fromQt(const QJsonValue& value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    const auto parsed = nlohmann::json::parse(text.toStdString(), nullptr, false);
    return parsed.is_array() && !parsed.empty() ? parsed[0] : nlohmann::json();
}

engine::Experiment rebasedExperiment(const engine::Experiment& experiment, const QString& newDir)
{
    return engine::rebasedExperiment(experiment, newDir.toStdString());
}

QString experimentText(const engine::Experiment& experiment)
{
    return qs(engine::toJson(experiment).dump(2));
}

} // namespace ts::ui::bridge

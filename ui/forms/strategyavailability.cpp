#include "ui/forms/strategyavailability.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace ts::ui {

namespace {

// The strategies that predict the source's classes on target images; at run time they refuse a target whose
// classes differ (engine/strategies: requireSameClasses in finetune.cpp's source_only and in dann.cpp).
bool predictsSourceClasses(const QString& name)
{
    return name == QLatin1String("dann") || name == QLatin1String("source_only");
}

// The options that name a file the strategy cannot run without (zeroshot's attribute table).
bool isRequiredFile(const OptionDescription& option)
{
    return option.type == QLatin1String("path") && option.key == QLatin1String("attributes");
}

} // namespace

QString StrategyAvailability::roleReason(bool source, const QString& need,
                                         const std::optional<engine::DatasetSpec>& spec, const QString& loadError)
{
    if (need == QLatin1String("none"))
        return {};
    if (!spec) {
        if (need == QLatin1String("labeled"))
            return source ? tr("It learns from labeled source images first: choose a source folder whose images are "
                               "sorted into one sub-folder per class.")
                          : tr("It needs labeled target images: choose a target folder whose images are sorted into "
                               "one sub-folder per class.");
        return source ? tr("It needs source images (labels are not needed): choose a source folder.")
                      : tr("It needs target images (labels are not needed): choose a target folder.");
    }
    if (!loadError.isEmpty())
        return source ? tr("The source images could not be loaded: %1").arg(loadError)
                      : tr("The target images could not be loaded: %1").arg(loadError);
    if (need == QLatin1String("labeled") && !spec->labeled())
        return source ? tr("It needs to know each source image's class, but the source is loaded as unlabeled "
                           "images. Sort them into one sub-folder per class, or choose a source that has classes.")
                      : tr("It needs to know each target image's class, but the target is loaded as unlabeled "
                           "images. Sort them into one sub-folder per class, or choose a target that has classes.");
    return {};
}

QString StrategyAvailability::reason(const StrategyDescription& s, const engine::Experiment& e, const DataFacts& facts)
{
    // Fine-tuning from a pretrained model file needs no source (engine: StrategyInfo::pretrainedReplacesSource).
    const bool sourceReplaced = s.pretrainedReplacesSource && !e.model.pretrained.empty();
    if (QString why = sourceReplaced ? QString() : roleReason(true, s.sourceNeed, e.source, facts.sourceError);
        !why.isEmpty())
        return why;
    if (QString why = roleReason(false, s.targetNeed, e.target, facts.targetError); !why.isEmpty())
        return why;
    if (s.needsTargetTest && !e.targetTest && !(e.target && e.target->split > 0))
        return tr("It reports how well it does on target images it never trained on: choose a target test folder, or "
                  "set aside part of the target for testing.");
    if (predictsSourceClasses(s.name) && facts.sourceClasses && facts.targetClasses &&
        *facts.sourceClasses != *facts.targetClasses) {
        if (QString why = classReason(*facts.sourceClasses, *facts.targetClasses); !why.isEmpty())
            return why;
    }
    for (const OptionDescription& option : s.options) {
        if (!isRequiredFile(option))
            continue;
        const std::string key = option.key.toStdString();
        const auto section = e.sections.find(s.section.toStdString());
        std::string value;
        if (section != e.sections.end() && section->second.is_object() && section->second.contains(key) &&
            section->second.at(key).is_string())
            value = section->second.at(key).get<std::string>();
        if (value.empty())
            return tr("It needs an attribute table: a CSV file that describes every class, seen and unseen, by "
                      "the same attributes (e.g. 'has sleeves'). Choose it under the strategy's options.");
        const QString file = QString::fromStdString(engine::resolvePath(e, value));
        if (!QFileInfo(file).isFile())
            return tr("The attribute table %1 does not exist or is not a file.").arg(QDir::toNativeSeparators(file));
    }
    return {};
}

QString StrategyAvailability::note(const StrategyDescription& s, const engine::Experiment& e)
{
    const bool source = s.sourceNeed == QLatin1String("unlabeled") && e.source && e.source->labeled();
    const bool target = s.targetNeed == QLatin1String("unlabeled") && e.target && e.target->labeled();
    if (source && target)
        return tr("It leaves the source and target labels aside: it learns from the images alone.");
    if (source)
        return tr("It leaves the source labels aside: it learns from the source images alone.");
    if (target)
        return tr("It leaves the target labels aside: it learns from the target images alone (the test set keeps "
                  "its labels, to measure accuracy).");
    return {};
}

QString StrategyAvailability::classReason(const QStringList& source, const QStringList& target)
{
    const QSet<QString> sourceSet(source.begin(), source.end()), targetSet(target.begin(), target.end());
    if (!sourceSet.intersects(targetSet))
        return tr("It names each target image with one of the source's classes, but source and target share no "
                  "class (source: %1; target: %2).")
            .arg(source.join(QStringLiteral(", ")), target.join(QStringLiteral(", ")));
    QStringList onlySource, onlyTarget;
    for (const QString& c : source)
        if (!targetSet.contains(c))
            onlySource << c;
    for (const QString& c : target)
        if (!sourceSet.contains(c))
            onlyTarget << c;
    if (!onlySource.isEmpty() || !onlyTarget.isEmpty())
        return tr("It names each target image with one of the source's classes, so source and target need the "
                  "same classes (only in the source: %1; only in the target: %2).")
            .arg(onlySource.isEmpty() ? tr("none") : onlySource.join(QStringLiteral(", ")),
                 onlyTarget.isEmpty() ? tr("none") : onlyTarget.join(QStringLiteral(", ")));
    return {};
}

DataFacts StrategyAvailability::factsFromFile(const engine::Experiment& e)
{
    DataFacts facts;
    // The strategies compare the source's classes with those of the target's test images.
    if (e.targetTest && e.targetTest->labeled())
        facts.targetClasses = peekClassNames(e, *e.targetTest);
    return facts;
}

std::optional<QStringList> StrategyAvailability::peekClassNames(const engine::Experiment& e,
                                                                const engine::DatasetSpec& spec)
{
    if (!spec.labeled())
        return std::nullopt;
    QStringList names;
    if (spec.format == "idx") {
        for (const auto& n : spec.classes.empty() ? spec.classNames : spec.classes)
            names << QString::fromStdString(n);
        return names.isEmpty() ? std::nullopt : std::optional<QStringList>(names);
    }
    const QDir dir(QString::fromStdString(engine::resolvePath(e, spec.path)));
    if (!dir.exists())
        return std::nullopt;
    // As the folder reader sees them: sub-folders, hidden ones skipped, sorted by name; then the chosen ones.
    names = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    if (!spec.classes.empty()) {
        QStringList chosen;
        for (const auto& n : spec.classes)
            if (names.contains(QString::fromStdString(n)))
                chosen << QString::fromStdString(n);
        names = chosen;
    }
    return names.isEmpty() ? std::nullopt : std::optional<QStringList>(names);
}

} // namespace ts::ui

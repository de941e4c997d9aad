#pragma once

// Whether the data can serve a strategy, and if not why, in words for the person at the window (translated), not
// in the experiment file's keys. Checked before Start, so that nothing fails only after it.

#include "ui/forms/strategydescription.h"

#include "engine/core/experiment.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace ts::ui {

/// What the window knows about the data beyond the experiment file: load failures and the class names.
struct DataFacts {
    QString sourceError;                      // why the source failed to load ("" when it did not)
    QString targetError;                      // likewise for the target
    std::optional<QStringList> sourceClasses; // the labeled source's classes, once loaded
    std::optional<QStringList> targetClasses; // the classes the target is tested on, when known
};

class StrategyAvailability {
    Q_DECLARE_TR_FUNCTIONS(ts::ui::StrategyAvailability)
public:
    /// Why `strategy` cannot run on this data, worded for a person; "" when it can.
    static QString reason(const StrategyDescription& strategy, const engine::Experiment& experiment,
                          const DataFacts& facts);

    /// What the experiment file alone tells, before any dataset is loaded: the classes of the target's test
    /// images when peekClassNames() knows them. The window adds what its panels load.
    static DataFacts factsFromFile(const engine::Experiment& experiment);

    /// What the strategy leaves out of data it can use (labels it does not learn from), worded for a person.
    static QString note(const StrategyDescription& strategy, const engine::Experiment& experiment);

    /// The class names of a labeled dataset without loading it: a folder's class sub-folders, or an IDX spec's
    /// chosen classes. std::nullopt when they cannot be known cheaply (an IDX file without class names).
    static std::optional<QStringList> peekClassNames(const engine::Experiment& experiment,
                                                     const engine::DatasetSpec& spec);

private:
    static QString roleReason(bool source, const QString& need, const std::optional<engine::DatasetSpec>& spec,
                              const QString& loadError);
    static QString classReason(const QStringList& source, const QStringList& target);
};

} // namespace ts::ui

#pragma once

// A finished training run as the run comparison keeps it, and the curves that can be overlaid on the live plots.

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>

namespace ts::ui {

/// One phase of a run ("pretrain", "autoencoder", "train", ...): x = step within the phase (from 0, so the
/// target training of a fine-tuned run and of a scratch run overlay), y = value. Keys: a step metric by its
/// name ("loss", "domain_accuracy"), an epoch metric as "epoch/<name>" ("epoch/target_accuracy"); see
/// LivePlots::seriesKey().
struct PhaseCurves {
    QString phase;
    QMap<QString, QVector<QPointF>> series;
};

/// A run's metric curves, phase by phase in the order the run went through them.
struct RunCurves {
    QString name;
    QVector<PhaseCurves> phases;

    /// The series of `phase`, or nullptr when the run has no such phase.
    const QMap<QString, QVector<QPointF>>* series(const QString& phase) const
    {
        for (const PhaseCurves& p : phases)
            if (p.phase == phase)
                return &p.series;
        return nullptr;
    }
};

/// One finished run, one row of the run comparison.
struct RunRecord {
    QString name;                                                     // shown and editable, e.g. describeRun(...)
    QString strategy;                                                 // "finetune", "dann", ...
    QStringList frozen;                                               // frozen layer names
    int seed = 0;                                                     // the experiment's seed
    double targetAccuracy = std::numeric_limits<double>::quiet_NaN(); // 0..1, NaN if the target has no labels
    double seconds = 0;                                               // wall time of the run
    QJsonObject summary;                                              // the engine's summary (summary.json)
    RunCurves curves;                                                 // for overlays; curves.name follows name
    QString baseline;    // the gain over the baseline ("fine-tuning 93.1 % vs scratch 88.0 %: +5.1 points"), or
                         // "baseline of <run>" for a baseline run; "" when not compared
    QString progress;    // a run cut short: how far it got ("stopped at epoch 3 of 20"); "" when it finished
    QString lastMetrics; // a run cut short: its last epoch's metrics, in a sentence
    QString dir;         // the run's folder, where the window keeps the row across restarts; "" when none
};

/// A run's default name, e.g. "finetune, frozen conv1+conv2, seed 1" or "finetune, nothing frozen, seed 1".
inline QString describeRun(const QString& strategy, const QStringList& frozen, int seed)
{
    if (frozen.isEmpty())
        return QCoreApplication::translate("ts::ui::RunRecord", "%1, nothing frozen, seed %2").arg(strategy).arg(seed);
    return QCoreApplication::translate("ts::ui::RunRecord", "%1, frozen %2, seed %3")
        .arg(strategy, frozen.join(QLatin1Char('+')))
        .arg(seed);
}

} // namespace ts::ui

Q_DECLARE_METATYPE(ts::ui::RunCurves)
Q_DECLARE_METATYPE(ts::ui::RunRecord)

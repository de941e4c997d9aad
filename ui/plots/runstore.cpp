#include "ui/plots/runstore.h"

#include "ui/plots/plotstyle.h"
#include "ui/run/enginebridge.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace ts::ui::runstore {

namespace {

QJsonObject readObject(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool writeObject(const QString& file, const QJsonObject& object)
{
    QSaveFile f(file);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(object).toJson(QJsonDocument::Compact)) >= 0 &&
           f.commit();
}

// Curves as {"phases": [{"phase": "train", "series": {"loss": [x0, y0, x1, y1, ...]}}]}.
QJsonArray curvesToJson(const RunCurves& curves)
{
    QJsonArray phases;
    for (const PhaseCurves& phase : curves.phases) {
        QJsonObject series;
        for (auto it = phase.series.cbegin(); it != phase.series.cend(); ++it) {
            QJsonArray xy;
            for (const QPointF& p : it.value())
                xy << p.x() << p.y();
            series.insert(it.key(), xy);
        }
        phases.append(QJsonObject{{QStringLiteral("phase"), phase.phase}, {QStringLiteral("series"), series}});
    }
    return phases;
}

RunCurves curvesFromJson(const QJsonArray& phases, const QString& name)
{
    RunCurves curves;
    curves.name = name;
    for (const QJsonValue& v : phases) {
        const QJsonObject o = v.toObject();
        PhaseCurves phase;
        phase.phase = o.value(QStringLiteral("phase")).toString();
        const QJsonObject series = o.value(QStringLiteral("series")).toObject();
        for (auto it = series.constBegin(); it != series.constEnd(); ++it) {
            const QJsonArray xy = it.value().toArray();
            QVector<QPointF>& points = phase.series[it.key()];
            for (int i = 0; i + 1 < xy.size(); i += 2)
                points.append(QPointF(xy[i].toDouble(), xy[i + 1].toDouble()));
        }
        curves.phases.append(phase);
    }
    return curves;
}

QString formatMetric(const QString& key, double value)
{
    if (key.contains(QLatin1String("accuracy")))
        return QStringLiteral("%1 %2 %").arg(plotstyle::metricTitle(key)).arg(100.0 * value, 0, 'f', 1);
    return QStringLiteral("%1 %2").arg(plotstyle::metricTitle(key), QLocale().toString(value, 'g', 3));
}

// A row for a run folder: the window's own record when it wrote one, else what summary.json and experiment.json
// tell (a run of the CLI, or of a version that kept no record). Returns false for a row removed from the table.
bool describeFolder(const QString& dir, const QString& baselineOf, RunRecord* out)
{
    const QJsonObject summary = readObject(dir + QStringLiteral("/summary.json"));
    if (summary.isEmpty())
        return false;
    const QJsonObject record = readObject(dir + QLatin1Char('/') + QLatin1String(kRecordFile));
    if (record.value(QStringLiteral("removed")).toBool())
        return false;
    RunRecord r;
    r.dir = dir;
    r.summary = summary;
    r.strategy = summary.value(QStringLiteral("strategy")).toString();
    const QJsonValue acc = summary.value(QStringLiteral("target_accuracy"));
    r.targetAccuracy = acc.isDouble() ? acc.toDouble() : std::numeric_limits<double>::quiet_NaN();
    r.seconds = summary.value(QStringLiteral("seconds")).toDouble();
    describeCutShort(summary, &r.progress, &r.lastMetrics);
    if (!record.isEmpty()) {
        r.name = record.value(QStringLiteral("name")).toString();
        for (const QJsonValue& v : record.value(QStringLiteral("frozen")).toArray())
            r.frozen << v.toString();
        r.seed = record.value(QStringLiteral("seed")).toInt();
        r.baseline = record.value(QStringLiteral("baseline")).toString();
        r.curves = curvesFromJson(record.value(QStringLiteral("curves")).toArray(), r.name);
    } else {
        const QJsonObject experiment = readObject(dir + QStringLiteral("/experiment.json"));
        for (const QJsonValue& v : experiment.value(QStringLiteral("freeze")).toArray())
            r.frozen << v.toString();
        r.seed = summary.value(QStringLiteral("seed")).toInt();
        const auto* described = bridge::findStrategy(r.strategy);
        r.name = describeRun(described ? described->title : r.strategy, r.frozen, r.seed);
        if (!r.progress.isEmpty())
            r.name += QCoreApplication::translate("ts::ui::RunStore", " (stopped)");
        if (!baselineOf.isEmpty())
            r.baseline = QCoreApplication::translate("ts::ui::RunStore", "baseline of %1").arg(baselineOf);
        r.curves.name = r.name;
    }
    *out = r;
    return true;
}

} // namespace

bool save(const RunRecord& run)
{
    if (run.dir.isEmpty() || !QFileInfo(run.dir).isDir())
        return false;
    QJsonArray frozen;
    for (const QString& f : run.frozen)
        frozen << f;
    return writeObject(run.dir + QLatin1Char('/') + QLatin1String(kRecordFile),
                       {{QStringLiteral("name"), run.name},
                        {QStringLiteral("frozen"), frozen},
                        {QStringLiteral("seed"), run.seed},
                        {QStringLiteral("baseline"), run.baseline},
                        {QStringLiteral("curves"), curvesToJson(run.curves)}});
}

bool forget(const RunRecord& run)
{
    if (run.dir.isEmpty() || !QFileInfo(run.dir).isDir())
        return false;
    const QString file = run.dir + QLatin1Char('/') + QLatin1String(kRecordFile);
    QJsonObject record = readObject(file);
    record.insert(QStringLiteral("removed"), true);
    return writeObject(file, record);
}

QVector<RunRecord> load(const QString& root, int limit)
{
    // Folder names are start times (yyyyMMdd-HHmmss-zzz): by name is oldest first.
    QStringList runs = QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    if (runs.size() > limit)
        runs = runs.mid(runs.size() - limit);
    QVector<RunRecord> out;
    for (const QString& name : std::as_const(runs)) {
        const QString dir = QDir(root).filePath(name);
        RunRecord main;
        const bool shown = describeFolder(dir, {}, &main);
        if (shown)
            out << main;
        // The baselines run into sub-folders of the run they are the baseline of.
        for (const QString& sub : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            RunRecord baseline;
            if (describeFolder(QDir(dir).filePath(sub), shown ? main.name : name, &baseline))
                out << baseline;
        }
    }
    return out;
}

void describeCutShort(const QJsonObject& summary, QString* progress, QString* lastMetrics)
{
    progress->clear();
    lastMetrics->clear();
    const QString status = summary.value(QStringLiteral("status")).toString();
    if (status != QLatin1String("cancelled") && status != QLatin1String("diverged"))
        return;
    const QJsonObject last = summary.value(QStringLiteral("last_epoch")).toObject();
    if (last.isEmpty()) {
        *progress = status == QLatin1String("diverged")
                        ? QCoreApplication::translate("ts::ui::RunStore", "diverged before the first epoch ended")
                        : QCoreApplication::translate("ts::ui::RunStore", "stopped before the first epoch ended");
        return;
    }
    const int epoch = last.value(QStringLiteral("epoch")).toInt();
    const int epochs = last.value(QStringLiteral("epochs")).toInt();
    *progress =
        status == QLatin1String("diverged")
            ? QCoreApplication::translate("ts::ui::RunStore", "diverged at epoch %1 of %2").arg(epoch).arg(epochs)
            : QCoreApplication::translate("ts::ui::RunStore", "stopped at epoch %1 of %2").arg(epoch).arg(epochs);
    QStringList metrics;
    const QJsonObject values = last.value(QStringLiteral("metrics")).toObject();
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        if (it.value().isDouble() && std::isfinite(it.value().toDouble()))
            metrics << formatMetric(it.key(), it.value().toDouble());
    if (!metrics.isEmpty())
        *lastMetrics = QCoreApplication::translate("ts::ui::RunStore", "Last epoch (%1): %2")
                           .arg(last.value(QStringLiteral("phase")).toString(), metrics.join(QStringLiteral(", ")));
}

} // namespace ts::ui::runstore

#pragma once

#include "ui/plots/runrecord.h"
#include "ui/run/uitypes.h"

#include <QMap>
#include <QVector>
#include <QWidget>

#include <functional>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QComboBox;
class QGridLayout;
class QLabel;
class QMenu;
class QToolButton;

namespace ts::ui {

class OverlayKey;
class Throttle;

/// Live training charts: losses, accuracies, the domain classifier's accuracy against its chance level, and the
/// λ / learning-rate schedule. addPoint() only buffers; a Throttle moves new points into the charts at most 4
/// times a second, on the GUI's shared tick. Charts without data stay hidden.
///
/// One phase at a time ("pretrain", "autoencoder", "train", ...), with x = step within that phase, so the
/// target training of a fine-tuned run starts at 0 like a scratch run's, and a loss jump at a phase change
/// never sets the y scale. By default the main phase ("train", else the latest) is shown and followed; a
/// phase selector above the charts shows another one. Epoch metrics sit at their epoch's last step. The loss
/// axis ignores single spikes (robustRange): values above it are drawn as triangles on its top edge.
class LivePlots : public QWidget {
    Q_OBJECT
public:
    enum class Chart { Losses, Accuracy, Domain, Schedule };

    explicit LivePlots(QWidget* parent = nullptr);

    /// Clears the current curves (overlays stay) and names the new run.
    void startRun(const QString& runName);
    void addPoint(const ts::ui::MetricPoint& point);
    /// Draws what is buffered; the curves stay until the next startRun().
    void finishRun();
    /// startRun(), the points, finishRun(), with the charts laid out once.
    void showFinishedRun(const QString& runName, const QVector<MetricPoint>& points);
    QString runName() const { return m_runName; }
    /// Every point of the current run as received (a finished run can be shown again by replaying them).
    QVector<MetricPoint> points() const { return m_points; }
    /// The phase drawn; "" before any data.
    QString shownPhase() const { return m_shownPhase; }
    /// The phases that can be shown (the current run's, then the overlaid runs' others).
    QStringList phases() const;
    /// Shows `phase` and keeps showing it until the next startRun() (the phase selector does this).
    void showPhase(const QString& phase);
    /// The points of a series drawn above the y range, marked on the chart's top edge.
    int clippedCount(Chart chart) const;
    bool hasData() const { return !m_points.isEmpty(); }

    /// All visible charts in one image / one PDF page; false when there is nothing to save or writing failed.
    bool savePng(const QString& fileName);
    bool savePdf(const QString& fileName);
    /// Every metric of the run in long format: run,phase,epoch,step,scope,metric,value.
    bool saveCsv(const QString& fileName) const;

    /// Other runs' curves, drawn dimmed and dashed behind the current run.
    void setOverlays(const QVector<RunCurves>& runs);

    /// A finished run as the "Compare with" menu lists it.
    struct OverlayChoice {
        QString name;
        bool overlaid = false;
    };
    /// Where the charts' "Compare with" menu gets the finished runs when it opens (the run table owns them);
    /// ticking one there emits overlayToggled(), so runs can be overlaid without leaving the charts.
    void setOverlayChoices(std::function<QVector<OverlayChoice>()> choices);
    QMenu* compareMenu() const { return m_compareMenu; }
    /// The current run's curves, keyed as described in RunCurves.
    RunCurves curves() const;

    /// "loss" for a step metric, "epoch/loss" for an epoch metric.
    static QString seriesKey(const QString& metric, bool epoch);
    QCustomPlot* plot(Chart chart) const { return m_plots.value(static_cast<int>(chart)); }
    bool isChartVisible(Chart chart) const;
    /// The current run's graph of a series (see seriesKey), or nullptr.
    QCPGraph* graph(const QString& seriesKey) const;
    int overlayGraphCount() const { return m_overlayGraphs.size(); }
    OverlayKey* overlayKey() const { return m_overlayKey; }

Q_SIGNALS:
    void overlayToggled(int run, bool overlaid);

public Q_SLOTS:
    /// Moves buffered points into the charts and replots now (the timer does this when the data changed).
    void flush();

private:
    struct Series {
        QString metric;
        bool epoch = false;
        Chart chart = Chart::Losses;
        QCPGraph* graph = nullptr;
        QVector<double> x, y; // everything received
        int drawn = 0;        // how many of x/y the graph holds
    };

    /// Axis ranges (x, y, y2: lower and upper) and the y axis's visibility, as last drawn in full, per chart.
    struct AxesState {
        double ranges[6] = {};
        bool yVisible = true;
        bool legendVisible = true;
        bool operator==(const AxesState& other) const;
    };

    static bool chartFor(const QString& metric, Chart* chart);
    static void bufferCurves(QCustomPlot* plot);
    void replotCharts(bool layoutChanged);
    QCPGraph* makeGraph(Chart chart, const QString& metric, bool epoch, bool overlay, int overlayIndex);
    Series& addSeries(const QString& key, const QString& metric, bool epoch, Chart chart);
    QString autoPhase() const;
    void setShownPhase(const QString& phase);
    void drawOverlays();
    void updatePhaseBox();
    void markClipped(QCustomPlot* plot, Chart chart, double upper);
    void rescale();
    void rescaleSchedule(QCustomPlot* plot);
    void relayout();
    void clearRun(const QString& runName);
    void scheduleFlush();
    void clearOverlays();
    void setChance(double chance);
    void fillCompareMenu();
    QVector<Chart> visibleCharts() const;
    bool render(QPainter* painter, const QSize& size, bool vector);

    QMap<int, QCustomPlot*> m_plots;
    QMap<QString, Series> m_series; // the shown phase's, by seriesKey
    QVector<MetricPoint> m_points;
    QVector<PhaseCurves> m_phases;        // every phase of the current run, x = step within the phase
    QMap<QString, qint64> m_phaseStart;   // global step before a phase's first point
    QMap<QString, qint64> m_phasePlanned; // a phase's planned steps (MetricPoint::phaseEndStep - start)
    qint64 m_lastStep = 0;                // the largest global step received
    QString m_lastPhase;                  // of the latest point
    QString m_shownPhase;
    bool m_phasePinned = false; // chosen in the selector: not followed automatically
    QVector<RunCurves> m_overlayRuns;
    QVector<QCPGraph*> m_overlayGraphs;
    QMap<int, QCPGraph*> m_clipMarks; // per chart: clipped values on the top edge
    QComboBox* m_phaseBox;
    QLabel* m_phaseLabel;
    QCPItemStraightLine* m_chanceLine = nullptr;
    QCPItemText* m_chanceLabel = nullptr;
    double m_chance = 0.5;
    QString m_runName;
    QLabel* m_title;
    QLabel* m_placeholder;
    QToolButton* m_compare;
    QMenu* m_compareMenu;
    OverlayKey* m_overlayKey;
    std::function<QVector<OverlayChoice>()> m_overlayChoices;
    QGridLayout* m_grid;
    Throttle* m_replot;
    bool m_layoutDirty = true;
    QVector<Chart> m_laidOut;   // the charts in the grid, in order
    bool m_flushQueued = false; // scheduleFlush() waits for the event loop
    bool m_replaying = false;   // showFinishedRun() is adding points: no replot for each
    bool m_running = false; // between startRun() and finishRun()
    QMap<int, AxesState> m_drawnAxes;
};

} // namespace ts::ui

#pragma once

#include "ui/plots/runrecord.h"

#include <QVector>
#include <QWidget>

class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace ts::ui {

/// Finished runs side by side (strategy, freeze set, seed, target accuracy, time, gain over the baseline). Ticking a
/// run overlays its curves on the live plots; runs can be renamed, removed and exported as CSV. This is where a teacher
/// shows frozen against unfrozen from the same starting weights.
class RunComparison : public QWidget {
    Q_OBJECT
public:
    enum Column {
        NameColumn = 0,
        StrategyColumn,
        FrozenColumn,
        SeedColumn,
        AccuracyColumn,
        TimeColumn,
        BaselineColumn
    };

    explicit RunComparison(QWidget* parent = nullptr);

    /// Adds a finished run; a name already taken gets " (2)", " (3)", ... appended. Returns the name used.
    QString addRun(const RunRecord& run);
    QVector<RunRecord> runs() const { return m_runs; }
    int runCount() const { return m_runs.size(); }
    void renameRun(int index, const QString& name);
    /// Replaces a run's summary and its baseline text (e.g. once its baselines have been compared).
    void setRunSummary(int index, const QJsonObject& summary, const QString& baseline);
    void removeRun(int index);
    void setOverlaid(int index, bool overlaid);
    bool isOverlaid(int index) const;
    /// The ticked runs' curves, in table order.
    QVector<RunCurves> overlays() const;
    /// Writes the table (with accuracy as a fraction and time in seconds) as CSV; false when writing failed.
    bool exportCsv(const QString& fileName) const;
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void overlaysChanged(const QVector<ts::ui::RunCurves>& runs);
    void runRenamed(int index, const QString& name);
    /// `run` has left the table (its folder stays).
    void runRemoved(const ts::ui::RunRecord& run);

private Q_SLOTS:
    void onItemChanged(QTableWidgetItem* item);
    void renameSelected();
    void removeSelected();
    void exportWithDialog();

private:
    QString uniqueName(const QString& wanted, int except) const;
    void fillRow(int row);
    void updateBest();
    void updateButtons();
    int selectedRow() const;

    QVector<RunRecord> m_runs;
    QTableWidget* m_table;
    QPushButton* m_rename;
    QPushButton* m_remove;
    QPushButton* m_export;
    bool m_filling = false;
};

} // namespace ts::ui

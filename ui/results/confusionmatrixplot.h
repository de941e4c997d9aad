#pragma once

#include "ui/plots/qcustomplotcompat.h"
#include <QStringList>
#include <QVector>

namespace ts::ui {

/// A confusion matrix as a colour map: rows are true classes (top to bottom), columns predictions; each cell
/// shows its count and is coloured by its share of the true class, so imbalanced classes stay readable.
class ConfusionMatrixPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit ConfusionMatrixPlot(QWidget* parent = nullptr);

    /// Counts (truth, predicted) pairs; pairs outside the name lists (e.g. truth -1) are skipped.
    void setMatrix(const QStringList& rowNames, const QStringList& columnNames, const QVector<int>& truth,
                   const QVector<int>& predicted, const QString& title);
    /// Empties the matrix; until the next setMatrix() the plot shows `placeholder` (by default, that the matrix
    /// appears after a run) instead of empty axes.
    void clearMatrix(const QString& placeholder = {});
    QString placeholderText() const { return m_placeholder; }
    bool isEmpty() const { return m_counts.isEmpty(); }
    int rowCount() const { return m_counts.size(); }
    int columnCount() const { return m_counts.isEmpty() ? 0 : m_counts.first().size(); }
    /// Images of true class `row` predicted as `column`; 0 outside the matrix.
    int count(int row, int column) const;
    QCPColorMap* colorMap() const { return m_map; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<QVector<int>> m_counts;
    QString m_placeholder;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPTextElement* m_title = nullptr;
};

} // namespace ts::ui

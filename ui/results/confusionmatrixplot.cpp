#include "ui/results/confusionmatrixplot.h"

#include "ui/plots/plotstyle.h"

#include <QPainter>

#include <algorithm>

namespace ts::ui {

ConfusionMatrixPlot::ConfusionMatrixPlot(QWidget* parent) : QCustomPlot(parent)
{
    plotstyle::apply(this, QString());
    QFont f = font();
    f.setPointSizeF(13);
    f.setBold(true);
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, QString(), f);
    plotLayout()->addElement(0, 0, m_title);
    xAxis->setLabel(tr("predicted"));
    yAxis->setLabel(tr("true class"));
    yAxis->setRangeReversed(true);
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->grid()->setVisible(false);
        axis->setSubTicks(false);
        axis->setTickLength(0, 4);
    }
    m_scale = new QCPColorScale(this);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setDataRange(QCPRange(0, 1));
    m_scale->axis()->setLabel(tr("share of the true class"));
    m_scale->axis()->setTickLabelFont(xAxis->tickLabelFont());
    m_scale->axis()->setLabelFont(xAxis->labelFont());
    m_scale->setBarWidth(14);
    plotLayout()->addElement(1, 1, m_scale);
    auto* group = new QCPMarginGroup(this);
    axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    setMinimumSize(360, 300);
    clearMatrix();
}

int ConfusionMatrixPlot::count(int row, int column) const
{
    if (row < 0 || row >= m_counts.size() || column < 0 || column >= m_counts[row].size())
        return 0;
    return m_counts[row][column];
}

void ConfusionMatrixPlot::clearMatrix(const QString& placeholder)
{
    m_placeholder = placeholder.isEmpty()
                        ? tr("The confusion matrix of the target test images appears here after a run.")
                        : placeholder;
    m_counts.clear();
    clearItems();
    if (m_map) {
        removePlottable(m_map);
        m_map = nullptr;
    }
    m_title->setText(QString());
    replot(rpQueuedReplot);
}

void ConfusionMatrixPlot::setMatrix(const QStringList& rowNames, const QStringList& columnNames,
                                    const QVector<int>& truth, const QVector<int>& predicted, const QString& title)
{
    clearMatrix();
    m_placeholder.clear();
    const int rows = rowNames.size(), cols = columnNames.size();
    if (rows == 0 || cols == 0)
        return;
    m_counts = QVector<QVector<int>>(rows, QVector<int>(cols, 0));
    const int n = std::min(truth.size(), predicted.size());
    for (int i = 0; i < n; ++i)
        if (truth[i] >= 0 && truth[i] < rows && predicted[i] >= 0 && predicted[i] < cols)
            ++m_counts[truth[i]][predicted[i]];

    m_map = new QCPColorMap(xAxis, yAxis);
    m_map->data()->setSize(cols, rows);
    m_map->data()->setRange(QCPRange(0, std::max(1, cols - 1)), QCPRange(0, std::max(1, rows - 1)));
    if (cols == 1 || rows == 1) // a one-cell axis needs a non-empty range; cells then sit at 0
        m_map->data()->setRange(QCPRange(0, cols == 1 ? 0.0001 : cols - 1), QCPRange(0, rows == 1 ? 0.0001 : rows - 1));
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, QColor(255, 255, 255));
    gradient.setColorStopAt(0.35, QColor(158, 202, 225));
    gradient.setColorStopAt(1, QColor(8, 48, 107));
    m_map->setColorScale(m_scale); // adopts the scale's gradient and range, so set ours afterwards
    m_scale->setGradient(gradient);
    m_map->setGradient(gradient);
    m_map->setDataRange(QCPRange(0, 1));

    const int largest = std::max(rows, cols);
    QFont cellFont = font();
    cellFont.setPointSizeF(largest <= 6 ? 14 : largest <= 12 ? 11 : largest <= 20 ? 8.5 : 7);
    cellFont.setBold(true);
    for (int r = 0; r < rows; ++r) {
        int total = 0;
        for (int c = 0; c < cols; ++c)
            total += m_counts[r][c];
        for (int c = 0; c < cols; ++c) {
            const double share = total > 0 ? double(m_counts[r][c]) / total : 0.0;
            m_map->data()->setCell(c, r, share);
            if (largest > 30)
                continue; // too small to read; the colours still show the pattern
            auto* text = new QCPItemText(this);
            text->position->setCoords(c, r);
            text->setPositionAlignment(Qt::AlignCenter);
            text->setText(QString::number(m_counts[r][c]));
            text->setFont(cellFont);
            text->setColor(share > 0.5 ? Qt::white : (m_counts[r][c] ? QColor(20, 30, 50) : QColor(170, 170, 170)));
            text->setClipToAxisRect(true);
        }
    }

    auto makeTicker = [](const QStringList& names) {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (int i = 0; i < names.size(); ++i)
            ticker->addTick(i, names[i]);
        return ticker;
    };
    xAxis->setTicker(makeTicker(columnNames));
    yAxis->setTicker(makeTicker(rowNames));
    int longest = 0;
    for (const QString& s : columnNames)
        longest = std::max(longest, int(s.size()));
    xAxis->setTickLabelRotation(cols > 4 && longest > 4 ? -40 : 0);
    xAxis->setRange(-0.5, cols - 0.5);
    yAxis->setRange(-0.5, rows - 0.5);
    m_title->setText(title);
    replot(rpQueuedReplot);
}

void ConfusionMatrixPlot::paintEvent(QPaintEvent* event)
{
    if (m_placeholder.isEmpty()) {
        QCustomPlot::paintEvent(event);
        return;
    }
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white); // the widget is opaque (plotstyle): every pixel is painted here
    painter.setPen(QColor(119, 119, 119));
    QFont f = font();
    f.setPointSizeF(12);
    painter.setFont(f);
    painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
}

} // namespace ts::ui

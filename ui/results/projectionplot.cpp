#include "ui/results/projectionplot.h"

#include "ui/plots/plotstyle.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace ts::ui {

namespace {
QCPScatterStyle markerFor(int domain, const QColor& color, double size)
{
    if (domain == 1) {
        QColor fill = color;
        fill.setAlpha(70);
        return QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(color, 1.8), fill, size + 2);
    }
    QColor fill = color;
    fill.setAlpha(190);
    return QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(fill, 1), fill, size);
}

// The marker drawn once into a pixmap: hundreds of antialiased, translucent shapes a redraw were most of the
// GUI thread's time while training; copying a pixmap per point costs a fraction of that.
QCPScatterStyle pixmapMarker(const QCPScatterStyle& shape, qreal devicePixelRatio)
{
    const int side = int(std::ceil(shape.size() + shape.pen().widthF())) + 2;
    QPixmap pixmap(QSize(side, side) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QCPPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    shape.applyTo(&painter, shape.pen());
    shape.drawShape(&painter, side / 2.0, side / 2.0);
    painter.end();
    return QCPScatterStyle(pixmap);
}
} // namespace

ProjectionPlot::ProjectionPlot(QWidget* parent) : QCustomPlot(parent)
{
    plotstyle::apply(this, QString());
    QFont f = font();
    f.setPointSizeF(12);
    f.setBold(true);
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, QString(), f);
    plotLayout()->addElement(0, 0, m_title);
    xAxis->setLabel(tr("component 1"));
    yAxis->setLabel(tr("component 2"));
    // The results dock is tall and narrow: the legend goes under the points, three entries a row, never
    // over them and never squeezed beside them.
    legend->setVisible(true);
    axisRect()->insetLayout()->take(legend);
    plotLayout()->addElement(2, 0, legend);
    plotLayout()->setRowStretchFactor(2, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(3);
    legend->setMargins(QMargins(6, 4, 6, 4));
    legend->setBorderPen(Qt::NoPen);
    QFont legendFont = legend->font();
    legendFont.setPointSizeF(10.5);
    legend->setFont(legendFont);
    legend->setRowSpacing(0);
    legend->setColumnSpacing(10);
    setMinimumSize(300, 320);
}

QString ProjectionPlot::title() const
{
    return m_title->text();
}

void ProjectionPlot::clearProjection()
{
    clearGraphs();
    m_groups.clear();
    m_legend.clear();
    m_points = 0;
    m_title->setText(QString());
    replot(rpQueuedRefresh);
}

void ProjectionPlot::setProjection(const ProjectionPoints& points, const QStringList& classNames)
{
    // The engine's names cover both domains; the caller's (the target's) serve older or partial projections.
    const QStringList& names = points.classNames.isEmpty() ? classNames : points.classNames;
    const int n = std::min(points.x.size(), points.y.size());
    m_points = n;
    // One graph per (domain, class), in key order: source first, so target triangles stay on top.
    QMap<GroupKey, QPair<QVector<double>, QVector<double>>> groups;
    QMap<int, bool> classes;
    bool domains[2] = {false, false};
    for (int i = 0; i < n; ++i) {
        const int label = i < points.label.size() ? points.label[i] : -1;
        const int domain = i < points.domain.size() && points.domain[i] == 1 ? 1 : 0;
        classes.insert(label, true);
        domains[domain] = true;
        auto& group = groups[qMakePair(domain, label)];
        group.first << points.x[i];
        group.second << points.y[i];
    }
    // Legend: a disc per class in its colour, then one grey entry per domain shape.
    QStringList legend;
    for (auto it = classes.cbegin(); it != classes.cend(); ++it)
        legend << (it.key() < 0              ? tr("unlabeled")
                   : it.key() < names.size() ? names[it.key()]
                                             : tr("class %1").arg(it.key()));
    const QStringList domainNames = {tr("source"), tr("target")};
    for (int d = 0; d < 2; ++d)
        if (domains[d])
            legend << domainNames[d];
    const int markerSize = n > 600 ? 6 : 8;

    if (groups.keys().toVector() == m_groups && legend == m_legend && markerSize == m_markerSize) {
        int i = 0;
        for (auto it = groups.cbegin(); it != groups.cend(); ++it)
            graph(i++)->setData(it.value().first, it.value().second);
    } else {
        clearGraphs();
        for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
            QCPGraph* g = addGraph();
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(pixmapMarker(
                markerFor(it.key().first, plotstyle::classColor(it.key().second), markerSize), devicePixelRatioF()));
            g->removeFromLegend();
            g->setData(it.value().first, it.value().second);
        }
        int entry = 0;
        for (auto it = classes.cbegin(); it != classes.cend(); ++it) {
            QCPGraph* key = addGraph();
            key->setLineStyle(QCPGraph::lsNone);
            key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, plotstyle::classColor(it.key()), 10));
            key->setName(legend.at(entry++));
        }
        for (int d = 0; d < 2; ++d) {
            if (!domains[d])
                continue;
            QCPGraph* key = addGraph();
            key->setLineStyle(QCPGraph::lsNone);
            key->setScatterStyle(markerFor(d, QColor(30, 30, 30), 10));
            key->setName(legend.at(entry++));
        }
        m_groups = groups.keys().toVector();
        m_legend = legend;
        m_markerSize = markerSize;
    }
    rescaleAxes(true);
    for (QCPAxis* axis : {xAxis, yAxis}) {
        const QCPRange r = axis->range();
        const double pad = std::max(r.size() * 0.06, 1e-6);
        axis->setRange(r.lower - pad, r.upper + pad);
    }
    const QString method = points.method.isEmpty() ? QStringLiteral("PCA") : points.method;
    m_title->setText(points.epoch > 0 ? tr("Features after epoch %1 (%2)").arg(points.epoch).arg(method)
                                      : tr("Features (%1)").arg(method));
    replot(rpQueuedRefresh);
}

} // namespace ts::ui

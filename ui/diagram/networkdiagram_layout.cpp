// NetworkDiagram: placing the blocks, arrows and legend.

#include "ui/diagram/networkdiagram.h"

#include "ui/diagram/diagramlegenditem.h"
#include "ui/diagram/layerblockitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsScene>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <functional>

namespace ts::ui {

namespace {
constexpr qreal kColumnGap = 56;
constexpr qreal kRowGap = 70;
const QColor kArrowColor(85, 90, 100);
} // namespace

void NetworkDiagram::layoutScene()
{
    m_scene->clear();
    m_blocks.clear();
    m_legend = nullptr;

    // Children of each layer, in network order; a layer whose input is unknown starts a new row.
    QHash<QString, int> index;
    for (int i = 0; i < m_layers.size(); ++i)
        index.insert(m_layers[i].name, i);
    QVector<QVector<int>> children(m_layers.size());
    QVector<int> roots;
    for (int i = 0; i < m_layers.size(); ++i) {
        const auto it = index.constFind(m_layers[i].input);
        if (m_layers[i].input.isEmpty() || it == index.constEnd() || *it == i)
            roots << i;
        else
            children[*it] << i;
    }
    QVector<int> height(m_layers.size(), -1); // longest chain below a layer, guards against cycles
    std::function<int(int)> chainLength = [&](int i) {
        if (height[i] >= 0)
            return height[i];
        height[i] = 1;
        int best = 0;
        for (int c : children[i])
            best = std::max(best, chainLength(c));
        return height[i] = 1 + best;
    };

    // Each row follows one chain: the child with the parent's role, else the label path, else the longest.
    // Other children open rows below; branches from deeper layers get the nearer rows so that the
    // vertical arrow stubs never cross another row's blocks.
    struct Branch {
        int layer, column;
    };
    QVector<QPoint> cell(m_layers.size(), QPoint(-1, -1));
    QVector<Branch> pending;
    for (int r : roots)
        pending.push_back({r, 0});
    int row = 0;
    auto rank = [&](int parent, int c) {
        const QString& role = m_layers[c].role;
        int score = chainLength(c);
        if (role == m_layers[parent].role)
            score += 3000;
        else if (role == QLatin1String("label"))
            score += 2000;
        else if (role == QLatin1String("feature"))
            score += 1000;
        return score;
    };
    while (!pending.isEmpty()) {
        const Branch start = pending.takeFirst();
        if (cell[start.layer].x() >= 0)
            continue;
        QVector<Branch> opened;
        int i = start.layer, column = start.column;
        while (i >= 0 && cell[i].x() < 0) {
            cell[i] = QPoint(column, row);
            int next = -1;
            for (int c : children[i])
                if (cell[c].x() < 0 && (next < 0 || rank(i, c) > rank(i, next)))
                    next = c;
            for (int c : children[i])
                if (c != next && cell[c].x() < 0)
                    opened.push_back({c, column + 1});
            i = next;
            ++column;
        }
        std::stable_sort(opened.begin(), opened.end(),
                         [](const Branch& a, const Branch& b) { return a.column > b.column; });
        pending = opened + pending;
        ++row;
    }

    const qreal stepX = LayerBlockItem::kWidth + kColumnGap;
    const qreal stepY = LayerBlockItem::kHeight + kRowGap;
    for (int i = 0; i < m_layers.size(); ++i) {
        auto* block = new LayerBlockItem(m_layers[i]);
        block->setPos(cell[i].x() * stepX, cell[i].y() * stepY);
        block->setBranchPoint(m_layers[i].name == m_branch);
        block->setZValue(1);
        m_scene->addItem(block);
        m_blocks.insert(m_layers[i].name, block);
    }
    for (int i = 0; i < m_layers.size(); ++i)
        for (int c : children[i])
            addArrow(blockRect(m_layers[i].name), blockRect(m_layers[c].name), cell[i].y() == cell[c].y());

    m_legend = new DiagramLegendItem;
    m_legend->setPos(0, row * stepY - kRowGap / 2 + 8);
    m_scene->addItem(m_legend);
    updateLegend();
    setWeightChanges({});

    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-30, -30, 30, 30));
    if (m_autoFit)
        fitToWindow();
}

void NetworkDiagram::addArrow(const QRectF& from, const QRectF& to, bool sameRow)
{
    if (from.isEmpty() || to.isEmpty())
        return;
    QPainterPath path;
    const QPointF end(to.left() - 2, to.center().y());
    if (sameRow) {
        path.moveTo(from.right(), from.center().y());
        path.lineTo(end);
    } else {
        // Down from the parent's bottom edge, then right into the branch's first block.
        const qreal x = std::min(from.center().x() + from.width() / 4, to.left() - 24);
        path.moveTo(x, to.center().y() < from.center().y() ? from.top() : from.bottom());
        path.lineTo(x, end.y());
        path.lineTo(end);
    }
    auto* line = m_scene->addPath(path, QPen(kArrowColor, 2.5, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
    line->setZValue(0);
    QPolygonF head;
    head << QPointF(end.x() + 2, end.y()) << QPointF(end.x() - 12, end.y() - 7) << QPointF(end.x() - 12, end.y() + 7);
    auto* tip = m_scene->addPolygon(head, QPen(Qt::NoPen), kArrowColor);
    tip->setZValue(0);
}

void NetworkDiagram::updateLegend()
{
    if (!m_legend)
        return;
    QStringList roles;
    for (const LayerBlock& l : m_layers)
        if (!roles.contains(l.role))
            roles << l.role;
    m_legend->setRoles(roles);
    double maxChange = -1;
    for (auto it = m_changes.cbegin(); it != m_changes.cend(); ++it)
        if (m_blocks.contains(it.key()))
            maxChange = std::max(maxChange, std::isfinite(*it) ? *it : 0.0);
    m_legend->setChangeScale(maxChange);
    m_legend->setHint(m_branchSelectable ? tr("Click a layer to freeze or unfreeze it; right-click it to set the "
                                              "branch point.")
                                         : tr("Click a layer to freeze or unfreeze it."));
}

} // namespace ts::ui

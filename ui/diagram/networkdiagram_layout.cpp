// NetworkDiagram: placing the blocks, arrows and legend.

#include "ui/diagram/networkdiagram.h"

#include "ui/diagram/diagramlegenditem.h"
#include "ui/diagram/layerblockitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <functional>

namespace ts::ui {

namespace {
const QColor kArrowColor(85, 90, 100);
} // namespace

void NetworkDiagram::layoutScene()
{
    m_scene->clear();
    m_blocks.clear();
    m_frames.clear();
    m_frameTitles.clear();
    m_legend = nullptr;

    // The graph is that of the layers; nested parts are drawn inside their layer. Each layer spans as many
    // columns as it shows blocks: one, or the unfolded parts of an imported trunk.
    QVector<int> layerAt; // layer number -> index into m_layers
    for (int i = 0; i < m_layers.size(); ++i)
        if (m_layers[i].parent.isEmpty())
            layerAt << i;
    const int n = layerAt.size();
    QVector<QStringList> leaves(n);
    for (int k = 0; k < n; ++k)
        leaves[k] = visibleLeaves(m_layers[layerAt[k]].name);

    // Children of each layer, in network order; a layer whose input is unknown starts a new row.
    QHash<QString, int> index;
    for (int k = 0; k < n; ++k)
        index.insert(m_layers[layerAt[k]].name, k);
    auto layer = [&](int k) -> const LayerBlock& { return m_layers[layerAt[k]]; };
    QVector<QVector<int>> children(n);
    QVector<int> roots;
    for (int k = 0; k < n; ++k) {
        const auto it = index.constFind(layer(k).input);
        if (layer(k).input.isEmpty() || it == index.constEnd() || *it == k)
            roots << k;
        else
            children[*it] << k;
    }
    QVector<int> height(n, -1); // longest chain below a layer, guards against cycles
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
    QVector<QPoint> cell(n, QPoint(-1, -1));
    QVector<Branch> pending;
    for (int r : roots)
        pending.push_back({r, 0});
    int row = 0;
    auto rank = [&](int parent, int c) {
        const QString& role = layer(c).role;
        int score = chainLength(c);
        if (role == layer(parent).role)
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
            column += int(leaves[i].size());
            int next = -1;
            for (int c : children[i])
                if (cell[c].x() < 0 && (next < 0 || rank(i, c) > rank(i, next)))
                    next = c;
            for (int c : children[i])
                if (c != next && cell[c].x() < 0)
                    opened.push_back({c, column});
            i = next;
        }
        std::stable_sort(opened.begin(), opened.end(),
                         [](const Branch& a, const Branch& b) { return a.column > b.column; });
        pending = opened + pending;
        ++row;
    }

    const qreal stepX = LayerBlockItem::kWidth + kColumnGap;
    const qreal stepY = LayerBlockItem::kHeight + kRowGap;
    QHash<QString, QPointF> place;
    qreal legendY = row * stepY - kRowGap / 2 + 8;
    if (!hasParts()) {
        for (int k = 0; k < n; ++k)
            for (int j = 0; j < leaves[k].size(); ++j)
                place.insert(leaves[k][j], QPointF((cell[k].x() + j) * stepX, cell[k].y() * stepY));
    } else {
        // An imported model's parts (resnet18 has ten) would make one row too long to read once fitted: each
        // row wraps into lines, and a top-level part's blocks stay on one line unless they fill more than one.
        const qreal lineStep = stepY + kFrameTitle + kFramePad;
        m_perLine = bestPerLine(int(visibleBlocks().size()));
        int line = 0;
        for (int r = 0; r < row; ++r) {
            QVector<int> inRow;
            for (int k = 0; k < n; ++k)
                if (cell[k].y() == r)
                    inRow << k;
            std::sort(inRow.begin(), inRow.end(), [&](int a, int b) { return cell[a].x() < cell[b].x(); });
            QVector<QStringList> units;
            for (int k : inRow) {
                if (!isExpanded(layer(k).name)) {
                    units << QStringList{layer(k).name};
                    continue;
                }
                for (const QString& c : m_children.value(layer(k).name))
                    units << visibleLeaves(c);
            }
            int column = 0;
            for (const QStringList& unit : std::as_const(units)) {
                if (column > 0 && column + unit.size() > m_perLine) {
                    ++line;
                    column = 0;
                }
                for (const QString& leaf : unit) {
                    if (column == m_perLine) {
                        ++line;
                        column = 0;
                    }
                    place.insert(leaf, QPointF(column++ * stepX, line * lineStep));
                }
            }
            ++line;
        }
        legendY = line * lineStep - kRowGap / 2 - kFrameTitle + 8;
    }
    for (int k = 0; k < n; ++k) {
        for (const QString& leaf : std::as_const(leaves[k])) {
            auto* block = new LayerBlockItem(m_layers[m_index.value(leaf)]);
            block->setPos(place.value(leaf));
            block->setBranchPoint(block->name() == m_branch);
            block->setFrozenBy(frozenBy(block->name()));
            block->setFrozenInside(hasFrozenPart(block->name()));
            block->setZValue(1);
            m_scene->addItem(block);
            m_blocks.insert(block->name(), block);
        }
    }
    for (int k = 0; k < n; ++k) {
        // Parts run one after another here; their real wiring (skip connections) is the model's own forward().
        for (int j = 1; j < leaves[k].size(); ++j)
            addArrow(blockRect(leaves[k][j - 1]), blockRect(leaves[k][j]),
                     blockRect(leaves[k][j - 1]).top() == blockRect(leaves[k][j]).top());
        for (int c : children[k])
            addArrow(blockRect(leaves[k].last()), blockRect(leaves[c].first()),
                     blockRect(leaves[k].last()).top() == blockRect(leaves[c].first()).top());
    }
    for (int k = 0; k < n; ++k)
        addFrames(layer(k).name, 0);
    updateFrameTitles();

    m_legend = new DiagramLegendItem;
    m_legend->setPos(0, legendY);
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
    if (!sameRow && to.left() < from.right()) {
        // A wrapped line: down from the block, back along the gap between the lines, down into the next block.
        const QPointF end(to.center().x(), to.top() - 2);
        const qreal midY = (from.bottom() + end.y()) / 2;
        path.moveTo(from.center().x(), from.bottom());
        path.lineTo(from.center().x(), midY);
        path.lineTo(end.x(), midY);
        path.lineTo(end);
        auto* line = m_scene->addPath(path, QPen(kArrowColor, 2.5, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
        line->setZValue(0);
        QPolygonF head;
        head << QPointF(end.x(), end.y() + 2) << QPointF(end.x() - 7, end.y() - 12)
             << QPointF(end.x() + 7, end.y() - 12);
        m_scene->addPolygon(head, QPen(Qt::NoPen), kArrowColor)->setZValue(0);
        return;
    }
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
    bool groups = false;
    for (const LayerBlock& l : m_layers) {
        if (!roles.contains(l.role))
            roles << l.role;
        groups = groups || l.children > 0;
    }
    m_legend->setRoles(roles);
    double maxChange = -1;
    for (auto it = m_changes.cbegin(); it != m_changes.cend(); ++it)
        if (m_index.contains(it.key()))
            maxChange = std::max(maxChange, std::isfinite(*it) ? *it : 0.0);
    m_legend->setChangeScale(maxChange);
    if (groups) {
        m_legend->setHint(tr("Click a block or a group's title to freeze or unfreeze it; ▸ opens a group, "
                             "▾ closes it."));
        return;
    }
    m_legend->setHint(m_branchSelectable ? tr("Click a layer to freeze or unfreeze it; right-click it to set the "
                                              "branch point.")
                                         : tr("Click a layer to freeze or unfreeze it."));
}

} // namespace ts::ui

#include "ui/results/imagegallery.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPixmap>
#include <QResizeEvent>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace ts::ui {

namespace {
constexpr int kTileExtra = 36; // tile width beyond the image: padding and spacing
}

ImageGallery::ImageGallery(QWidget* parent) : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    rebuild();
}

int ImageGallery::tileCount() const
{
    int count = 0;
    for (const Group& group : m_groups)
        count += group.tiles.size();
    return count;
}

void ImageGallery::rebuildWhenShown()
{
    // Tiles are widgets, a few hundred of them for a clustering run: built while the gallery is hidden they
    // would take the GUI thread (and a core from the training beside it) for a page nobody looks at yet.
    if (isVisible())
        rebuild();
    else
        m_stale = true;
}

void ImageGallery::setTiles(const QVector<Tile>& tiles)
{
    m_groups = {Group{QString(), tiles}};
    m_titled = false;
    rebuildWhenShown();
}

void ImageGallery::setGroups(const QVector<Group>& groups)
{
    m_groups = groups;
    m_titled = true;
    rebuildWhenShown();
}

void ImageGallery::clearTiles()
{
    m_groups.clear();
    rebuildWhenShown();
}

int ImageGallery::columns() const
{
    const int width = viewport()->width() - 24;
    return std::max(1, width / (m_imageSize + kTileExtra));
}

QWidget* ImageGallery::makeTile(const Tile& tile) const
{
    auto* frame = new QFrame;
    frame->setObjectName(QStringLiteral("galleryTile")); // styled by the content's one style sheet
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->setSpacing(3);
    auto* image = new QLabel;
    image->setAlignment(Qt::AlignCenter);
    image->setMinimumSize(m_imageSize, m_imageSize);
    if (!tile.image.isNull()) {
        // Whole-number upscaling with nearest neighbour keeps tiny digits crisp instead of blurry.
        const int edge = std::max(tile.image.width(), tile.image.height());
        const int factor = std::max(1, m_imageSize / std::max(1, edge));
        QImage scaled = edge * factor > m_imageSize
                            ? tile.image.scaled(m_imageSize, m_imageSize, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                            : tile.image.scaled(tile.image.width() * factor, tile.image.height() * factor,
                                                Qt::IgnoreAspectRatio, Qt::FastTransformation);
        image->setPixmap(QPixmap::fromImage(scaled));
    }
    layout->addWidget(image);
    auto* caption = new QLabel(tile.caption);
    caption->setAlignment(Qt::AlignCenter);
    caption->setWordWrap(true);
    caption->setFixedWidth(m_imageSize + 12);
    QFont f = caption->font();
    f.setPointSizeF(f.pointSizeF() * 1.05);
    caption->setFont(f);
    layout->addWidget(caption);
    frame->setToolTip(tile.toolTip);
    return frame;
}

void ImageGallery::rebuild()
{
    const int cols = columns();
    m_builtColumns = cols;
    m_builtTiles = 0;
    m_stale = false;
    auto* content = new QWidget;
    content->setObjectName(QStringLiteral("galleryContent"));
    // One sheet for all tiles: a sheet of its own on each tile restyles every label in it, hundreds per run.
    content->setStyleSheet(QStringLiteral("#galleryContent { background: #f3f4f6; } "
                                          "#galleryTile { background: white; border: 1px solid #d4d7dc; "
                                          "border-radius: 6px; }"));
    auto* outer = new QVBoxLayout(content);
    outer->setContentsMargins(12, 12, 12, 12);
    outer->setSpacing(10);
    for (const Group& group : std::as_const(m_groups)) {
        if (m_titled) {
            auto* title = new QLabel(group.title);
            QFont f = title->font();
            f.setPointSizeF(f.pointSizeF() * 1.2);
            f.setBold(true);
            title->setFont(f);
            outer->addWidget(title);
        }
        auto* grid = new QGridLayout;
        grid->setSpacing(8);
        grid->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        for (int i = 0; i < group.tiles.size(); ++i)
            grid->addWidget(makeTile(group.tiles[i]), i / cols, i % cols);
        m_builtTiles += group.tiles.size();
        outer->addLayout(grid);
    }
    outer->addStretch(1);
    setWidget(content); // deletes the previous content
    m_content = content;
}

void ImageGallery::resizeEvent(QResizeEvent* event)
{
    QScrollArea::resizeEvent(event);
    if (columns() != m_builtColumns && m_builtTiles > 0)
        rebuildWhenShown();
}

void ImageGallery::showEvent(QShowEvent* event)
{
    QScrollArea::showEvent(event);
    if (m_stale || (m_builtTiles > 0 && columns() != m_builtColumns))
        rebuild();
}

} // namespace ts::ui

#pragma once

#include <QImage>
#include <QScrollArea>
#include <QVector>

class QLabel;
class QVBoxLayout;
class QWidget;

namespace ts::ui {

/// A scrolling grid of small images, scaled up by whole factors so pixels stay sharp, each with a caption.
/// Tiles reflow with the width. Used for misclassified images (one grid) and for clusters (one grid per group).
class ImageGallery : public QScrollArea {
    Q_OBJECT
public:
    struct Tile {
        QImage image;
        QString caption; // rich text allowed
        QString toolTip;
    };
    struct Group {
        QString title;
        QVector<Tile> tiles;
    };

    explicit ImageGallery(QWidget* parent = nullptr);

    /// Shows one grid.
    void setTiles(const QVector<Tile>& tiles);
    /// Shows a titled grid per group.
    void setGroups(const QVector<Group>& groups);
    void clearTiles();
    /// Tiles set, whether or not they are built yet.
    int tileCount() const;
    /// Target edge length of a scaled image, in pixels.
    void setImageSize(int pixels) { m_imageSize = pixels; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    QWidget* makeTile(const Tile& tile) const;
    int columns() const;
    void rebuild();
    void rebuildWhenShown();

    QVector<Group> m_groups;
    bool m_titled = false;
    int m_builtTiles = 0; // tiles in the built grid
    bool m_stale = false; // the grid waits for the gallery to be shown
    int m_imageSize = 96;
    int m_builtColumns = -1;
    QWidget* m_content = nullptr;
};

} // namespace ts::ui

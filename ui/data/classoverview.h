#pragma once

#include "ui/data/datasetsummary.h"

#include <QWidget>

namespace ts::ui {

/// One row per class: its name, its image count as a bar, and a strip of sample thumbnails.
class ClassOverview : public QWidget {
    Q_OBJECT
public:
    explicit ClassOverview(QWidget* parent = nullptr);

    void setSummary(const DatasetSummary& summary);
    void clear();
    /// Classes to draw in a warning colour (e.g. missing from the other domain).
    void setHighlighted(const QStringList& classNames);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    int rowCount() const;
    int rowAt(int y) const;

    DatasetSummary m_summary;
    QStringList m_highlighted;
};

} // namespace ts::ui

#pragma once

#include <QPen>
#include <QVector>
#include <QWidget>

namespace ts::ui {

/// The key to the runs drawn behind the current one: a short line in each run's dash style and its name, in
/// one row above the charts. Per-chart legends would repeat every run in every chart and cover the curves.
class OverlayKey : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        QString name;
        QPen pen;
    };

    explicit OverlayKey(QWidget* parent = nullptr);

    void setEntries(const QVector<Entry>& entries);
    const QVector<Entry>& entries() const { return m_entries; }

    /// Draws `entries` left to right in `rect` (also used when the charts are saved as PNG or PDF).
    static void paint(QPainter* painter, const QRect& rect, const QVector<Entry>& entries, const QFont& font);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<Entry> m_entries;
};

} // namespace ts::ui

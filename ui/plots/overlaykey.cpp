#include "ui/plots/overlaykey.h"

#include <QFontMetrics>
#include <QPainter>

namespace ts::ui {

namespace {
constexpr int kSample = 34;  // length of the line sample
constexpr int kGap = 6;      // sample to name
constexpr int kSpacing = 18; // between entries
} // namespace

OverlayKey::OverlayKey(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setVisible(false);
}

void OverlayKey::setEntries(const QVector<Entry>& entries)
{
    m_entries = entries;
    QStringList names;
    for (const Entry& e : entries)
        names << e.name;
    setToolTip(entries.isEmpty() ? QString() : tr("Drawn behind this run: %1").arg(names.join(QStringLiteral("; "))));
    setVisible(!entries.isEmpty());
    update();
}

QSize OverlayKey::sizeHint() const
{
    int width = 0;
    const QFontMetrics fm(font());
    for (const Entry& e : m_entries)
        width += kSample + kGap + fm.horizontalAdvance(e.name) + kSpacing;
    return {width, fm.height() + 4};
}

QSize OverlayKey::minimumSizeHint() const
{
    return {0, QFontMetrics(font()).height() + 4};
}

void OverlayKey::paint(QPainter* painter, const QRect& rect, const QVector<Entry>& entries, const QFont& font)
{
    painter->save();
    painter->setFont(font);
    painter->setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm(font);
    int x = rect.left();
    const int mid = rect.center().y();
    for (const Entry& e : entries) {
        if (x >= rect.right())
            break;
        painter->setPen(e.pen);
        painter->drawLine(QPointF(x, mid + 0.5), QPointF(x + kSample, mid + 0.5));
        x += kSample + kGap;
        const QString name = fm.elidedText(e.name, Qt::ElideRight, std::max(0, rect.right() - x));
        painter->setPen(QColor(70, 70, 70));
        painter->drawText(QRect(x, rect.top(), rect.right() - x, rect.height()), Qt::AlignVCenter | Qt::AlignLeft,
                          name);
        x += fm.horizontalAdvance(name) + kSpacing;
    }
    painter->restore();
}

void OverlayKey::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    paint(&painter, rect(), m_entries, font());
}

} // namespace ts::ui

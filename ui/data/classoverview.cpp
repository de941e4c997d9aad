#include "ui/data/classoverview.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace ts::ui {

namespace {
constexpr int kRowHeight = 30;
constexpr int kThumb = 26;
constexpr int kNameWidth = 76;
constexpr int kBarWidth = 58;
constexpr int kGap = 6;
} // namespace

ClassOverview::ClassOverview(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setMouseTracking(true);
}

void ClassOverview::setSummary(const DatasetSummary& summary)
{
    m_summary = summary;
    updateGeometry();
    update();
}

void ClassOverview::clear()
{
    setSummary({});
}

void ClassOverview::setHighlighted(const QStringList& classNames)
{
    m_highlighted = classNames;
    update();
}

int ClassOverview::rowCount() const
{
    return m_summary.labeled ? int(m_summary.classNames.size()) : (m_summary.images > 0 ? 1 : 0);
}

QSize ClassOverview::sizeHint() const
{
    return {kNameWidth + kBarWidth + 4 * kThumb, heightForWidth(300)};
}

QSize ClassOverview::minimumSizeHint() const
{
    return {kNameWidth + kBarWidth + kThumb, 0};
}

int ClassOverview::heightForWidth(int) const
{
    return rowCount() * kRowHeight + (rowCount() ? 4 : 0);
}

int ClassOverview::rowAt(int y) const
{
    const int row = (y - 2) / kRowHeight;
    return row >= 0 && row < rowCount() ? row : -1;
}

bool ClassOverview::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int row = rowAt(help->pos().y());
        if (row < 0 || !m_summary.labeled) {
            QToolTip::hideText();
            return true;
        }
        const qint64 count = row < m_summary.classCounts.size() ? m_summary.classCounts[row] : 0;
        QString text = tr("<b>%1</b>: %n image(s)", nullptr, int(count)).arg(m_summary.classNames[row].toHtmlEscaped());
        if (m_highlighted.contains(m_summary.classNames[row]))
            text += QLatin1String("<br>") + tr("This class is missing from the other domain.");
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void ClassOverview::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const qint64 maxCount =
        m_summary.classCounts.isEmpty()
            ? 1
            : std::max<qint64>(1, *std::max_element(m_summary.classCounts.begin(), m_summary.classCounts.end()));
    const int thumbsX = kNameWidth + kBarWidth + 2 * kGap;
    const int thumbsFit = std::max(0, (width() - thumbsX) / (kThumb + 2));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    for (int row = 0; row < rowCount(); ++row) {
        const int y = 2 + row * kRowHeight;
        const QRect rowRect(0, y, width(), kRowHeight - 2);
        if (row % 2)
            p.fillRect(rowRect, pal.color(QPalette::AlternateBase));
        const QString name = m_summary.labeled ? m_summary.classNames[row] : tr("(unlabeled)");
        const bool warn = m_highlighted.contains(name);
        p.setFont(small);
        p.setPen(warn ? QColor(0xc6, 0x28, 0x28) : pal.color(QPalette::WindowText));
        const QRect nameRect(4, y, kNameWidth - 6, kRowHeight - 2);
        p.drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(name, Qt::ElideRight, nameRect.width()));
        const qint64 count = m_summary.labeled ? (row < m_summary.classCounts.size() ? m_summary.classCounts[row] : 0)
                                               : m_summary.images;
        const QRect barBack(kNameWidth, y + 7, kBarWidth, kRowHeight - 16);
        p.setPen(Qt::NoPen);
        p.setBrush(pal.color(QPalette::Midlight));
        p.drawRoundedRect(barBack, 3, 3);
        QRect bar = barBack;
        bar.setWidth(std::max(2, int(barBack.width() * double(count) /
                                     double(m_summary.labeled ? maxCount
                                            : count           ? count
                                                              : 1))));
        p.setBrush(warn ? QColor(0xe5, 0x73, 0x73) : QColor(0x4a, 0x90, 0xd9));
        p.drawRoundedRect(bar, 3, 3);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(barBack.adjusted(4, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft, QLocale().toString(count));
        const auto& thumbs = row < m_summary.thumbnails.size() ? m_summary.thumbnails[row] : QVector<QImage>();
        for (int i = 0; i < std::min<int>(thumbsFit, int(thumbs.size())); ++i) {
            const QRect r(thumbsX + i * (kThumb + 2), y + 1, kThumb, kThumb);
            p.drawImage(r, thumbs[i]);
            p.setPen(QPen(pal.color(QPalette::Mid), 1));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(0, 0, -1, -1));
        }
    }
    if (rowCount() == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No data loaded"));
    }
}

} // namespace ts::ui

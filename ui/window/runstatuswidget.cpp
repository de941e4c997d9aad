#include "ui/window/runstatuswidget.h"

#include "ui/run/throttle.h"

#include <QFontMetrics>
#include <QPaintEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionProgressBar>

#include <cmath>

namespace ts::ui {

namespace {
constexpr int kMargin = 8;
constexpr int kSpacing = 8;
constexpr int kBarHeight = 16;
constexpr int kMinTextWidth = 280;
} // namespace

RunStatusWidget::RunStatusWidget(QWidget* parent) : QWidget(parent), m_throttle(new Throttle(kProgressIntervalMs, this))
{
    // Long messages must not widen the toolbar (and with it the window): the text is elided to the width the
    // toolbar gives, and the full text goes to the tooltip.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setIdle();
}

QString RunStatusWidget::formatDuration(double seconds)
{
    if (seconds < 0 || !std::isfinite(seconds))
        return tr("…");
    const int s = int(std::lround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QSize RunStatusWidget::minimumSizeHint() const
{
    return {kMargin + kBarWidth + kSpacing + kMinTextWidth + kMargin, std::max(kBarHeight, fontMetrics().height())};
}

QSize RunStatusWidget::sizeHint() const
{
    return minimumSizeHint();
}

void RunStatusWidget::setProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds)
{
    if (phase != m_shownPhase || (total > 0 && done >= total))
        m_throttle->reset(); // a new phase and the end of one show at once
    m_throttle->post([this, phase, done, total, etaSeconds] { showProgress(phase, done, total, etaSeconds); });
}

void RunStatusWidget::showProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds)
{
    m_shownPhase = phase;
    const int permille = total > 0 ? int(1000.0 * double(std::clamp<qint64>(done, 0, total)) / double(total)) : -1;
    const QString barText = total > 0 ? QStringLiteral("%1%").arg(permille / 10) : QString();
    if (permille != m_permille || barText != m_barText) {
        m_permille = permille;
        m_barText = barText;
        update(barRect());
    }
    QString text = total > 0 ? tr("%1 · %2/%3").arg(phase).arg(done).arg(total) : phase;
    if (etaSeconds >= 0)
        text += tr(" · ETA %1").arg(formatDuration(etaSeconds));
    setText(text);
}

void RunStatusWidget::setText(const QString& text)
{
    if (text == m_text)
        return;
    // Only the text's old and new extent is repainted (the toolbar's background is drawn under it too), and
    // never updateGeometry(): the size does not depend on the text.
    const QRect area = textRect();
    const int width = std::max(fontMetrics().horizontalAdvance(m_text), fontMetrics().horizontalAdvance(text)) + 4;
    m_text = text;
    setToolTip(text);
    update(QRect(area.left(), 0, std::min(area.width(), width), height()));
}

QRect RunStatusWidget::barRect() const
{
    const int barHeight = std::min(kBarHeight, height());
    return {kMargin, (height() - barHeight) / 2, kBarWidth, barHeight};
}

QRect RunStatusWidget::textRect() const
{
    return {kMargin + kBarWidth + kSpacing, 0, std::max(0, width() - kMargin - kBarWidth - kSpacing - kMargin),
            height()};
}

void RunStatusWidget::setMessage(const QString& message)
{
    m_throttle->reset(); // a pending progress line must not replace the message
    setText(message);
}

void RunStatusWidget::setIdle(const QString& message)
{
    m_throttle->reset();
    m_shownPhase.clear();
    m_permille = 0;
    m_barText.clear();
    update(barRect());
    setText(message.isEmpty() ? tr("Ready") : message);
}

void RunStatusWidget::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    if (event->rect().intersects(barRect())) {
        QStyleOptionProgressBar bar;
        bar.initFrom(this);
        bar.styleObject = nullptr; // no busy animation: it would repaint 60 times a second while the engine loads
        bar.rect = barRect();
        bar.minimum = 0;
        bar.maximum = m_permille < 0 ? 0 : 1000; // 0..0: the style's "busy" look
        bar.progress = std::max(0, m_permille);
        bar.text = m_barText;
        bar.textVisible = !m_barText.isEmpty();
        bar.textAlignment = Qt::AlignCenter;
        bar.state |= QStyle::State_Horizontal;
        style()->drawControl(QStyle::CE_ProgressBar, &bar, &painter, this);
    }
    const QRect text = textRect();
    if (event->rect().intersects(text)) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(text, Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(m_text, Qt::ElideRight, text.width()));
    }
}

} // namespace ts::ui

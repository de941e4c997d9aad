#include "ui/runstatuswidget.h"

#include "ui/throttle.h"

#include <QFontMetrics>
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
    if (total > 0) {
        m_permille = int(1000.0 * double(std::clamp<qint64>(done, 0, total)) / double(total));
        m_barText = QStringLiteral("%1%").arg(m_permille / 10);
    } else {
        m_permille = -1;
        m_barText.clear();
    }
    QString text = total > 0 ? tr("%1 · %2/%3").arg(phase).arg(done).arg(total) : phase;
    if (etaSeconds >= 0)
        text += tr(" · ETA %1").arg(formatDuration(etaSeconds));
    setText(text);
}

void RunStatusWidget::setText(const QString& text)
{
    m_text = text;
    setToolTip(text);
    update(); // never updateGeometry(): the size does not depend on the text
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
    setText(message.isEmpty() ? tr("Ready") : message);
}

void RunStatusWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    QStyleOptionProgressBar bar;
    bar.initFrom(this);
    bar.styleObject = nullptr; // no busy animation: it would repaint 60 times a second while the engine loads
    const int barHeight = std::min(kBarHeight, height());
    bar.rect = QRect(kMargin, (height() - barHeight) / 2, kBarWidth, barHeight);
    bar.minimum = 0;
    bar.maximum = m_permille < 0 ? 0 : 1000; // 0..0: the style's "busy" look
    bar.progress = std::max(0, m_permille);
    bar.text = m_barText;
    bar.textVisible = !m_barText.isEmpty();
    bar.textAlignment = Qt::AlignCenter;
    bar.state |= QStyle::State_Horizontal;
    style()->drawControl(QStyle::CE_ProgressBar, &bar, &painter, this);

    const QRect textRect(kMargin + kBarWidth + kSpacing, 0, width() - kMargin - kBarWidth - kSpacing - kMargin,
                         height());
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                     fontMetrics().elidedText(m_text, Qt::ElideRight, textRect.width()));
}

} // namespace ts::ui

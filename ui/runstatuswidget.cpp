#include "ui/runstatuswidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>

#include <cmath>

namespace ts::ui {

RunStatusWidget::RunStatusWidget(QWidget* parent)
    : QWidget(parent), m_bar(new QProgressBar(this)), m_label(new QLabel(this)), m_progressTimer(new QTimer(this))
{
    m_progressTimer->setSingleShot(true);
    connect(m_progressTimer, &QTimer::timeout, this, &RunStatusWidget::showProgress);
    m_bar->setObjectName(QStringLiteral("runProgress"));
    m_bar->setFixedWidth(200);
    m_bar->setMaximumHeight(16);
    m_bar->setTextVisible(true);
    m_label->setObjectName(QStringLiteral("runStatus"));
    // Long messages must not widen the toolbar (and with it the window): the label keeps its width and the
    // full text goes to the tooltip.
    m_label->setMinimumWidth(280);
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 8, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_label);
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

void RunStatusWidget::setProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds)
{
    m_pending = {phase, done, total, etaSeconds};
    const bool now = phase != m_shown.phase || (total > 0 && done >= total) || !m_sinceShown.isValid() ||
                     m_sinceShown.elapsed() >= kProgressIntervalMs;
    if (now)
        showProgress();
    else if (!m_progressTimer->isActive())
        m_progressTimer->start(int(kProgressIntervalMs - m_sinceShown.elapsed()));
}

void RunStatusWidget::showProgress()
{
    m_progressTimer->stop();
    m_sinceShown.start();
    m_shown = m_pending;
    const Progress& p = m_shown;
    if (p.total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(1000.0 * double(p.done) / double(p.total)));
        m_bar->setFormat(QStringLiteral("%p%"));
    } else {
        m_bar->setRange(0, 0);
    }
    QString text = p.total > 0 ? tr("%1 · %2/%3").arg(p.phase).arg(p.done).arg(p.total) : p.phase;
    if (p.etaSeconds >= 0)
        text += tr(" · ETA %1").arg(formatDuration(p.etaSeconds));
    setText(text);
}

void RunStatusWidget::setText(const QString& text)
{
    m_label->setText(text);
    m_label->setToolTip(text);
}

void RunStatusWidget::setMessage(const QString& message)
{
    m_progressTimer->stop(); // a pending progress line must not replace the message
    setText(message);
}

void RunStatusWidget::setIdle(const QString& message)
{
    m_progressTimer->stop();
    m_shown = {};
    m_sinceShown.invalidate();
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_bar->setFormat(QString());
    setText(message.isEmpty() ? tr("Ready") : message);
}

} // namespace ts::ui

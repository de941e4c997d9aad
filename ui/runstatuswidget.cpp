#include "ui/runstatuswidget.h"

#include "ui/throttle.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

#include <cmath>

namespace ts::ui {

RunStatusWidget::RunStatusWidget(QWidget* parent)
    : QWidget(parent), m_bar(new QProgressBar(this)), m_label(new QLabel(this)), m_throttle(new Throttle(kProgressIntervalMs, this))
{
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
    if (phase != m_shownPhase || (total > 0 && done >= total))
        m_throttle->reset(); // a new phase and the end of one show at once
    m_throttle->post([this, phase, done, total, etaSeconds] { showProgress(phase, done, total, etaSeconds); });
}

void RunStatusWidget::showProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds)
{
    m_shownPhase = phase;
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(1000.0 * double(done) / double(total)));
        m_bar->setFormat(QStringLiteral("%p%"));
    } else {
        m_bar->setRange(0, 0);
    }
    QString text = total > 0 ? tr("%1 · %2/%3").arg(phase).arg(done).arg(total) : phase;
    if (etaSeconds >= 0)
        text += tr(" · ETA %1").arg(formatDuration(etaSeconds));
    setText(text);
}

void RunStatusWidget::setText(const QString& text)
{
    m_label->setText(text);
    m_label->setToolTip(text);
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
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_bar->setFormat(QString());
    setText(message.isEmpty() ? tr("Ready") : message);
}

} // namespace ts::ui

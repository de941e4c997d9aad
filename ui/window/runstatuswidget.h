#pragma once

#include <QWidget>

namespace ts::ui {

class Throttle;

/// The toolbar's run status: a progress bar and "phase · step/total · ETA". Progress is shown at most
/// every kProgressIntervalMs (a new phase and the end of one at once): each repaint takes GUI-thread time
/// from the training threads on a small machine.
///
/// Painted by the widget itself, not a QProgressBar and a QLabel: QProgressBar::setValue repaints at once
/// (its own flush to the screen, outside the shared tick) and QLabel::setText asks the toolbar and the main
/// window to lay out again, several times a second while training.
class RunStatusWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr int kProgressIntervalMs = 250;
    static constexpr int kBarWidth = 200;

    explicit RunStatusWidget(QWidget* parent = nullptr);

    void setProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds);
    void setMessage(const QString& message);
    void setIdle(const QString& message = {});

    /// What is shown: the bar's value in per mille (-1 while the total is unknown, 0 when idle), its text
    /// ("42%" or empty) and the status text.
    int permille() const { return m_permille; }
    QString barText() const { return m_barText; }
    QString text() const { return m_text; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    static QString formatDuration(double seconds);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void setText(const QString& text);
    QRect barRect() const;
    QRect textRect() const;
    void showProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds);

    Throttle* m_throttle;
    QString m_shownPhase;
    int m_permille = 0;
    QString m_barText;
    QString m_text;
};

} // namespace ts::ui

#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace ts::ui {

class Throttle;

/// The toolbar's run status: a progress bar and "phase · step/total · ETA". Progress is shown at most
/// every kProgressIntervalMs (a new phase and the end of one at once): each repaint takes GUI-thread time
/// from the training threads on a small machine.
class RunStatusWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr int kProgressIntervalMs = 250;

    explicit RunStatusWidget(QWidget* parent = nullptr);

    void setProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds);
    void setMessage(const QString& message);
    void setIdle(const QString& message = {});
    QProgressBar* progressBar() const { return m_bar; }

    static QString formatDuration(double seconds);

private:
    void setText(const QString& text);
    void showProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds);

    QProgressBar* m_bar;
    QLabel* m_label;
    Throttle* m_throttle;
    QString m_shownPhase;
};

} // namespace ts::ui

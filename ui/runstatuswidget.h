#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace ts::ui {

/// The toolbar's run status: a progress bar and "phase · step/total · ETA".
class RunStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit RunStatusWidget(QWidget* parent = nullptr);

    void setProgress(const QString& phase, qint64 done, qint64 total, double etaSeconds);
    void setMessage(const QString& message);
    void setIdle(const QString& message = {});
    QProgressBar* progressBar() const { return m_bar; }

    static QString formatDuration(double seconds);

private:
    void setText(const QString& text);

    QProgressBar* m_bar;
    QLabel* m_label;
};

} // namespace ts::ui

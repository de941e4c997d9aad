#pragma once

#include <QPlainTextEdit>

namespace ts::ui {

/// The log dock's contents: engine messages with time and level, errors in red.
class LogView : public QPlainTextEdit {
    Q_OBJECT
public:
    enum class Level { Info = 0, Warning = 1, Error = 2 };

    explicit LogView(QWidget* parent = nullptr);

    void append(Level level, const QString& message);
    int errorCount() const { return m_errors; }

private:
    int m_errors = 0;
};

} // namespace ts::ui

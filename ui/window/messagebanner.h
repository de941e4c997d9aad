#pragma once

#include <QFrame>

class QLabel;

namespace ts::ui {

/// A coloured message bar above the diagram (like KMessageWidget) for errors that need attention but should
/// not block the window with a dialog.
class MessageBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error, Success };

    explicit MessageBanner(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    QString text() const;
    Kind kind() const { return m_kind; }

private:
    QLabel* m_icon;
    QLabel* m_text;
    Kind m_kind = Kind::Info;
};

} // namespace ts::ui

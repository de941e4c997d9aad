#include "ui/window/logview.h"

#include <QTime>

namespace ts::ui {

LogView::LogView(QWidget* parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setMaximumBlockCount(5000);
    setObjectName(QStringLiteral("logView"));
    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(font().pointSizeF() * 0.92);
    setFont(mono);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
}

void LogView::append(Level level, const QString& message)
{
    const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    QString color = QStringLiteral("palette(text)");
    QString tag;
    if (level == Level::Warning) {
        color = QStringLiteral("#b26a00");
        tag = tr("warning: ");
    } else if (level == Level::Error) {
        color = QStringLiteral("#c62828");
        tag = tr("error: ");
        ++m_errors;
    }
    appendHtml(QStringLiteral("<span style='color:gray'>%1</span> <span style='color:%2'>%3%4</span>")
                   .arg(time, level == Level::Info ? QStringLiteral("inherit") : color, tag, message.toHtmlEscaped()));
}

} // namespace ts::ui

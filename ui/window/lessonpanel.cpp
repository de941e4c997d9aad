#include "ui/window/lessonpanel.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace ts::ui {

namespace {

QString nonEmpty(const std::map<std::string, std::string>& notes, const QString& key)
{
    const auto it = notes.find(key.toStdString());
    return it == notes.end() ? QString() : QString::fromStdString(it->second).trimmed();
}

} // namespace

LessonPanel::LessonPanel(QWidget* parent) : QFrame(parent), m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("lessonPanel"));
    setStyleSheet(QStringLiteral("QFrame#lessonPanel { background: #fffbe6; border: 1px solid #e6d68a; "
                                 "border-radius: 4px; } QFrame#lessonPanel QLabel { color: #202020; }"));
    auto* title = new QLabel(tr("What to look for"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    title->setFont(titleFont);
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    QFont textFont = m_text->font();
    textFont.setPointSizeF(textFont.pointSizeF() * 1.1); // read from the back of a classroom
    m_text->setFont(textFont);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(title);
    layout->addWidget(m_text, 1);
    setMinimumWidth(180);
    setMaximumWidth(320);
    hide();
}

QString LessonPanel::noteFor(const std::map<std::string, std::string>& notes, const QString& localeName)
{
    const QString language = localeName.section(QLatin1Char('_'), 0, 0).section(QLatin1Char('-'), 0, 0);
    QStringList order{localeName};
    if (language == QLatin1String("zh"))
        order << QStringLiteral("zh_CN") << QStringLiteral("zh");
    else
        order << language;
    for (const QString& key : std::as_const(order))
        if (const QString note = nonEmpty(notes, key); !note.isEmpty())
            return note;
    if (language == QLatin1String("zh"))
        for (const auto& [key, note] : notes)
            if (QString::fromStdString(key).startsWith(QLatin1String("zh")) &&
                !nonEmpty(notes, QString::fromStdString(key)).isEmpty())
                return QString::fromStdString(note).trimmed();
    if (const QString note = nonEmpty(notes, QStringLiteral("en")); !note.isEmpty())
        return note;
    for (const auto& [key, note] : notes)
        if (!QString::fromStdString(note).trimmed().isEmpty())
            return QString::fromStdString(note).trimmed();
    return {};
}

void LessonPanel::setNotes(const std::map<std::string, std::string>& notes, const QString& localeName)
{
    const QString note = noteFor(notes, localeName.isEmpty() ? QLocale().name() : localeName);
    m_text->setText(note);
    setVisible(!note.isEmpty());
}

QString LessonPanel::text() const
{
    return m_text->text();
}

} // namespace ts::ui

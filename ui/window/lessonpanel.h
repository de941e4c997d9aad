#pragma once

#include <QFrame>
#include <QString>

#include <map>
#include <string>

class QLabel;

namespace ts::ui {

/// "What to look for": the experiment's notes beside the network diagram, in the UI language. Hidden when
/// the experiment has none.
class LessonPanel : public QFrame {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget* parent = nullptr);

    /// Shows the note for `localeName` (default: the UI's, QLocale().name()), or hides the panel.
    void setNotes(const std::map<std::string, std::string>& notes, const QString& localeName = {});
    QString text() const;

    /// The note in the language of `localeName` ("zh_CN", "en_US", ...): "zh*" takes the exact entry, then
    /// "zh_CN", "zh" or any "zh" one; other languages the exact entry, then the language alone; then "en";
    /// then any non-empty note. "" when there is none.
    static QString noteFor(const std::map<std::string, std::string>& notes, const QString& localeName);

private:
    QLabel* m_text;
};

} // namespace ts::ui

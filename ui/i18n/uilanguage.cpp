#include "ui/i18n/uilanguage.h"

#include <QActionGroup>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QTranslator>

#include <memory>

namespace ts::ui::i18n {

namespace {

const QString kEnglish = QStringLiteral("en");
const QString kChinese = QStringLiteral("zh_CN");
const char* const kSettingsKey = "ui/language";

// Installed translators; replaced as a whole when the language changes.
std::unique_ptr<QTranslator>& appTranslator()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

std::unique_ptr<QTranslator>& qtTranslator()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

QString& current()
{
    static QString language = kEnglish;
    return language;
}

void removeInstalled(std::unique_ptr<QTranslator>& t)
{
    if (t) {
        QCoreApplication::removeTranslator(t.get());
        t.reset();
    }
}

} // namespace

QString matchLanguage(const QString& name)
{
    // "zh_CN.UTF-8", "zh-Hans-CN", "zh_TW@stroke": the language is what comes before the first separator.
    const QString lang = name.section(QRegularExpression(QStringLiteral("[-_.@]")), 0, 0).toLower();
    if (lang == QLatin1String("zh"))
        return kChinese; // the one Chinese we ship; Traditional readers get Simplified rather than English
    if (lang == QLatin1String("en") || lang == QLatin1String("c") || lang == QLatin1String("posix"))
        return kEnglish;
    return {};
}

QString chooseLanguage(const QString& forced)
{
    if (const QString m = matchLanguage(forced); !m.isEmpty())
        return m;
    if (const QString m = matchLanguage(savedLanguage()); !m.isEmpty())
        return m;
    // uiLanguages() reads LANGUAGE first, then LC_ALL / LC_MESSAGES / LANG: the user's order of preference.
    for (const QString& name : QLocale::system().uiLanguages())
        if (const QString m = matchLanguage(name); !m.isEmpty())
            return m;
    return kEnglish;
}

bool installTranslators(const QString& language)
{
    removeInstalled(appTranslator());
    removeInstalled(qtTranslator());
    const QString lang = matchLanguage(language).isEmpty() ? kEnglish : matchLanguage(language);
    current() = lang;

    // What picks text by QLocale() (the lesson notes) must agree with the menus. The system's locale stays the
    // default where it does (Chinese for Chinese; any other for English, whose notes are the fallback), so that
    // numbers keep the user's regional format.
    const bool systemChinese = matchLanguage(QLocale::system().name()) == kChinese;
    if ((lang == kChinese) == systemChinese)
        QLocale::setDefault(QLocale::system());
    else
        QLocale::setDefault(QLocale(lang == kEnglish ? QStringLiteral("en_US") : lang));
    if (lang == kEnglish)
        return true; // the source language: nothing to load

    auto qt = std::make_unique<QTranslator>();
    // Debian ships Qt's own translations in qt6-translations-l10n; without it the standard dialogs' buttons
    // stay English, which is acceptable.
    if (qt->load(QLocale(lang), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        qtTranslator() = std::move(qt);
    }
    auto app = std::make_unique<QTranslator>();
    if (!app->load(QStringLiteral(":/i18n/transfer-studio_%1.qm").arg(lang)))
        return false;
    QCoreApplication::installTranslator(app.get());
    appTranslator() = std::move(app);
    return true;
}

QString currentLanguage()
{
    return current();
}

QString savedLanguage()
{
    return QSettings().value(QLatin1String(kSettingsKey)).toString();
}

void saveLanguage(const QString& language)
{
    QSettings settings;
    if (language.isEmpty())
        settings.remove(QLatin1String(kSettingsKey));
    else
        settings.setValue(QLatin1String(kSettingsKey), language);
}

QMenu* makeLanguageMenu(QWidget* parent)
{
    auto* menu = new QMenu(QCoreApplication::translate("ts::ui::LanguageMenu", "&Language"), parent);
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto* group = new QActionGroup(menu);
    const struct {
        QString code;
        QString text;
    } choices[] = {
        {QString(), QCoreApplication::translate("ts::ui::LanguageMenu", "&System Default")},
        // Each language is named in itself, so that someone who cannot read the current one finds theirs.
        {kEnglish, QStringLiteral("English")},
        {kChinese, QStringLiteral("中文（简体）")},
    };
    const QString saved = savedLanguage();
    for (const auto& c : choices) {
        QAction* a = menu->addAction(c.text);
        a->setCheckable(true);
        a->setChecked(c.code == saved);
        a->setData(c.code);
        a->setObjectName(QStringLiteral("language_") + (c.code.isEmpty() ? QStringLiteral("system") : c.code));
        group->addAction(a);
    }
    QObject::connect(group, &QActionGroup::triggered, menu, [parent](QAction* a) {
        const QString code = a->data().toString();
        if (code == savedLanguage())
            return;
        saveLanguage(code);
        // The window builds its text once; switching everything live would need a retranslate in every panel.
        // The note is in both languages: whoever picked one may not read the one the window is in.
        if (chooseLanguage() != currentLanguage())
            QMessageBox::information(parent, QStringLiteral("Language · 语言"),
                                     QStringLiteral("The new language applies when Transfer Studio is started again.\n"
                                                    "重新启动 Transfer Studio 后，新的语言设置才会生效。"));
    });
    return menu;
}

} // namespace ts::ui::i18n

#pragma once

// The window's language: which one to show (command line, saved choice, system), the translators that
// carry it (ours and Qt's own), and the View → Language menu.

#include <QLocale>
#include <QString>
#include <QStringList>

class QMenu;
class QWidget;

namespace ts::ui::i18n {

/// The window ships "en" (the source language) and "zh_CN". The shipped language that fits `name` ("zh_CN.UTF-8",
/// "zh-Hans-CN", "zh_TW", "en_GB", "de"): "zh_CN" for any Chinese, "en" for English; "" when none fits.
QString matchLanguage(const QString& name);

/// The language to show: `forced` (e.g. from --lang) when it matches a shipped one, else the choice saved from
/// the Language menu, else the first of the system's UI languages (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) that
/// is shipped, else English.
QString chooseLanguage(const QString& forced = {});

/// Installs the translators for `language` ("en" or "zh_CN") on the application: ours from the resources, and
/// Qt's own (qtbase_*.qm) when the system has them (Debian: qt6-translations-l10n). Sets the default QLocale
/// so that what picks text by QLocale() (the demo experiments' notes) agrees with the menus. Replaces the
/// translators of an earlier call.
/// Returns false when our translation for `language` is missing; English always succeeds.
bool installTranslators(const QString& language);

/// The language installTranslators() last installed ("en" before any call).
QString currentLanguage();

/// The saved choice of the Language menu ("" = follow the system).
QString savedLanguage();
void saveLanguage(const QString& language);

/// View → Language: System default, English, 中文（简体）. A choice is saved and applies at the next start
/// (the window's text is built once); the menu says so.
QMenu* makeLanguageMenu(QWidget* parent);

} // namespace ts::ui::i18n

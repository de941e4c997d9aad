// The window in Simplified Chinese: the translator loads from the resources, menus, strategy texts (which the
// engine keeps in English) and plot titles come out in Chinese, and switching back gives English again.

#include "engine/strategies/strategy.h"
#include "ui/i18n/enginetexts.h"
#include "ui/i18n/uilanguage.h"
#include "ui/plots/liveplots.h"
#include "ui/plots/plotstyle.h"
#include "ui/plots/qcustomplotcompat.h"
#include "ui/run/enginebridge.h"
#include "ui/window/lessonpanel.h"
#include "ui/window/mainactions.h"

#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QMainWindow>
#include <QMenuBar>
#include <QRegularExpression>
#include <QtTest>

using namespace ts;
using namespace ts::ui;

namespace {

bool hasChinese(const QString& text)
{
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    return text.contains(han);
}

QStringList menuTitles()
{
    QMainWindow window;
    MainActions actions(&window);
    actions.populate(&window, new QWidget);
    QStringList titles;
    for (QAction* a : window.menuBar()->actions())
        titles << a->text();
    return titles;
}

QStringList chartTitles()
{
    LivePlots plots;
    QStringList titles;
    for (auto* plot : plots.findChildren<QCustomPlot*>())
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0)))
            titles << title->text();
    return titles;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void matchLanguage_data();
    void matchLanguage();
    void menus();
    void plotTitles();
    void strategyTexts();
    void everyEngineTextTranslated();
    void gainSentence();
    void lessonNotesFollowTheLanguage();
    void qtOwnTranslations();
    void backToEnglish();
};

void TestTranslations::initTestCase()
{
    // A test must not read or change the user's saved language.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TransferStudioTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    i18n::saveLanguage({});
    QVERIFY2(i18n::installTranslators(QStringLiteral("zh_CN")), "the zh_CN translation is not in the resources");
    QCOMPARE(i18n::currentLanguage(), QStringLiteral("zh_CN"));
}

void TestTranslations::cleanupTestCase()
{
    i18n::installTranslators(QStringLiteral("en"));
}

void TestTranslations::matchLanguage_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("language");
    QTest::newRow("LANG") << "zh_CN.UTF-8"
                          << "zh_CN";
    QTest::newRow("BCP 47") << "zh-Hans-CN"
                            << "zh_CN";
    QTest::newRow("Traditional") << "zh_TW"
                                 << "zh_CN";
    QTest::newRow("bare") << "zh"
                          << "zh_CN";
    QTest::newRow("English") << "en_GB.UTF-8"
                             << "en";
    QTest::newRow("C") << "C"
                       << "en";
    QTest::newRow("German") << "de_DE.UTF-8"
                            << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestTranslations::matchLanguage()
{
    QFETCH(QString, name);
    QFETCH(QString, language);
    QCOMPARE(i18n::matchLanguage(name), language);
    QCOMPARE(i18n::chooseLanguage(name), language.isEmpty() ? i18n::chooseLanguage() : language);
}

void TestTranslations::menus()
{
    const QStringList titles = menuTitles();
    QVERIFY2(titles.contains(QStringLiteral("文件(&F)")), qPrintable(titles.join(QLatin1Char(' '))));
    QVERIFY(titles.contains(QStringLiteral("运行(&R)")));
    QVERIFY(titles.contains(QStringLiteral("视图(&V)")));
    QVERIFY(titles.contains(QStringLiteral("帮助(&H)")));
}

void TestTranslations::plotTitles()
{
    const QStringList titles = chartTitles();
    QVERIFY2(titles.contains(QStringLiteral("损失")), qPrintable(titles.join(QLatin1Char(' '))));
    QVERIFY(titles.contains(QStringLiteral("准确率")));
    QVERIFY(titles.contains(QStringLiteral("域分类器")));
    QCOMPARE(plotstyle::metricTitle(QStringLiteral("lr")), QStringLiteral("学习率"));
}

void TestTranslations::strategyTexts()
{
    const auto* finetune = bridge::findStrategy(QStringLiteral("finetune"));
    QVERIFY(finetune);
    QCOMPARE(finetune->title, QStringLiteral("微调"));
    QVERIFY2(finetune->description.contains(QStringLiteral("冻结")), qPrintable(finetune->description));
    // The ids stay the engine's: the picker places strategies by the English setting.
    QCOMPARE(finetune->setting, QStringLiteral("source labeled, target labeled"));
    QCOMPARE(enginetexts::setting(finetune->setting), QStringLiteral("源域有标签，目标域有标签"));
    const auto* dann = bridge::findStrategy(QStringLiteral("dann"));
    QVERIFY(dann);
    QCOMPARE(dann->title, QStringLiteral("域对抗训练（DANN）"));
}

void TestTranslations::everyEngineTextTranslated()
{
    // A reworded engine text falls back to English; this names it so that ui/i18n/enginetexts.cpp and the .ts
    // follow.
    QStringList missing;
    const auto check = [&missing](const QString& translated, const std::string& english) {
        if (!hasChinese(translated))
            missing << QString::fromStdString(english);
    };
    for (const auto& info : engine::strategyInfos()) {
        const QString name = QString::fromStdString(info.name);
        check(enginetexts::strategyTitle(name, QString::fromStdString(info.title)), info.title);
        check(enginetexts::strategyDescription(name, QString::fromStdString(info.description)), info.description);
        check(enginetexts::setting(QString::fromStdString(info.setting)), info.setting);
        for (const auto& opt : info.options)
            check(enginetexts::optionHelp(QString::fromStdString(opt.key), QString::fromStdString(opt.help)), opt.help);
    }
    for (const QString& text : missing)
        qWarning("untranslated engine text: %s", qPrintable(text));
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("%1 engine texts are untranslated (listed above)").arg(missing.size())));
}

void TestTranslations::gainSentence()
{
    const QJsonObject comparison{{QStringLiteral("strategy"), QStringLiteral("finetune")},
                                 {QStringLiteral("baselines"),
                                  QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("scratch")},
                                                         {QStringLiteral("title"), QStringLiteral("scratch")},
                                                         {QStringLiteral("metric"), QStringLiteral("target_accuracy")},
                                                         {QStringLiteral("strategy_score"), 0.931},
                                                         {QStringLiteral("score"), 0.88},
                                                         {QStringLiteral("gain_points"), 5.1}}}}};
    QCOMPARE(bridge::gainSentence(comparison), QStringLiteral("微调 93.1 %，对比从头训练 88.0 %：+5.1 个百分点"));
}

void TestTranslations::lessonNotesFollowTheLanguage()
{
    // The demo experiments carry notes in en and zh_CN; the panel picks by QLocale(), which must agree with
    // the translator whatever the system locale is.
    const std::map<std::string, std::string> notes{{"en", "Watch the loss."}, {"zh_CN", "观察损失。"}};
    QCOMPARE(LessonPanel::noteFor(notes, QLocale().name()), QStringLiteral("观察损失。"));
    LessonPanel panel;
    panel.setNotes(notes);
    QCOMPARE(panel.text(), QStringLiteral("观察损失。"));
}

void TestTranslations::qtOwnTranslations()
{
    const QString dir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (!QFileInfo::exists(dir + QStringLiteral("/qtbase_zh_CN.qm")))
        QSKIP("Qt's own translations are not installed (Debian: qt6-translations-l10n)");
    QVERIFY(hasChinese(QCoreApplication::translate("QPlatformTheme", "Cancel")));
}

void TestTranslations::backToEnglish()
{
    QVERIFY(i18n::installTranslators(QStringLiteral("en")));
    QVERIFY(menuTitles().contains(QStringLiteral("&File")));
    QVERIFY(chartTitles().contains(QStringLiteral("Losses")));
    const std::map<std::string, std::string> notes{{"en", "Watch the loss."}, {"zh_CN", "观察损失。"}};
    QCOMPARE(LessonPanel::noteFor(notes, QLocale().name()), QStringLiteral("Watch the loss."));
    QVERIFY(i18n::installTranslators(QStringLiteral("zh_CN")));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"

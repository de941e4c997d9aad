#include "ui/data/datasetwarnings.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QListWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ts::ui {

DatasetWarnings::DatasetWarnings(QWidget* parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setObjectName(QStringLiteral("datasetWarnings"));
    hide();
    connect(this, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == QLatin1String("skipped"))
            showSkipped();
    });
}

void DatasetWarnings::update(const DatasetSummary& summary, const QString& error, const QString& mismatch,
                             const QString& missingTestSet)
{
    m_skipped = summary.skippedFiles;
    QStringList lines;
    const QString warn = QStringLiteral("<span style='color:#b26a00'>&#9888;</span> ");
    if (!error.isEmpty())
        lines << QStringLiteral("<span style='color:#c62828'>&#10006; %1</span>").arg(error.toHtmlEscaped());
    if (!summary.skippedFiles.isEmpty())
        lines << warn + tr("%n file(s) could not be read and were skipped — <a href='skipped'>show</a>", nullptr,
                           int(summary.skippedFiles.size()));
    const auto& c = summary.classCounts;
    if (summary.labeled && c.size() >= 2 && c.size() == summary.classNames.size()) {
        const auto [lo, hi] = std::minmax_element(c.begin(), c.end());
        if (*lo * 3 < *hi)
            lines << warn + tr("Classes are imbalanced: '%1' has %2 images, '%3' only %4.")
                                .arg(summary.classNames[int(hi - c.begin())].toHtmlEscaped())
                                .arg(*hi)
                                .arg(summary.classNames[int(lo - c.begin())].toHtmlEscaped())
                                .arg(*lo);
    }
    if (!mismatch.isEmpty())
        lines << warn + mismatch.toHtmlEscaped();
    if (!missingTestSet.isEmpty())
        lines << warn + tr("The test set '%1' does not exist.")
                            .arg(QDir::toNativeSeparators(missingTestSet).toHtmlEscaped());
    setText(lines.join(QStringLiteral("<br>")));
    setVisible(!lines.isEmpty());
}

void DatasetWarnings::showSkipped()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Skipped files"));
    auto* list = new QListWidget(&dialog);
    list->addItems(m_skipped);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("These files could not be decoded and are not used:"), &dialog));
    layout->addWidget(list);
    layout->addWidget(buttons);
    dialog.resize(640, 360);
    dialog.exec();
}

} // namespace ts::ui

#include "ui/results/predictionsdialog.h"

#include "engine/core/fileio.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <exception>

namespace ts::ui {

PredictionsDialog::PredictionsDialog(const QString& folder, engine::FolderPredictions predictions, QWidget* parent)
    : QDialog(parent), m_folder(folder), m_predictions(std::move(predictions))
{
    setWindowTitle(tr("Predictions for %1").arg(QDir(folder).dirName()));
    auto* layout = new QVBoxLayout(this);
    QString summary = tr("%n image(s) of %1 classified.", nullptr, static_cast<int>(m_predictions.files.size()))
                          .arg(QDir::toNativeSeparators(folder));
    if (!m_predictions.skipped.empty()) {
        QStringList names;
        for (const auto& s : m_predictions.skipped)
            names << QString::fromStdString(s);
        summary +=
            QLatin1Char(' ') +
            tr("%n file(s) skipped: %1", nullptr, static_cast<int>(names.size())).arg(names.join(QStringLiteral("; ")));
    }
    auto* intro = new QLabel(summary, this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table = new QTableWidget(static_cast<int>(m_predictions.files.size()), 3, this);
    m_table->setHorizontalHeaderLabels({tr("File"), tr("Class"), tr("Probability")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(false);
    for (int i = 0; i < m_table->rowCount(); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(m_predictions.files[i])));
        m_table->setItem(i, 1, new QTableWidgetItem(QString::fromStdString(m_predictions.classes[i])));
        auto* p = new QTableWidgetItem(QLocale().toString(m_predictions.probability[i], 'f', 3));
        p->setData(Qt::UserRole, m_predictions.probability[i]);
        p->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(i, 2, p);
    }
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder); // file order, as in the CSV; a header click sorts by class
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->setVisible(false);
    layout->addWidget(m_table, 1);

    m_status = new QLabel(this);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* save = buttons->addButton(tr("Save CSV…"), QDialogButtonBox::ActionRole);
    connect(save, &QPushButton::clicked, this, &PredictionsDialog::saveWithDialog);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 480);
}

int PredictionsDialog::rowCount() const
{
    return m_table->rowCount();
}

bool PredictionsDialog::saveCsv(const QString& path)
{
    try {
        engine::writeFileAtomic(path.toStdString(), engine::predictionsCsv(m_predictions));
    } catch (const std::exception& e) {
        m_status->setText(tr("Could not save: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    m_status->setText(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void PredictionsDialog::saveWithDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save Predictions"),
                                                m_folder + QStringLiteral("/predictions.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".csv");
    saveCsv(path);
}

} // namespace ts::ui

#include "ui/plots/runcomparison.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include <cmath>

namespace ts::ui {

namespace {
QString csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString formatSeconds(double s)
{
    if (s < 60)
        return QCoreApplication::translate("ts::ui::RunComparison", "%1 s").arg(s, 0, 'f', 1);
    const int total = static_cast<int>(std::lround(s));
    if (total < 3600)
        return QCoreApplication::translate("ts::ui::RunComparison", "%1 min %2 s").arg(total / 60).arg(total % 60);
    return QCoreApplication::translate("ts::ui::RunComparison", "%1 h %2 min").arg(total / 3600).arg(total % 3600 / 60);
}
} // namespace

RunComparison::RunComparison(QWidget* parent)
    : QWidget(parent), m_table(new QTableWidget(0, 7, this)), m_rename(new QPushButton(tr("Rename"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_export(new QPushButton(tr("Export CSV…"), this))
{
    m_table->setHorizontalHeaderLabels({tr("Run (tick to overlay)"), tr("Strategy"), tr("Frozen"), tr("Seed"),
                                        tr("Target accuracy"), tr("Time"), tr("Baseline")});
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    for (int c = StrategyColumn; c <= BaselineColumn; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->setAlternatingRowColors(true);
    // Tab moved from cell to cell and never left the table; the arrow keys move between rows, Tab leaves.
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(false);
    QFont tableFont = m_table->font();
    tableFont.setPointSizeF(tableFont.pointSizeF() * 1.15); // readable on a projector
    m_table->setFont(tableFont);
    m_table->verticalHeader()->setDefaultSectionSize(QFontMetrics(tableFont).height() + 14);
    // No style-sheet padding for the cells: it moves the drawn check box away from where clicks tick it.
    m_table->setToolTip(tr("Finished runs. Tick a run to draw its curves behind the current ones; double-click a "
                           "name to rename it."));

    auto* hint = new QLabel(tr("Each finished run stays here. Tick runs to overlay their curves on the plots."));
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #555;"));
    m_rename->setToolTip(tr("Rename the selected run (F2)"));
    m_remove->setToolTip(tr("Remove the selected run from the comparison"));
    m_export->setToolTip(tr("Save this table as a CSV file"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(hint, 1);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);

    connect(m_table, &QTableWidget::itemChanged, this, &RunComparison::onItemChanged);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RunComparison::updateButtons);
    connect(m_rename, &QPushButton::clicked, this, &RunComparison::renameSelected);
    connect(m_remove, &QPushButton::clicked, this, &RunComparison::removeSelected);
    connect(m_export, &QPushButton::clicked, this, &RunComparison::exportWithDialog);
    updateButtons();
}

QString RunComparison::uniqueName(const QString& wanted, int except) const
{
    const QString base = wanted.trimmed().isEmpty() ? tr("run") : wanted.trimmed();
    auto taken = [&](const QString& name) {
        for (int i = 0; i < m_runs.size(); ++i)
            if (i != except && m_runs[i].name == name)
                return true;
        return false;
    };
    QString name = base;
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return name;
}

QString RunComparison::addRun(const RunRecord& run)
{
    RunRecord r = run;
    r.name = uniqueName(run.name, -1);
    r.curves.name = r.name;
    m_runs << r;
    m_filling = true;
    m_table->insertRow(m_table->rowCount());
    m_filling = false;
    fillRow(m_runs.size() - 1);
    updateBest();
    updateButtons();
    return r.name;
}

void RunComparison::fillRow(int row)
{
    const RunRecord& r = m_runs[row];
    m_filling = true;
    const bool checked = m_table->item(row, NameColumn) && m_table->item(row, NameColumn)->checkState() == Qt::Checked;
    auto* name = new QTableWidgetItem(r.name);
    name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemIsUserCheckable);
    name->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    name->setToolTip(r.name);
    m_table->setItem(row, NameColumn, name);
    auto readOnly = [&](int column, const QString& text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter) {
        auto* item = new QTableWidgetItem(text);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setTextAlignment(align);
        m_table->setItem(row, column, item);
        return item;
    };
    readOnly(StrategyColumn, r.strategy);
    readOnly(FrozenColumn, r.frozen.isEmpty() ? tr("nothing") : r.frozen.join(QLatin1Char('+')));
    readOnly(SeedColumn, QString::number(r.seed), Qt::AlignRight | Qt::AlignVCenter);
    // A run cut short without a score says how far it got; its last metrics are in the tooltip.
    QTableWidgetItem* accuracy =
        readOnly(AccuracyColumn,
                 !std::isnan(r.targetAccuracy) ? QStringLiteral("%1 %").arg(100.0 * r.targetAccuracy, 0, 'f', 1)
                 : !r.progress.isEmpty()       ? r.progress
                                               : tr("–"),
                 Qt::AlignRight | Qt::AlignVCenter);
    if (!r.progress.isEmpty())
        accuracy->setToolTip(r.lastMetrics.isEmpty() ? r.progress : r.progress + QLatin1Char('\n') + r.lastMetrics);
    readOnly(TimeColumn, formatSeconds(r.seconds), Qt::AlignRight | Qt::AlignVCenter);
    readOnly(BaselineColumn, r.baseline)->setToolTip(r.baseline);
    m_filling = false;
}

void RunComparison::updateBest()
{
    // The best target accuracy in bold, so the winner of a comparison stands out on a projector.
    double best = -1;
    for (const RunRecord& r : std::as_const(m_runs))
        if (!std::isnan(r.targetAccuracy))
            best = std::max(best, r.targetAccuracy);
    m_filling = true;
    for (int row = 0; row < m_runs.size(); ++row)
        if (QTableWidgetItem* item = m_table->item(row, AccuracyColumn)) {
            QFont f = item->font();
            f.setBold(m_runs.size() > 1 && !std::isnan(m_runs[row].targetAccuracy) &&
                      m_runs[row].targetAccuracy == best);
            item->setFont(f);
        }
    m_filling = false;
}

void RunComparison::renameRun(int index, const QString& name)
{
    if (index < 0 || index >= m_runs.size())
        return;
    m_runs[index].name = uniqueName(name, index);
    m_runs[index].curves.name = m_runs[index].name;
    fillRow(index);
    Q_EMIT runRenamed(index, m_runs[index].name);
    if (isOverlaid(index))
        Q_EMIT overlaysChanged(overlays());
}

void RunComparison::setRunSummary(int index, const QJsonObject& summary, const QString& baseline)
{
    if (index < 0 || index >= m_runs.size())
        return;
    m_runs[index].summary = summary;
    m_runs[index].baseline = baseline;
    fillRow(index);
}

void RunComparison::removeRun(int index)
{
    if (index < 0 || index >= m_runs.size())
        return;
    const bool overlaid = isOverlaid(index);
    const RunRecord removed = m_runs.takeAt(index);
    m_filling = true;
    m_table->removeRow(index);
    m_filling = false;
    updateBest();
    updateButtons();
    if (overlaid)
        Q_EMIT overlaysChanged(overlays());
    Q_EMIT runRemoved(removed);
}

void RunComparison::setOverlaid(int index, bool overlaid)
{
    if (QTableWidgetItem* item = m_table->item(index, NameColumn))
        item->setCheckState(overlaid ? Qt::Checked : Qt::Unchecked); // onItemChanged emits
}

bool RunComparison::isOverlaid(int index) const
{
    const QTableWidgetItem* item = m_table->item(index, NameColumn);
    return item && item->checkState() == Qt::Checked;
}

QVector<RunCurves> RunComparison::overlays() const
{
    QVector<RunCurves> out;
    for (int i = 0; i < m_runs.size(); ++i)
        if (isOverlaid(i))
            out << m_runs[i].curves;
    return out;
}

void RunComparison::onItemChanged(QTableWidgetItem* item)
{
    if (m_filling || item->column() != NameColumn)
        return;
    const int row = item->row();
    if (row < 0 || row >= m_runs.size())
        return;
    if (item->text() != m_runs[row].name) {
        renameRun(row, item->text()); // also re-emits overlays when ticked
        return;
    }
    Q_EMIT overlaysChanged(overlays());
}

int RunComparison::selectedRow() const
{
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    return selected.isEmpty() ? -1 : selected.first()->row();
}

void RunComparison::updateButtons()
{
    const bool any = selectedRow() >= 0;
    m_rename->setEnabled(any);
    m_remove->setEnabled(any);
    m_export->setEnabled(!m_runs.isEmpty());
}

void RunComparison::renameSelected()
{
    const int row = selectedRow();
    if (row >= 0)
        m_table->editItem(m_table->item(row, NameColumn));
}

void RunComparison::removeSelected()
{
    removeRun(selectedRow());
}

void RunComparison::exportWithDialog()
{
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export run comparison"), tr("runs.csv"), tr("CSV files (*.csv)"));
    if (!file.isEmpty() && !exportCsv(file))
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(file));
}

bool RunComparison::exportCsv(const QString& fileName) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "name,strategy,frozen,seed,target_accuracy,seconds,baseline\n";
    for (const RunRecord& r : m_runs)
        out << csvField(r.name) << ',' << csvField(r.strategy) << ',' << csvField(r.frozen.join(QLatin1Char('+')))
            << ',' << r.seed << ','
            << (std::isnan(r.targetAccuracy) ? QString() : QString::number(r.targetAccuracy, 'g', 6)) << ','
            << QString::number(r.seconds, 'f', 2) << ',' << csvField(r.baseline) << '\n';
    out.flush();
    return out.status() == QTextStream::Ok && file.commit();
}

} // namespace ts::ui

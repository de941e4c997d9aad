#include "ui/data/datasidebar.h"

#include "ui/data/datapanel.h"
#include "ui/data/summarizedataset.h"
#include "ui/window/experimentdocument.h"

#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QVBoxLayout>

#include <utility>

namespace ts::ui {

DataSidebar::DataSidebar(ExperimentDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_source(new DataPanel(DataPanel::Role::Source, this)),
      m_target(new DataPanel(DataPanel::Role::Target, this))
{
    auto* inner = new QWidget(this);
    auto* innerLayout = new QVBoxLayout(inner);
    innerLayout->setContentsMargins(6, 6, 6, 6);
    innerLayout->addWidget(m_source);
    innerLayout->addWidget(m_target);
    innerLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Without a horizontal scroll bar the dock must be at least as wide as the panels can shrink.
    scroll->setMinimumWidth(inner->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    for (auto* panel : {m_source, m_target}) {
        connect(panel, &DataPanel::edited, this, [this, panel] { onEdited(panel); });
        connect(panel, &DataPanel::loadFinished, this, [this, panel](bool ok, const QString& error) {
            updateMismatch();
            if (!ok)
                Q_EMIT loadFailed(panel->title(), error);
            Q_EMIT dataLoaded();
        });
    }
    connect(document, &ExperimentDocument::reset, this, &DataSidebar::onReset);
    connect(document, &ExperimentDocument::changed, this, &DataSidebar::onChanged);
    connect(document, &ExperimentDocument::pathsRebased, this, &DataSidebar::onPathsRebased);
    onReset();
}

void DataSidebar::setLocked(bool locked)
{
    m_source->setLocked(locked);
    m_target->setLocked(locked);
}

void DataSidebar::onReset()
{
    const auto& e = m_document->experiment();
    m_source->setSpecs(e.source, std::nullopt);
    m_target->setSpecs(e.target, e.targetTest);
    reloadAll();
}

void DataSidebar::onPathsRebased()
{
    // The same files under new relative names: show those (a later edit writes them back), keep what is loaded.
    const auto& e = m_document->experiment();
    m_source->setSpecs(e.source, std::nullopt);
    m_target->setSpecs(e.target, e.targetTest);
    m_loadedBase = e.baseDir;
}

void DataSidebar::reloadAll()
{
    const auto& e = m_document->experiment();
    m_loadedInput = e.input;
    m_loadedSeed = e.train.seed;
    m_loadedBase = e.baseDir;
    for (auto* panel : {m_source, m_target})
        if (panel->spec())
            loadPanel(panel);
    updateMismatch();
}

void DataSidebar::loadPanel(DataPanel* panel)
{
    if (!m_held) {
        panel->load(m_document->experiment());
        return;
    }
    if (!m_waiting.contains(panel))
        m_waiting << panel;
    panel->showWaiting(m_document->experiment());
}

void DataSidebar::holdLoading(bool held)
{
    m_held = held;
    if (held)
        return;
    const auto waiting = std::exchange(m_waiting, {});
    for (auto* panel : waiting)
        if (panel->spec())
            panel->load(m_document->experiment());
}

void DataSidebar::showFromRun(const QString& key, const DatasetSummary& summary)
{
    const auto waiting = m_waiting;
    for (auto* panel : waiting) {
        const auto spec = panel->spec();
        if (spec && datasetKey(m_document->experiment(), *spec) == key) {
            m_waiting.removeAll(panel);
            panel->showLoaded(summary);
        }
    }
}

void DataSidebar::onChanged()
{
    // The panels show images as the network sees them, so a new input size or seed reloads them.
    const auto& e = m_document->experiment();
    const bool inputChanged = e.input.channels != m_loadedInput.channels || e.input.height != m_loadedInput.height ||
                              e.input.width != m_loadedInput.width;
    if (inputChanged || e.train.seed != m_loadedSeed || e.baseDir != m_loadedBase)
        reloadAll();
}

void DataSidebar::onEdited(DataPanel* panel)
{
    const auto spec = panel->spec();
    const auto test = panel->testSpec();
    m_document->modify([&](engine::Experiment& e) {
        if (panel == m_source) {
            e.source = spec;
        } else {
            e.target = spec;
            e.targetTest = test;
        }
    });
    if (spec)
        loadPanel(panel);
    else
        panel->setSpecs(std::nullopt, test);
    updateMismatch();
}

void DataSidebar::updateMismatch()
{
    const auto& s = m_source->summary();
    const auto& t = m_target->summary();
    if (!m_source->isLoaded() || !m_target->isLoaded() || !s.labeled || !t.labeled) {
        m_source->setMismatch({}, {});
        m_target->setMismatch({}, {});
        return;
    }
    const QSet<QString> sc(s.classNames.begin(), s.classNames.end());
    const QSet<QString> tc(t.classNames.begin(), t.classNames.end());
    QStringList onlySource, onlyTarget;
    for (const auto& n : s.classNames)
        if (!tc.contains(n))
            onlySource << n;
    for (const auto& n : t.classNames)
        if (!sc.contains(n))
            onlyTarget << n;
    if (onlySource.isEmpty() && onlyTarget.isEmpty()) {
        m_source->setMismatch({}, {});
        m_target->setMismatch({}, {});
    } else if (!sc.intersects(tc)) {
        const QString text = tr("Source and target share no class: only strategies that learn new target classes "
                                "apply.");
        m_source->setMismatch({}, {});
        m_target->setMismatch(text, {});
    } else {
        m_source->setMismatch(
            onlySource.isEmpty() ? QString() : tr("Not in the target: %1").arg(onlySource.join(QStringLiteral(", "))),
            onlySource);
        m_target->setMismatch(
            onlyTarget.isEmpty() ? QString() : tr("Not in the source: %1").arg(onlyTarget.join(QStringLiteral(", "))),
            onlyTarget);
    }
}

} // namespace ts::ui

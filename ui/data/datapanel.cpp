#include "ui/data/datapanel.h"

#include "ui/data/classoverview.h"
#include "ui/data/datasetloader.h"
#include "ui/data/datasetwarnings.h"
#include "ui/run/enginebridge.h"
#include "ui/run/metatypes.h"

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ts::ui {

namespace {

QToolButton* browseButton(QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(QStringLiteral("…"));
    b->setToolTip(DataPanel::tr("Browse…"));
    return b;
}

} // namespace

DataPanel::DataPanel(Role role, QWidget* parent) : QGroupBox(parent), m_role(role), m_loader(new DatasetLoader)
{
    registerMetaTypes();
    setTitle(role == Role::Source ? tr("Source domain") : tr("Target domain"));
    setObjectName(role == Role::Source ? QStringLiteral("sourcePanel") : QStringLiteral("targetPanel"));
    setAcceptDrops(true);
    setToolTip(role == Role::Source ? tr("The data the network learns first. Drop a folder here.")
                                    : tr("The data the network should work on in the end. Drop a folder here."));

    auto* form = m_form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setContentsMargins(0, 0, 0, 0);
    m_format = new QComboBox(this);
    m_format->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_format->setMinimumContentsLength(12);
    m_format->addItem(tr("Class folders (labeled)"), QStringLiteral("folder"));
    m_format->addItem(tr("Folder of images (unlabeled)"), QStringLiteral("unlabeled"));
    m_format->addItem(tr("IDX files (MNIST style)"), QStringLiteral("idx"));
    m_format->addItem(tr("CSV label list (path,label)"), QStringLiteral("csv"));
    m_format->setToolTip(tr("Class folders: one sub-folder of images per class. Unlabeled: any images, labels "
                            "are ignored. IDX: an images file and a labels file."));
    form->addRow(tr("Format:"), m_format);

    auto pathRow = [this, form](QLineEdit*& edit, QLabel*& label, const QString& text, bool labelsFile) {
        auto* row = new QHBoxLayout;
        edit = new QLineEdit(this);
        edit->setClearButtonEnabled(true);
        auto* b = browseButton(this);
        row->addWidget(edit);
        row->addWidget(b);
        label = new QLabel(text, this);
        form->addRow(label, row);
        connect(b, &QToolButton::clicked, this, [this, e = edit, labelsFile] { browse(e, labelsFile); });
        connect(edit, &QLineEdit::editingFinished, this, [this, e = edit] {
            if (e->isModified()) {
                e->setModified(false);
                Q_EMIT edited();
            }
        });
    };
    QLabel* pathLabel = nullptr;
    QLabel* testLabel = nullptr;
    pathRow(m_path, pathLabel, tr("Images:"), false);
    m_path->setPlaceholderText(tr("Choose or drop a folder"));
    pathRow(m_labels, m_labelsLabel, tr("Labels:"), true);
    if (role == Role::Target) {
        pathRow(m_testPath, testLabel, tr("Test set:"), false);
        m_testPath->setPlaceholderText(tr("Labeled images to measure accuracy"));
        m_testPath->setToolTip(tr("Held-out target images with labels: target accuracy is measured on them."));
        pathRow(m_testLabels, m_testLabelsLabel, tr("Test labels:"), true);
    }

    auto* counts = new QHBoxLayout;
    m_labeledPerClass = new QSpinBox(this);
    m_labeledPerClass->setRange(-1, 1000000);
    m_labeledPerClass->setSpecialValueText(tr("all"));
    m_labeledPerClass->setToolTip(tr("How many labels per class training may use; the rest count as unlabeled. "
                                     "Few labels is where transfer learning helps most."));
    m_limitPerClass = new QSpinBox(this);
    m_limitPerClass->setRange(0, 1000000);
    m_limitPerClass->setSpecialValueText(tr("all"));
    m_limitPerClass->setToolTip(tr("Keep at most this many images per class."));
    counts->addWidget(m_labeledPerClass, 1);
    counts->addWidget(new QLabel(tr("max:"), this));
    counts->addWidget(m_limitPerClass, 1);
    form->addRow(tr("Labels/class:"), counts);
    m_classList = new QListWidget(this);
    m_classList->setObjectName(QStringLiteral("classList"));
    m_classList->setToolTip(tr("The classes to use: untick one to leave it out (the experiment's \"classes\" list)."));
    m_classList->setFlow(QListView::LeftToRight);
    m_classList->setWrapping(true);
    m_classList->setResizeMode(QListView::Adjust);
    m_classList->setMaximumHeight(90);
    form->addRow(tr("Classes:"), m_classList);
    form->setRowVisible(m_classList, false);
    connect(m_classList, &QListWidget::itemChanged, this, &DataPanel::onClassToggled);
    for (auto* spin : {m_labeledPerClass, m_limitPerClass}) {
        spin->setKeyboardTracking(false);
        connect(spin, &QSpinBox::valueChanged, this, [this] { Q_EMIT edited(); });
    }
    connect(m_format, &QComboBox::activated, this, [this] {
        updateFormatRows();
        Q_EMIT edited();
    });

    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("datasetStats"));
    m_stats->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumHeight(12);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_warnings = new DatasetWarnings(this);
    m_overview = new ClassOverview(this);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(4);
    layout->addLayout(form);
    layout->addWidget(m_stats);
    layout->addWidget(m_progress);
    layout->addWidget(m_warnings);
    layout->addWidget(m_overview);
    updateFormatRows();

    m_loader->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("dataset loader"));
    connect(m_loader, &DatasetLoader::progress, this, [this](int id, qint64 done, qint64 total) {
        if (id != m_requestId)
            return;
        m_progress->setRange(0, int(std::min<qint64>(total, 1 << 30)));
        m_progress->setValue(int(done));
    });
    connect(m_loader, &DatasetLoader::loaded, this, &DataPanel::onLoaded);
    connect(m_loader, &DatasetLoader::failed, this, &DataPanel::onFailed);
    m_thread.start();
}

DataPanel::~DataPanel()
{
    m_loader->setCurrentRequest(0); // abandons a load at its next progress report
    m_thread.quit();
    m_thread.wait();
    delete m_loader;
}

QString DataPanel::formatKey() const
{
    return m_format->currentData().toString();
}

void DataPanel::updateFormatRows()
{
    const bool idx = formatKey() == QLatin1String("idx");
    m_form->setRowVisible(m_labelsLabel, idx);
    if (m_testLabelsLabel)
        m_form->setRowVisible(m_testLabelsLabel, idx);
    m_path->setPlaceholderText(idx                                    ? tr("IDX images file")
                               : formatKey() == QLatin1String("csv") ? tr("CSV file of path,label rows")
                                                                     : tr("Choose or drop a folder"));
    m_labeledPerClass->setEnabled(formatKey() != QLatin1String("unlabeled"));
}

void DataPanel::setSpecs(const std::optional<engine::DatasetSpec>& spec, const std::optional<engine::DatasetSpec>& test)
{
    m_spec = spec;
    m_testSpec = test;
    const engine::DatasetSpec s = spec.value_or(engine::DatasetSpec{});
    m_format->setCurrentIndex(std::max(0, m_format->findData(QString::fromStdString(s.format))));
    const bool idx = s.format == "idx";
    m_path->setText(QString::fromStdString(idx ? s.images : s.path));
    m_labels->setText(QString::fromStdString(s.labels));
    {
        const QSignalBlocker b1(m_labeledPerClass), b2(m_limitPerClass);
        m_labeledPerClass->setValue(s.labeledPerClass);
        m_limitPerClass->setValue(s.limitPerClass);
    }
    if (m_testPath) {
        const engine::DatasetSpec t = test.value_or(engine::DatasetSpec{});
        m_testPath->setText(QString::fromStdString(t.format == "idx" ? t.images : t.path));
        m_testLabels->setText(QString::fromStdString(t.labels));
    }
    updateFormatRows();
    if (!spec) {
        ++m_requestId;
        m_loader->setCurrentRequest(0);
        m_loaded = m_loading = false;
        m_summary = {};
        m_error.clear();
        m_overview->clear();
        m_progress->hide();
        m_stats->setText(tr("No dataset: choose a folder or drop one here."));
        m_form->setRowVisible(m_classList, false);
        updateWarnings();
    }
}

std::optional<engine::DatasetSpec> DataPanel::spec() const
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty())
        return std::nullopt;
    engine::DatasetSpec s = m_spec.value_or(engine::DatasetSpec{});
    s.format = formatKey().toStdString();
    if (s.format == "idx") {
        s.images = path.toStdString();
        s.labels = m_labels->text().trimmed().toStdString();
        s.path.clear();
    } else {
        s.path = path.toStdString();
        s.images.clear();
        s.labels.clear();
    }
    s.labeledPerClass = s.format == "unlabeled" ? -1 : m_labeledPerClass->value();
    s.limitPerClass = m_limitPerClass->value();
    return s;
}

std::optional<engine::DatasetSpec> DataPanel::testSpec() const
{
    if (!m_testPath || m_testPath->text().trimmed().isEmpty())
        return std::nullopt;
    engine::DatasetSpec t = m_testSpec.value_or(engine::DatasetSpec{});
    if (!m_testSpec && m_spec)
        t.classes = m_spec->classes; // a new test set follows the target's class selection
    // A CSV target may be tested on a CSV file or on class folders.
    t.format = formatKey() == QLatin1String("idx") ? "idx"
               : m_testPath->text().trimmed().endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? "csv"
                                                                                                     : "folder";
    if (t.format == "idx") {
        t.images = m_testPath->text().trimmed().toStdString();
        t.labels = m_testLabels->text().trimmed().toStdString();
        t.path.clear();
    } else {
        t.path = m_testPath->text().trimmed().toStdString();
        t.images.clear();
        t.labels.clear();
    }
    return t;
}

void DataPanel::setPath(const QString& path)
{
    const bool csvFile = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    if (QFileInfo(path).isFile() && formatKey() != QLatin1String("idx") && formatKey() != QLatin1String("csv"))
        m_format->setCurrentIndex(m_format->findData(csvFile ? QStringLiteral("csv") : QStringLiteral("idx")));
    m_path->setText(path);
    updateFormatRows();
    QSettings().setValue(QStringLiteral("lastFolders/%1").arg(objectName()), QFileInfo(path).absolutePath());
    Q_EMIT edited();
}

void DataPanel::browse(QLineEdit* edit, bool labelsFile)
{
    const QString key = QStringLiteral("lastFolders/%1").arg(objectName());
    const QString start = edit->text().isEmpty() ? QSettings().value(key).toString() : edit->text();
    QString chosen;
    if (labelsFile || formatKey() == QLatin1String("idx"))
        chosen = QFileDialog::getOpenFileName(this, tr("Choose an IDX file"), start,
                                              tr("IDX files (*.idx *-ubyte *.gz);;All files (*)"));
    else if (formatKey() == QLatin1String("csv"))
        chosen = QFileDialog::getOpenFileName(this, tr("Choose a CSV label list"), start,
                                              tr("CSV files (*.csv);;All files (*)"));
    else
        chosen = QFileDialog::getExistingDirectory(this, tr("Choose an image folder"), start);
    if (chosen.isEmpty())
        return;
    QSettings().setValue(key, QFileInfo(chosen).absolutePath());
    edit->setText(chosen);
    Q_EMIT edited();
}

void DataPanel::dragEnterEvent(QDragEnterEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void DataPanel::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    setPath(urls.first().toLocalFile());
}

void DataPanel::load(const engine::Experiment& context)
{
    const auto s = spec();
    m_loader->setCurrentRequest(++m_requestId);
    if (!s) {
        setSpecs(std::nullopt, testSpec());
        return;
    }
    m_spec = s;
    m_baseDir = QString::fromStdString(context.baseDir);
    refreshClassList();
    engine::Experiment e = context;
    e.source = s;
    e.target.reset();
    e.targetTest.reset();
    m_loading = true;
    m_error.clear();
    // Empty until the first progress report, not a busy bar: its animation repaints the panel some 60 times
    // a second, on the GUI thread and in the X server, while the panel usually loads beside a run.
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->show();
    m_stats->setText(tr("Loading…"));
    updateWarnings();
    Q_EMIT loadStarted();
    QMetaObject::invokeMethod(m_loader, "load", Qt::QueuedConnection, Q_ARG(int, m_requestId),
                              Q_ARG(QString, bridge::experimentText(e)),
                              Q_ARG(QString, QString::fromStdString(context.baseDir)));
}

void DataPanel::showWaiting(const engine::Experiment& context)
{
    m_loader->setCurrentRequest(++m_requestId);
    m_loading = false;
    m_spec = spec();
    m_baseDir = QString::fromStdString(context.baseDir); // relative paths in the warnings resolve against it
    refreshClassList();
    m_progress->hide(); // the text says it; nothing moves until the load starts
    m_stats->setText(tr("Loads once the run has read the images…"));
    updateWarnings();
}

void DataPanel::showLoaded(const DatasetSummary& summary)
{
    m_loader->setCurrentRequest(++m_requestId);
    DatasetSummary s = summary;
    s.requestId = m_requestId;
    onLoaded(s);
}

void DataPanel::refreshClassList()
{
    QStringList found;
    if (m_spec && m_spec->format == "folder") {
        const QDir dir(QDir(m_baseDir).absoluteFilePath(QString::fromStdString(m_spec->path)));
        found = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    } else if (m_spec && m_spec->format == "idx") {
        for (const auto& n : m_spec->classNames)
            found << QString::fromStdString(n);
    }
    QStringList kept;
    if (m_spec)
        for (const auto& n : m_spec->classes)
            kept << QString::fromStdString(n);
    const QSignalBlocker block(m_classList);
    QStringList listed;
    for (int i = 0; i < m_classList->count(); ++i)
        listed << m_classList->item(i)->text();
    if (listed == found) {
        // The same classes (a tick reloads the panel from within the list's own signal): keep the items.
        for (int i = 0; i < m_classList->count(); ++i)
            m_classList->item(i)->setCheckState(kept.isEmpty() || kept.contains(found[i]) ? Qt::Checked
                                                                                          : Qt::Unchecked);
        return;
    }
    m_classList->clear();
    for (const QString& name : std::as_const(found)) {
        auto* item = new QListWidgetItem(name, m_classList);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(kept.isEmpty() || kept.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    m_form->setRowVisible(m_classList, found.size() > 1);
}

void DataPanel::onClassToggled(QListWidgetItem* item)
{
    std::vector<std::string> kept;
    bool all = true;
    for (int i = 0; i < m_classList->count(); ++i) {
        if (m_classList->item(i)->checkState() == Qt::Checked)
            kept.push_back(m_classList->item(i)->text().toStdString());
        else
            all = false;
    }
    if (kept.empty()) { // a dataset needs a class: the last one stays ticked
        const QSignalBlocker block(m_classList);
        item->setCheckState(Qt::Checked);
        return;
    }
    if (!m_spec)
        m_spec = spec();
    if (!m_spec)
        return;
    const auto previous = m_spec->classes;
    m_spec->classes = all ? std::vector<std::string>{} : kept;
    // The test set keeps the same classes when it followed the training set's choice.
    if (m_testSpec && (m_testSpec->classes.empty() || m_testSpec->classes == previous))
        m_testSpec->classes = m_spec->classes;
    Q_EMIT edited();
}

void DataPanel::onLoaded(const DatasetSummary& summary)
{
    if (summary.requestId != m_requestId)
        return;
    m_loading = false;
    m_loaded = true;
    m_summary = summary;
    m_progress->hide();
    m_overview->setSummary(summary);
    QString stats = summary.labeled
                        ? tr("%n image(s) in %1 classes", nullptr, int(summary.images)).arg(summary.classNames.size())
                        : tr("%n unlabeled image(s)", nullptr, int(summary.images));
    if (summary.labeled && summary.labeledImages < summary.images)
        stats += tr(", %n labeled", nullptr, int(summary.labeledImages));
    stats += tr(" · %1×%2×%3").arg(summary.width).arg(summary.height).arg(summary.channels);
    m_stats->setText(stats);
    updateWarnings();
    Q_EMIT loadFinished(true, {});
}

void DataPanel::onFailed(int requestId, const QString& message)
{
    if (requestId != m_requestId)
        return;
    m_loading = false;
    m_loaded = false;
    m_summary = {};
    m_error = message;
    m_progress->hide();
    m_overview->clear();
    m_stats->setText(tr("Could not load the dataset."));
    updateWarnings();
    Q_EMIT loadFinished(false, message);
}

void DataPanel::setLocked(bool locked)
{
    setAcceptDrops(!locked);
    for (auto* w : findChildren<QWidget*>()) {
        if (qobject_cast<QLineEdit*>(w) || qobject_cast<QComboBox*>(w) || qobject_cast<QSpinBox*>(w) ||
            qobject_cast<QToolButton*>(w) || qobject_cast<QListWidget*>(w))
            w->setEnabled(!locked);
    }
}

void DataPanel::setMismatch(const QString& text, const QStringList& classes)
{
    m_mismatch = text;
    m_overview->setHighlighted(classes);
    updateWarnings();
}

void DataPanel::updateWarnings()
{
    QString missingTest;
    if (m_testPath && !m_testPath->text().trimmed().isEmpty()) {
        const QString test = QDir(m_baseDir).absoluteFilePath(m_testPath->text().trimmed());
        if (!QFileInfo::exists(test))
            missingTest = test;
    }
    m_warnings->update(m_summary, m_error, m_mismatch, missingTest);
}

} // namespace ts::ui

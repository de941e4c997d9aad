#include "ui/forms/hyperparameterform.h"

#include "ui/forms/optioneditor.h"
#include "ui/run/enginebridge.h"
#include "ui/window/experimentdocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace ts::ui {

namespace {

QFormLayout* groupForm(QGroupBox* group)
{
    auto* form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight);
    form->setVerticalSpacing(4);
    return form;
}

template <typename W> W* tip(W* w, const QString& text)
{
    w->setToolTip(text);
    return w;
}

} // namespace

HyperparameterForm::HyperparameterForm(ExperimentDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document)
{
    auto* training = new QGroupBox(tr("Training"), this);
    auto* tf = groupForm(training);
    m_name = tip(new QLineEdit(this), tr("The experiment's name, saved in its file."));
    m_epochs = tip(new QSpinBox(this), tr("Passes over the (target) training images."));
    m_epochs->setRange(1, 10000);
    m_sourceEpochs = tip(new QSpinBox(this), tr("Epochs of pretraining on the source; 'same' uses the epochs above."));
    m_sourceEpochs->setRange(-1, 10000);
    m_sourceEpochs->setSpecialValueText(tr("same"));
    m_batchSize = tip(new QSpinBox(this), tr("Images per optimisation step."));
    m_batchSize->setRange(1, 65536);
    m_lr = tip(new QDoubleSpinBox(this), tr("Learning rate of new layers."));
    m_lr->setDecimals(6);
    m_lr->setRange(1e-6, 10);
    m_lr->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_backboneLrMult =
        tip(new QDoubleSpinBox(this), tr("Pretrained layers learn at lr × this factor when fine-tuning."));
    m_backboneLrMult->setDecimals(4);
    m_backboneLrMult->setRange(0, 100);
    m_backboneLrMult->setSingleStep(0.05);
    m_optimizer = tip(new QComboBox(this), tr("Optimiser: Adam adapts step sizes; SGD uses momentum 0.9."));
    m_optimizer->addItems({QStringLiteral("adam"), QStringLiteral("sgd")});
    m_weightDecay = tip(new QDoubleSpinBox(this), tr("L2 penalty on the weights."));
    m_weightDecay->setDecimals(6);
    m_weightDecay->setRange(0, 1);
    m_weightDecay->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_seed = tip(new QSpinBox(this),
                 tr("Seeds weights, shuffling and splits: the same seed gives the same starting weights."));
    m_seed->setRange(0, 2147483647);
    m_patience =
        tip(new QSpinBox(this), tr("Stop after this many epochs without validation gain; 'off' trains every epoch."));
    m_patience->setRange(0, 1000);
    m_patience->setSpecialValueText(tr("off"));
    tf->addRow(tr("Name:"), m_name);
    tf->addRow(tr("Epochs:"), m_epochs);
    tf->addRow(tr("Source epochs:"), m_sourceEpochs);
    tf->addRow(tr("Batch size:"), m_batchSize);
    tf->addRow(tr("Learning rate:"), m_lr);
    tf->addRow(tr("Backbone lr ×:"), m_backboneLrMult);
    tf->addRow(tr("Optimizer:"), m_optimizer);
    tf->addRow(tr("Weight decay:"), m_weightDecay);
    tf->addRow(tr("Seed:"), m_seed);
    tf->addRow(tr("Early stopping:"), m_patience);

    auto* model = new QGroupBox(tr("Model"), this);
    auto* mf = groupForm(model);
    m_backbone = tip(new QComboBox(this), tr("The network architecture drawn in the diagram."));
    m_backbone->addItems(bridge::backbones());
    m_pretrained = tip(new QLineEdit(this), tr("Optional: start from a checkpoint of this app or a TorchScript file."));
    m_pretrained->setPlaceholderText(tr("none: pretrain on the source"));
    m_pretrained->setClearButtonEnabled(true);
    auto* browse = new QToolButton(this);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose a model file"));
    auto* pretrainedRow = new QHBoxLayout;
    pretrainedRow->addWidget(m_pretrained, 1);
    pretrainedRow->addWidget(browse);
    m_channels = tip(new QComboBox(this), tr("Images are converted to this many channels."));
    m_channels->addItem(tr("grey (1)"), 1);
    m_channels->addItem(tr("colour (3)"), 3);
    m_height = new QSpinBox(this);
    m_width = new QSpinBox(this);
    auto* sizeRow = new QHBoxLayout;
    for (auto* s : {m_height, m_width}) {
        s->setRange(8, 512);
        s->setToolTip(tr("Images are resized to this size."));
    }
    sizeRow->addWidget(m_height, 1);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_width, 1);
    m_device = tip(new QComboBox(this), tr("Where to train: CPU, or a CUDA GPU when LibTorch has one."));
    m_device->addItems({QStringLiteral("cpu"), QStringLiteral("cuda")});
    m_freeze = new QLabel(this);
    m_freeze->setWordWrap(true);
    m_freeze->setObjectName(QStringLiteral("freezeLabel"));
    mf->addRow(tr("Backbone:"), m_backbone);
    mf->addRow(tr("Pretrained:"), pretrainedRow);
    mf->addRow(tr("Input:"), m_channels);
    mf->addRow(tr("Size:"), sizeRow);
    mf->addRow(tr("Device:"), m_device);
    mf->addRow(tr("Frozen:"), m_freeze);

    m_strategyGroup = new QGroupBox(this);
    m_strategyForm = groupForm(m_strategyGroup);
    // Next to the strategy, where it is seen before Start: the run is worth little without what it beats.
    m_withBaseline = new QCheckBox(tr("Compare with baseline"), this);
    m_withBaseline->setObjectName(QStringLiteral("withBaseline"));

    for (auto* combo : findChildren<QComboBox*>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_strategyGroup);
    layout->addWidget(m_withBaseline);
    layout->addWidget(training);
    layout->addWidget(model);
    layout->addStretch(1);

    // Without keyboard tracking, valueChanged fires on arrow clicks and on commit, not on each keystroke.
    for (auto* s : {m_epochs, m_sourceEpochs, m_batchSize, m_seed, m_patience, m_height, m_width}) {
        s->setKeyboardTracking(false);
        connect(s, &QSpinBox::valueChanged, this, &HyperparameterForm::writeGeneral);
    }
    for (auto* s : {m_lr, m_backboneLrMult, m_weightDecay}) {
        s->setKeyboardTracking(false);
        connect(s, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::writeGeneral);
    }
    for (auto* c : {m_backbone, m_optimizer, m_channels, m_device})
        connect(c, &QComboBox::activated, this, &HyperparameterForm::writeGeneral);
    connect(m_withBaseline, &QCheckBox::toggled, this, &HyperparameterForm::writeGeneral);
    for (auto* e : {m_name, m_pretrained})
        connect(e, &QLineEdit::editingFinished, this, &HyperparameterForm::writeGeneral);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose a pretrained model"), m_pretrained->text(),
                                                          tr("Models (*.pt *.pth);;All files (*)"));
        if (!file.isEmpty()) {
            m_pretrained->setText(file);
            writeGeneral();
        }
    });
    connect(document, &ExperimentDocument::reset, this, &HyperparameterForm::loadFromDocument);
    // The pretrained model and path options are shown as written: after Save As elsewhere, as rewritten.
    connect(document, &ExperimentDocument::pathsRebased, this, &HyperparameterForm::loadFromDocument);
    connect(document, &ExperimentDocument::changed, this, [this] {
        if (m_updating)
            return;
        loadGeneral();
        if (QString::fromStdString(m_document->experiment().strategy) != m_builtFor)
            rebuildStrategyOptions();
        updateFreezeLabel();
        updateBaselineSwitch();
    });
    loadFromDocument();
}

void HyperparameterForm::loadFromDocument()
{
    loadGeneral();
    rebuildStrategyOptions();
    updateFreezeLabel();
    updateBaselineSwitch();
}

void HyperparameterForm::loadGeneral()
{
    m_updating = true;
    const auto& e = m_document->experiment();
    m_name->setText(QString::fromStdString(e.name));
    m_epochs->setValue(e.train.epochs);
    m_sourceEpochs->setValue(e.train.sourceEpochs);
    m_batchSize->setValue(e.train.batchSize);
    m_lr->setValue(e.train.lr);
    m_backboneLrMult->setValue(e.train.backboneLrMult);
    m_optimizer->setCurrentText(QString::fromStdString(e.train.optimizer));
    m_weightDecay->setValue(e.train.weightDecay);
    m_seed->setValue(int(e.train.seed));
    m_patience->setValue(e.train.earlyStoppingPatience);
    m_backbone->setCurrentText(QString::fromStdString(e.model.backbone));
    m_pretrained->setText(QString::fromStdString(e.model.pretrained));
    m_channels->setCurrentIndex(e.input.channels == 3 ? 1 : 0);
    m_height->setValue(e.input.height);
    m_width->setValue(e.input.width);
    m_device->setCurrentText(QString::fromStdString(e.device));
    m_withBaseline->setChecked(e.withBaseline);
    m_updating = false;
}

void HyperparameterForm::writeGeneral()
{
    if (m_updating)
        return;
    m_updating = true;
    m_document->modify([this](engine::Experiment& e) {
        e.name = m_name->text().trimmed().toStdString();
        e.train.epochs = m_epochs->value();
        e.train.sourceEpochs = m_sourceEpochs->value();
        e.train.batchSize = m_batchSize->value();
        e.train.lr = m_lr->value();
        e.train.backboneLrMult = m_backboneLrMult->value();
        e.train.optimizer = m_optimizer->currentText().toStdString();
        e.train.weightDecay = m_weightDecay->value();
        e.train.seed = std::uint64_t(m_seed->value());
        e.train.earlyStoppingPatience = m_patience->value();
        e.model.backbone = m_backbone->currentText().toStdString();
        e.model.pretrained = m_pretrained->text().trimmed().toStdString();
        e.input.channels = m_channels->currentData().toInt();
        e.input.height = m_height->value();
        e.input.width = m_width->value();
        e.device = m_device->currentText().toStdString();
        e.withBaseline = m_withBaseline->isChecked();
    });
    m_updating = false;
}

void HyperparameterForm::rebuildStrategyOptions()
{
    const auto& e = m_document->experiment();
    m_builtFor = QString::fromStdString(e.strategy);
    while (m_strategyForm->rowCount() > 0)
        m_strategyForm->removeRow(0);
    m_options.clear();
    const auto* s = bridge::findStrategy(m_builtFor);
    m_strategyGroup->setTitle(s ? tr("%1 options").arg(s->title) : tr("Strategy options"));
    if (!s || s->options.isEmpty()) {
        auto* none = new QLabel(tr("This strategy has no options of its own."), m_strategyGroup);
        none->setStyleSheet(QStringLiteral("color: palette(mid);"));
        m_strategyForm->addRow(none);
        return;
    }
    QJsonObject values;
    if (auto it = e.sections.find(s->section.toStdString()); it != e.sections.end())
        values = bridge::toQt(it->second).toObject();
    for (const auto& opt : s->options) {
        auto* editor = new OptionEditor(opt, m_strategyGroup);
        editor->setLayerNames(m_layerNames);
        editor->setValue(values.value(opt.key));
        QString label = opt.key;
        label.replace(QLatin1Char('_'), QLatin1Char(' '));
        label[0] = label[0].toUpper();
        auto* labelWidget = new QLabel(label + QLatin1Char(':'), m_strategyGroup);
        labelWidget->setToolTip(opt.help);
        m_strategyForm->addRow(labelWidget, editor);
        m_options.insert(opt.key, editor);
        connect(editor, &OptionEditor::changed, this, &HyperparameterForm::writeSection);
    }
}

void HyperparameterForm::writeSection()
{
    const auto* s = bridge::findStrategy(m_builtFor);
    if (!s || s->section.isEmpty())
        return;
    QJsonObject values;
    for (auto it = m_options.begin(); it != m_options.end(); ++it) {
        const QJsonValue v = it.value()->value();
        if (!v.isNull())
            values.insert(it.key(), v);
    }
    m_updating = true;
    m_document->modify([&](engine::Experiment& e) { e.sections[s->section.toStdString()] = bridge::fromQt(values); });
    m_updating = false;
}

void HyperparameterForm::setLayerNames(const QStringList& names)
{
    m_layerNames = names;
    for (auto* editor : m_options)
        editor->setLayerNames(names);
}

bool HyperparameterForm::hasStrategyOption(const QString& key, const QString& type) const
{
    auto* editor = m_options.value(key);
    return editor && (type.isEmpty() || editor->option().type == type);
}

void HyperparameterForm::setStrategyOption(const QString& key, const QJsonValue& value)
{
    if (auto* editor = m_options.value(key)) {
        editor->setValue(value);
        writeSection();
    }
}

void HyperparameterForm::updateBaselineSwitch()
{
    const QStringList titles = bridge::baselineTitles(m_document->experiment());
    m_withBaseline->setEnabled(!titles.isEmpty());
    if (titles.isEmpty()) {
        m_withBaseline->setText(tr("Compare with baseline"));
        m_withBaseline->setToolTip(tr("This strategy has no baseline of its own: it is one."));
        return;
    }
    m_withBaseline->setText(tr("Compare with baseline (%1)").arg(titles.join(QStringLiteral(", "))));
    m_withBaseline->setToolTip(tr("After the run, also train the baseline on the same data with the same seed, "
                                  "overlay its curves and report the gain in points."));
}

void HyperparameterForm::updateFreezeLabel()
{
    const auto& freeze = m_document->experiment().freeze;
    QStringList names;
    for (const auto& n : freeze)
        names << QString::fromStdString(n);
    m_freeze->setText(names.isEmpty() ? tr("<i>nothing — click a block in the diagram to freeze it</i>")
                                      : names.join(QStringLiteral(", ")));
}

} // namespace ts::ui

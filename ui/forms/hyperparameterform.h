#pragma once

#include <QJsonValue>
#include <QMap>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ts::ui {

class ExperimentDocument;
class OptionEditor;

/// The experiment's settings: training (epochs, batch size, learning rates, seed, ...), model and input, and
/// the selected strategy's own options, rendered generically from the engine's option descriptions.
/// Edits go straight into the document.
class HyperparameterForm : public QWidget {
    Q_OBJECT
public:
    explicit HyperparameterForm(ExperimentDocument* document, QWidget* parent = nullptr);

    /// The network's layer names, offered by "layer" options.
    void setLayerNames(const QStringList& names);
    /// Sets one option of the current strategy's section (e.g. "branch" from the diagram).
    void setStrategyOption(const QString& key, const QJsonValue& value);
    /// True when the current strategy has an option `key` of type `type` ("" any type).
    bool hasStrategyOption(const QString& key, const QString& type = {}) const;
    OptionEditor* optionEditor(const QString& key) const { return m_options.value(key); }
    /// The "Compare with baseline" switch, bound to the experiment's with_baseline.
    QCheckBox* baselineSwitch() const { return m_withBaseline; }

private:
    void loadFromDocument();
    void loadGeneral();
    void writeGeneral();
    void rebuildStrategyOptions();
    void writeSection();
    void updateFreezeLabel();
    void updateBaselineSwitch();

    ExperimentDocument* m_document;
    bool m_updating = false;
    QString m_builtFor; // strategy whose options are shown
    QStringList m_layerNames;

    QLineEdit* m_name;
    QComboBox* m_backbone;
    QLineEdit* m_pretrained;
    QComboBox* m_channels;
    QSpinBox* m_height;
    QSpinBox* m_width;
    QSpinBox* m_epochs;
    QSpinBox* m_sourceEpochs;
    QSpinBox* m_batchSize;
    QDoubleSpinBox* m_lr;
    QDoubleSpinBox* m_backboneLrMult;
    QComboBox* m_optimizer;
    QDoubleSpinBox* m_weightDecay;
    QSpinBox* m_seed;
    QSpinBox* m_patience;
    QComboBox* m_device;
    QLabel* m_freeze;
    QCheckBox* m_withBaseline;
    QGroupBox* m_strategyGroup;
    QFormLayout* m_strategyForm;
    QMap<QString, OptionEditor*> m_options;
};

} // namespace ts::ui

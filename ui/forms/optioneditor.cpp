#include "ui/forms/optioneditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

#include <cmath>
#include <limits>

namespace ts::ui {

namespace {

double clampRange(double v, double fallback)
{
    return std::isfinite(v) && std::abs(v) < 1e15 ? v : fallback;
}

QString listText(const QJsonValue& v)
{
    QStringList parts;
    for (const auto& x : v.toArray())
        parts << QString::number(x.toDouble());
    return parts.join(QStringLiteral(", "));
}

} // namespace

OptionEditor::OptionEditor(const OptionDescription& option, QWidget* parent) : QWidget(parent), m_option(option)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const QString& t = option.type;
    if (t == QLatin1String("int")) {
        auto* spin = new QSpinBox(this);
        spin->setRange(int(clampRange(option.minimum, -1e9)), int(clampRange(option.maximum, 1e9)));
        spin->setKeyboardTracking(false);
        connect(spin, &QSpinBox::valueChanged, this, &OptionEditor::changed);
        m_editor = spin;
    } else if (t == QLatin1String("double")) {
        auto* spin = new QDoubleSpinBox(this);
        spin->setDecimals(5);
        spin->setRange(clampRange(option.minimum, -1e9), clampRange(option.maximum, 1e9));
        spin->setSingleStep(0.1);
        spin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
        spin->setKeyboardTracking(false);
        connect(spin, &QDoubleSpinBox::valueChanged, this, &OptionEditor::changed);
        m_editor = spin;
    } else if (t == QLatin1String("bool")) {
        auto* box = new QCheckBox(this);
        connect(box, &QCheckBox::toggled, this, &OptionEditor::changed);
        m_editor = box;
    } else if ((t == QLatin1String("string") && !option.choices.isEmpty()) || t == QLatin1String("layer")) {
        auto* combo = new QComboBox(this);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
        if (t == QLatin1String("layer"))
            combo->addItem(tr("(default)"), QString());
        for (const auto& c : option.choices)
            combo->addItem(c, c);
        connect(combo, &QComboBox::activated, this, &OptionEditor::changed);
        m_editor = combo;
    } else {
        auto* edit = new QLineEdit(this);
        if (t == QLatin1String("double_list"))
            edit->setPlaceholderText(tr("numbers, separated by commas"));
        connect(edit, &QLineEdit::editingFinished, this, &OptionEditor::changed);
        m_editor = edit;
        if (t == QLatin1String("path")) {
            auto* browse = new QToolButton(this);
            browse->setText(QStringLiteral("…"));
            browse->setToolTip(tr("Browse…"));
            connect(browse, &QToolButton::clicked, this, [this, edit] {
                const QString file = QFileDialog::getOpenFileName(this, tr("Choose a file"), edit->text());
                if (!file.isEmpty()) {
                    edit->setText(file);
                    Q_EMIT changed();
                }
            });
            layout->addWidget(edit, 1);
            layout->addWidget(browse);
        }
    }
    if (layout->count() == 0)
        layout->addWidget(m_editor, 1);
    m_editor->setObjectName(QStringLiteral("option_") + option.key);
    setToolTip(option.help);
    m_editor->setToolTip(option.help);
    setValue(option.defaultValue);
}

QJsonValue OptionEditor::value() const
{
    const QString& t = m_option.type;
    if (auto* spin = qobject_cast<QSpinBox*>(m_editor))
        return spin->value();
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(m_editor))
        return spin->value();
    if (auto* box = qobject_cast<QCheckBox*>(m_editor))
        return box->isChecked();
    if (auto* combo = qobject_cast<QComboBox*>(m_editor)) {
        const QString v = combo->currentData().toString();
        return t == QLatin1String("layer") && v.isEmpty() ? QJsonValue() : QJsonValue(v);
    }
    const QString text = static_cast<QLineEdit*>(m_editor)->text().trimmed();
    if (t == QLatin1String("double_list")) {
        QJsonArray list;
        for (const auto& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const double d = part.trimmed().toDouble(&ok);
            if (ok)
                list << d;
        }
        return list;
    }
    return text;
}

void OptionEditor::setValue(const QJsonValue& given)
{
    const QJsonValue v = given.isNull() || given.isUndefined() ? m_option.defaultValue : given;
    const QSignalBlocker block(m_editor);
    if (auto* spin = qobject_cast<QSpinBox*>(m_editor))
        spin->setValue(v.toInt());
    else if (auto* spin = qobject_cast<QDoubleSpinBox*>(m_editor))
        spin->setValue(v.toDouble());
    else if (auto* box = qobject_cast<QCheckBox*>(m_editor))
        box->setChecked(v.toBool());
    else if (auto* combo = qobject_cast<QComboBox*>(m_editor)) {
        const QString s = v.toString();
        if (!s.isEmpty() && combo->findData(s) < 0)
            combo->addItem(s, s);
        combo->setCurrentIndex(std::max(0, combo->findData(s)));
    } else if (m_option.type == QLatin1String("double_list"))
        static_cast<QLineEdit*>(m_editor)->setText(listText(v));
    else
        static_cast<QLineEdit*>(m_editor)->setText(v.toString());
}

void OptionEditor::setLayerNames(const QStringList& names)
{
    if (m_option.type != QLatin1String("layer"))
        return;
    auto* combo = static_cast<QComboBox*>(m_editor);
    const QJsonValue current = value();
    {
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(tr("(default)"), QString());
        for (const auto& n : names)
            combo->addItem(n, n);
    }
    setValue(current);
}

} // namespace ts::ui

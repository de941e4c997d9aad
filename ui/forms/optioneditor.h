#pragma once

#include "ui/forms/strategydescription.h"

#include <QJsonValue>
#include <QWidget>

namespace ts::ui {

/// The editor of one strategy option, chosen by its type: int -> spin box, double -> double spin box,
/// string with choices -> combo box, bool -> check box, path -> line edit with a browse button,
/// layer -> combo box of the network's layer names, double_list -> comma-separated line edit.
class OptionEditor : public QWidget {
    Q_OBJECT
public:
    explicit OptionEditor(const OptionDescription& option, QWidget* parent = nullptr);

    const OptionDescription& option() const { return m_option; }
    QJsonValue value() const;
    /// Shows `value`; Null shows the option's default.
    void setValue(const QJsonValue& value);
    /// For "layer" options: the names to choose from.
    void setLayerNames(const QStringList& names);
    /// The editing widget itself (for tests and focus).
    QWidget* editor() const { return m_editor; }

Q_SIGNALS:
    void changed();

private:
    OptionDescription m_option;
    QWidget* m_editor = nullptr;
};

} // namespace ts::ui

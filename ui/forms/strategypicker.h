#pragma once

#include <QMap>
#include <QString>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QRadioButton;

namespace ts::ui {

/// The strategies as a 2×2 grid (source labeled/unlabeled × target labeled/unlabeled) plus the baselines,
/// built from the engine's strategy descriptions. Strategies the data cannot serve are disabled, with the
/// reason as tooltip.
class StrategyPicker : public QWidget {
    Q_OBJECT
public:
    explicit StrategyPicker(QWidget* parent = nullptr);

    QString current() const { return m_current; }
    /// Checks `name` without emitting strategySelected().
    void setCurrent(const QString& name);
    /// Why each strategy cannot run on the current data ("" or missing: it can), and what one that can run
    /// leaves out of it (`notes`, e.g. labels it ignores); both go into the button's tooltip.
    void setUnavailableReasons(const QMap<QString, QString>& reasons, const QMap<QString, QString>& notes = {});
    bool isAvailable(const QString& name) const;
    /// Why `name` cannot run ("" when it can).
    QString unavailableReason(const QString& name) const { return m_reasons.value(name); }
    /// While training: the choice cannot change, the description stays readable.
    void setLocked(bool locked);
    QRadioButton* button(const QString& name) const { return m_buttons.value(name); }

    /// Grid cell of a StrategyInfo::setting: {row, column}; {-1, -1} for baselines and unknown settings.
    static QPair<int, int> cellOf(const QString& setting);

Q_SIGNALS:
    void strategySelected(const QString& name);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateDescription();

    QMap<QString, QRadioButton*> m_buttons;
    QMap<QString, QLabel*> m_labels;
    QMap<QString, QString> m_reasons;
    QButtonGroup* m_group;
    QLabel* m_description;
    QString m_current;
};

} // namespace ts::ui

#include "ui/forms/strategypicker.h"

#include "ui/i18n/enginetexts.h"
#include "ui/run/enginebridge.h"

#include <QButtonGroup>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace ts::ui {

namespace {

QFrame* cellFrame(QWidget* parent)
{
    auto* f = new QFrame(parent);
    f->setObjectName(QStringLiteral("strategyCell"));
    f->setFrameShape(QFrame::StyledPanel);
    f->setStyleSheet(QStringLiteral("QFrame#strategyCell { border: 1px solid palette(mid); border-radius: 5px; "
                                    "background: palette(base); }"));
    auto* l = new QVBoxLayout(f);
    l->setContentsMargins(6, 4, 6, 4);
    l->setSpacing(2);
    return f;
}

QLabel* header(const QString& text, QWidget* parent, Qt::Alignment align)
{
    auto* l = new QLabel(text, parent);
    l->setAlignment(align);
    QFont f = l->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.9);
    l->setFont(f);
    l->setStyleSheet(QStringLiteral("color: palette(dark);"));
    return l;
}

} // namespace

QPair<int, int> StrategyPicker::cellOf(const QString& setting)
{
    const QString s = setting.toLower();
    const int row = s.contains(QLatin1String("source unlabeled")) ? 1
                    : s.contains(QLatin1String("source labeled")) ? 0
                                                                  : -1;
    const int col = s.contains(QLatin1String("target unlabeled")) ? 1
                    : s.contains(QLatin1String("target labeled")) ? 0
                                                                  : -1;
    if (row < 0 || col < 0)
        return {-1, -1};
    return {row, col};
}

StrategyPicker::StrategyPicker(QWidget* parent)
    : QWidget(parent), m_group(new QButtonGroup(this)), m_description(new QLabel(this))
{
    auto* grid = new QGridLayout;
    grid->setSpacing(4);
    grid->addWidget(header(tr("Target labeled"), this, Qt::AlignCenter), 0, 1);
    grid->addWidget(header(tr("Target unlabeled"), this, Qt::AlignCenter), 0, 2);
    grid->addWidget(header(tr("Source\nlabeled"), this, Qt::AlignRight | Qt::AlignVCenter), 1, 0);
    grid->addWidget(header(tr("Source\nunlabeled"), this, Qt::AlignRight | Qt::AlignVCenter), 2, 0);
    QFrame* cells[2][2];
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) {
            cells[r][c] = cellFrame(this);
            grid->addWidget(cells[r][c], r + 1, c + 1);
        }
    QFrame* baselines = cellFrame(this);
    baselines->layout()->setContentsMargins(6, 2, 6, 2);
    auto* baselineRow = new QHBoxLayout;
    static_cast<QVBoxLayout*>(baselines->layout())->addLayout(baselineRow);
    grid->addWidget(header(tr("Baselines"), this, Qt::AlignRight | Qt::AlignVCenter), 3, 0);
    grid->addWidget(baselines, 3, 1, 1, 2);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);

    for (const auto& s : bridge::strategies()) {
        // A text-less radio button plus a word-wrapping label, so long titles wrap instead of widening the dock.
        auto* row = new QWidget(this);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 1, 0, 1);
        rowLayout->setSpacing(4);
        auto* b = new QRadioButton(row);
        b->setObjectName(QStringLiteral("strategy_") + s.name);
        b->setToolTip(s.description);
        b->setAccessibleName(s.title);
        auto* label = new QLabel(s.title.isEmpty() ? s.name : s.title, row);
        label->setWordWrap(true);
        label->setBuddy(b);
        label->installEventFilter(this);
        label->setProperty("strategy", s.name);
        rowLayout->addWidget(b, 0, Qt::AlignTop);
        rowLayout->addWidget(label, 1);
        m_buttons.insert(s.name, b);
        m_labels.insert(s.name, label);
        m_group->addButton(b);
        const auto cell = cellOf(s.setting);
        if (cell.first < 0)
            baselineRow->addWidget(row);
        else
            cells[cell.first][cell.second]->layout()->addWidget(row);
        connect(b, &QRadioButton::toggled, this, [this, name = s.name](bool on) {
            if (!on || m_current == name)
                return;
            m_current = name;
            updateDescription();
            Q_EMIT strategySelected(name);
        });
    }
    baselineRow->addStretch(1);
    for (auto& row : cells)
        for (auto* cell : row) {
            if (cell->layout()->count() == 0) {
                auto* none = new QLabel(tr("(none yet)"), cell);
                none->setStyleSheet(QStringLiteral("color: palette(mid);"));
                cell->layout()->addWidget(none);
            }
            static_cast<QVBoxLayout*>(cell->layout())->addStretch(1);
        }

    m_description->setWordWrap(true);
    m_description->setObjectName(QStringLiteral("strategyDescription"));
    m_description->setTextFormat(Qt::RichText);
    m_description->setMinimumHeight(m_description->fontMetrics().height() * 4);
    m_description->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(m_description);
}

void StrategyPicker::setCurrent(const QString& name)
{
    m_current = name;
    if (auto* b = m_buttons.value(name)) {
        QSignalBlocker block(b);
        b->setChecked(true);
    } else {
        QSignalBlocker block(m_group);
        m_group->setExclusive(false);
        for (auto* b : m_buttons)
            b->setChecked(false);
        m_group->setExclusive(true);
    }
    updateDescription();
}

void StrategyPicker::setUnavailableReasons(const QMap<QString, QString>& reasons, const QMap<QString, QString>& notes)
{
    m_reasons = reasons;
    for (auto it = m_buttons.begin(); it != m_buttons.end(); ++it) {
        const QString why = reasons.value(it.key());
        const auto* s = bridge::findStrategy(it.key());
        it.value()->setEnabled(why.isEmpty() || it.key() == m_current);
        const QString note = notes.value(it.key());
        it.value()->setToolTip(!why.isEmpty()
                                   ? tr("<b>Not available:</b> %1<br><br>%2").arg(why.toHtmlEscaped(), s->description)
                               : !note.isEmpty() ? tr("%1<br><br><i>%2</i>").arg(s->description, note.toHtmlEscaped())
                                                 : s->description);
        QLabel* label = m_labels.value(it.key());
        label->setEnabled(why.isEmpty() || it.key() == m_current);
        label->setToolTip(it.value()->toolTip());
    }
    updateDescription();
}

bool StrategyPicker::eventFilter(QObject* watched, QEvent* event)
{
    // Clicking a strategy's label selects it, as the text of a plain radio button would.
    if (event->type() == QEvent::MouseButtonRelease) {
        if (auto* b = m_buttons.value(watched->property("strategy").toString()); b && b->isEnabled())
            b->setChecked(true);
    }
    return QWidget::eventFilter(watched, event);
}

void StrategyPicker::setLocked(bool locked)
{
    for (auto* cell : findChildren<QFrame*>(QStringLiteral("strategyCell")))
        cell->setEnabled(!locked);
}

bool StrategyPicker::isAvailable(const QString& name) const
{
    return m_reasons.value(name).isEmpty();
}

void StrategyPicker::updateDescription()
{
    const auto* s = bridge::findStrategy(m_current);
    if (!s) {
        m_description->setText(tr("<i>Choose a strategy.</i>"));
        return;
    }
    QString text = QStringLiteral("<b>%1</b> <span style='color:gray'>(%2)</span><br>%3")
                       .arg(s->title.toHtmlEscaped(), enginetexts::setting(s->setting).toHtmlEscaped(),
                            s->description.toHtmlEscaped());
    const QString why = m_reasons.value(m_current);
    if (!why.isEmpty())
        text += QStringLiteral("<br><span style='color:#c62828'>&#9888; %1</span>").arg(why.toHtmlEscaped());
    m_description->setText(text);
}

} // namespace ts::ui

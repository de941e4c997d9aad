#include "ui/window/messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace ts::ui {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("messageBannerText"));
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

void MessageBanner::showMessage(Kind kind, const QString& text)
{
    m_kind = kind;
    struct Style {
        const char* background;
        const char* border;
        const char* symbol;
    };
    static const Style styles[] = {{"#e3f0fc", "#4a90d9", "ℹ"},
                                   {"#fff4e0", "#e0a030", "⚠"},
                                   {"#fdecea", "#d9534f", "✖"},
                                   {"#e8f5e9", "#4caf50", "✔"}};
    const Style& s = styles[int(kind)];
    setStyleSheet(QStringLiteral("QFrame#messageBanner { background: %1; border: 1px solid %2; border-radius: 4px; }"
                                 "QFrame#messageBanner QLabel { color: #202020; }")
                      .arg(QLatin1String(s.background), QLatin1String(s.border)));
    m_icon->setText(QString::fromUtf8(s.symbol));
    m_text->setText(text);
    show();
}

} // namespace ts::ui

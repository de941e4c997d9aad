#include "ui/window/recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace ts::ui {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QMenu* menu, QObject* parent) : QObject(parent), m_menu(menu)
{
    rebuild();
}

QStringList RecentFiles::files() const
{
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxFiles)
        list.removeLast();
    QSettings().setValue(kKey, list);
    rebuild();
}

void RecentFiles::rebuild()
{
    m_menu->clear();
    const QStringList list = files();
    int n = 0;
    for (const auto& file : list) {
        if (!QFileInfo::exists(file))
            continue;
        ++n;
        auto* a = m_menu->addAction(QStringLiteral("&%1 %2").arg(n % 10).arg(QFileInfo(file).fileName()));
        a->setToolTip(QDir::toNativeSeparators(file));
        a->setStatusTip(QDir::toNativeSeparators(file));
        connect(a, &QAction::triggered, this, [this, file] { Q_EMIT openRequested(file); });
    }
    if (n == 0)
        m_menu->addAction(tr("(no recent files)"))->setEnabled(false);
    else {
        m_menu->addSeparator();
        connect(m_menu->addAction(tr("Clear Menu")), &QAction::triggered, this, [this] {
            QSettings().remove(kKey);
            rebuild();
        });
    }
}

} // namespace ts::ui

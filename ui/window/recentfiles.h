#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace ts::ui {

/// The "Open Recent" menu, kept in QSettings.
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxFiles = 10;

    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);

    void add(const QString& path);
    QStringList files() const;

Q_SIGNALS:
    void openRequested(const QString& path);

private:
    void rebuild();

    QMenu* m_menu;
};

} // namespace ts::ui

#pragma once

#include "ui/data/datasetsummary.h"

#include <QObject>
#include <QString>

#include <atomic>

namespace ts::ui {

/// Loads a dataset through the engine off the GUI thread (it lives in its owner's QThread) and reports what
/// a data panel shows: class counts, thumbnails, skipped files. A newer request or cancel() abandons the
/// current one at its next progress report.
class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);

    /// Thread-safe. Marks `requestId` as the only one whose result is still wanted (0: none).
    void setCurrentRequest(int requestId) { m_current.store(requestId); }

public Q_SLOTS:
    /// `experimentJson` is an experiment whose `source` is the dataset to load (paths relative to `baseDir`).
    void load(int requestId, const QString& experimentJson, const QString& baseDir);

Q_SIGNALS:
    void progress(int requestId, qint64 done, qint64 total);
    void loaded(const ts::ui::DatasetSummary& summary);
    void failed(int requestId, const QString& message);

private:
    std::atomic<int> m_current{0};
};

} // namespace ts::ui

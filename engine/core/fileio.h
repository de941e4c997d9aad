#pragma once

// Writing outputs so that a kill or a full disk never leaves a half-written file, and naming the reason
// (errno text) when a file cannot be read or written.

#include <string>

namespace ts::engine {

/// Writes `contents` to `path` through a unique temp file in the same folder, fsync and rename, so that
/// readers see the old file or the new one, never a part. The temp file is removed on failure.
/// Throws InputError "cannot write '<path>': <reason>" (e.g. "No space left on device").
void writeFileAtomic(const std::string& path, const std::string& contents);

/// Throws InputError "<what> '<path>': <reason>" when `path` is a directory or missing; `what` names the
/// file's role, e.g. "attribute table". Does nothing for a regular file (or anything else openable).
void requireFile(const std::string& path, const std::string& what);

/// An exclusive advisory lock (flock) on `<dir>/.transfer-studio.lock`, held while the object lives, so that
/// two runs never write into one output folder at once. The lock file itself stays (it is empty).
class FolderLock {
public:
    /// Throws InputError naming the folder when another process holds the lock. Where the lock file cannot
    /// be created (a read-only folder), nothing is locked and the first output's writer reports the reason.
    explicit FolderLock(const std::string& dir);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int m_fd = -1;
};

} // namespace ts::engine

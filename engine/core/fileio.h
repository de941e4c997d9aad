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

} // namespace ts::engine

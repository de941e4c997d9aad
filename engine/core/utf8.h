#pragma once

#include <string>

namespace ts::engine {

/// True when `text` is valid UTF-8.
bool isValidUtf8(const std::string& text);

/// `text` with each byte that is not part of valid UTF-8 written as "\xNN" (e.g. a Latin-1 file name
/// "caf\xE9"), so that names from the file system can go into JSON and logs. Valid text is returned as is.
std::string escapeInvalidUtf8(const std::string& text);

} // namespace ts::engine

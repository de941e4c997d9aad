#pragma once

#include <stdexcept>
#include <string>

namespace ts::engine {

/// Exit codes shared by the CLI and the engine's result.
enum class ExitCode : int { Ok = 0, Internal = 1, BadInput = 2, Cancelled = 130 };

/// Thrown for anything the user can fix: a missing folder, a wrong key, an unknown layer.
/// The message always names the file, key or layer at fault.
class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

/// Thrown by RunControl when the user asked to stop; the loop unwinds and partial results are kept.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace ts::engine

#pragma once

#include <cstdio>
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

/// Thrown when a training loss stops being a finite number (or explodes past kDivergedLoss): training stops
/// at once, before the step that would spoil the weights. The runner reports status "diverged", exit 2.
class Diverged : public std::runtime_error {
public:
    Diverged(std::string phase, long long step, double loss)
        : std::runtime_error("the loss became " + lossText(loss) + " at step " + std::to_string(step) + " of '" +
                             phase + "'"),
          phase(std::move(phase)), step(step), loss(loss)
    {
    }
    std::string phase; // the strategy's stage, e.g. "train", "pretrain", "autoencoder"
    long long step;    // 1-based step within the phase
    double loss;       // the offending value (NaN, inf or huge)

private:
    static std::string lossText(double value)
    {
        if (value != value)
            return "NaN";
        if (value > 1e308 || value < -1e308)
            return value > 0 ? "infinite" : "-infinite";
        char text[32];
        std::snprintf(text, sizeof text, "%g", value);
        return text;
    }
};

/// A loss above this counts as diverged: no loss of the engine's reaches it on normalised images.
constexpr double kDivergedLoss = 1e10;

/// Thrown by RunControl when the user asked to stop; the loop unwinds and partial results are kept.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace ts::engine

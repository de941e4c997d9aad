#pragma once

namespace ts::cli {

class Args;

// Each command returns the process exit code: 0 ok, 2 bad input, 1 internal failure, 130 interrupted.
int runCommand(const Args& args);
int layersCommand(const Args& args);
int benchCommand(const Args& args);
int demoDataCommand(const Args& args);
int strategiesCommand(const Args& args);
int compareCommand(const Args& args);
int inspectCommand(const Args& args);
int exportCommand(const Args& args);
int predictCommand(const Args& args);

} // namespace ts::cli

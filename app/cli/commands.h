#pragma once

namespace ts::cli {

// Each command returns the process exit code: 0 ok, 2 bad input, 1 internal failure, 130 interrupted.
int runCommand(int argc, char** argv);
int layersCommand(int argc, char** argv);
int benchCommand(int argc, char** argv);
int demoDataCommand(int argc, char** argv);
int strategiesCommand(int argc, char** argv);
int compareCommand(int argc, char** argv);
int inspectCommand(int argc, char** argv);

} // namespace ts::cli

#include "engine/core/process.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace ts::engine {

void exitWithoutTeardown(int status)
{
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(status);
}

} // namespace ts::engine

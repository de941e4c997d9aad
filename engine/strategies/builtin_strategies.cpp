// The strategies compiled into the engine, in the order the CLI and the GUI list them. Registration is
// explicit because self-registering statics in a static library are dropped by the linker.

namespace ts::engine {

void registerBaselineStrategies();
void registerFinetuneStrategy();
void registerMultitaskStrategy();
void registerDannStrategy();
void registerZeroShotStrategy();
void registerSelfTaughtStrategy();
void registerSelfTaughtClusteringStrategy();

void registerBuiltinStrategies()
{
    registerBaselineStrategies();
    registerFinetuneStrategy();
    registerMultitaskStrategy();
    registerDannStrategy();
    registerZeroShotStrategy();
    registerSelfTaughtStrategy();
    registerSelfTaughtClusteringStrategy();
}

} // namespace ts::engine

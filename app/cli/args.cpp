#include "args.h"

#include <algorithm>

namespace ts::cli {

Args::Args(int argc, char** argv, int first, const std::vector<std::string>& valueOptions,
           const std::vector<std::string>& flags)
{
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            m_positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2), value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else if (std::find(valueOptions.begin(), valueOptions.end(), name) != valueOptions.end()) {
            if (i + 1 >= argc)
                throw std::invalid_argument("option --" + name + " needs a value");
            value = argv[++i];
        }
        const bool known = std::find(valueOptions.begin(), valueOptions.end(), name) != valueOptions.end() ||
                           std::find(flags.begin(), flags.end(), name) != flags.end();
        if (!known)
            throw std::invalid_argument("unknown option --" + name);
        m_options[name] = value;
    }
}

std::string Args::get(const std::string& name, const std::string& fallback) const
{
    auto it = m_options.find(name);
    return it == m_options.end() ? fallback : it->second;
}

long long Args::getInt(const std::string& name, long long fallback) const
{
    auto it = m_options.find(name);
    if (it == m_options.end())
        return fallback;
    try {
        size_t used = 0;
        long long v = std::stoll(it->second, &used);
        if (used == it->second.size())
            return v;
    } catch (const std::exception&) {
    }
    throw std::invalid_argument("option --" + name + " must be an integer, got '" + it->second + "'");
}

} // namespace ts::cli

#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ts::cli {

/// Positional arguments and --key value / --flag options of one command.
class Args {
public:
    /// `flags` are options without a value; any other --option takes the next argument.
    Args(int argc, char** argv, int first, const std::vector<std::string>& valueOptions,
         const std::vector<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool has(const std::string& name) const { return m_options.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = {}) const;
    /// Integer option; throws std::invalid_argument naming the option when it is not an integer.
    long long getInt(const std::string& name, long long fallback) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_options;
};

} // namespace ts::cli

#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ts::engine {

/// Accepted values of a number: [min, max] with either end optionally open.
struct NumberRange {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool minOpen = false; // true: min itself is rejected
    bool maxOpen = false; // true: max itself is rejected
    bool contains(double value) const;
    /// ">= 0", "> 0", "in [0, 1)"; empty for an unbounded range.
    std::string describe() const;
};

/// Reads typed fields from one JSON object and names the full key path ("train.epochs") in every error.
/// All errors are InputError with the message "<origin>: key '<path>' ...".
class JsonFields {
public:
    /// Throws InputError unless `value` is an object; `path` is empty for the top level.
    JsonFields(const nlohmann::json& value, std::string origin, std::string path);

    /// Throws InputError for the first key not in `allowed`, suggesting the closest one when near.
    void checkKeys(const std::vector<std::string>& allowed) const;
    /// True when the key is present (null included).
    bool has(const std::string& key) const;
    /// The reader of a nested object; throws InputError when the value is not an object.
    JsonFields child(const std::string& key) const;
    /// The raw value, which must be present.
    const nlohmann::json& at(const std::string& key) const { return m_value.at(key); }

    // Each read leaves `out` unchanged when the key is absent and throws InputError for a wrong type,
    // a value out of range or a value not among `choices`.
    void read(const std::string& key, std::string& out) const;
    void read(const std::string& key, bool& out) const;
    void readChoice(const std::string& key, std::string& out, const std::vector<std::string>& choices) const;
    void read(const std::string& key, std::vector<std::string>& out) const;
    void read(const std::string& key, int& out, const NumberRange& range = {}) const;
    void read(const std::string& key, std::uint64_t& out) const;
    void read(const std::string& key, double& out, const NumberRange& range = {}) const;

    /// "train.epochs" for key "epochs" of the object at "train".
    std::string keyPath(const std::string& key) const;
    /// Throws InputError "<origin>: key '<path of key>' <what>".
    [[noreturn]] void fail(const std::string& key, const std::string& what) const;
    const std::string& origin() const { return m_origin; }

private:
    std::int64_t integer(const std::string& key, const nlohmann::json& value) const;

    const nlohmann::json& m_value;
    std::string m_origin;
    std::string m_path;
};

/// "string", "integer", "number", "boolean", "array", "object" or "null".
std::string jsonTypeName(const nlohmann::json& value);
/// Levenshtein distance between two keys.
std::size_t editDistance(const std::string& a, const std::string& b);
/// Deepest nesting of arrays and objects an experiment file may have.
constexpr std::size_t kMaxJsonDepth = 64;

/// Parses JSON text; throws InputError "<origin>:<line>:<column>: <reason>" when it is malformed, nests
/// deeper than kMaxJsonDepth, repeats a key within one object or holds a number too large for a double
/// (the last three name the key). Never throws anything but InputError.
nlohmann::json parseJsonText(const std::string& text, const std::string& origin);

/// `value` as JSON text (`indent` < 0: one line). Never throws: bytes that are not UTF-8 (from a file name)
/// become U+FFFD instead of failing the dump, so that outputs are written whatever names the data has.
std::string dumpJson(const nlohmann::json& value, int indent = -1);

/// The message of a nlohmann exception without its "[json.exception.type_error.302] " tag.
std::string jsonExceptionText(const nlohmann::json::exception& error);

} // namespace ts::engine

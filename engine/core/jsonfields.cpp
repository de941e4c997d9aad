#include "engine/core/jsonfields.h"

#include "engine/core/errors.h"
#include "engine/core/overrides.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <sstream>

namespace ts::engine {

using nlohmann::json;

namespace {

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

bool NumberRange::contains(double value) const
{
    const bool aboveMin = minOpen ? value > min : value >= min;
    const bool belowMax = maxOpen ? value < max : value <= max;
    return aboveMin && belowMax;
}

std::string NumberRange::describe() const
{
    const bool hasMin = std::isfinite(min);
    const bool hasMax = std::isfinite(max);
    if (hasMin && hasMax)
        return "in " + std::string(minOpen ? "(" : "[") + formatNumber(min) + ", " + formatNumber(max) +
               (maxOpen ? ")" : "]");
    if (hasMin)
        return (minOpen ? "> " : ">= ") + formatNumber(min);
    if (hasMax)
        return (maxOpen ? "< " : "<= ") + formatNumber(max);
    return {};
}

std::string jsonTypeName(const json& value)
{
    switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "binary";
    }
}

std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

namespace {

// Checks what nlohmann's parser accepts but an experiment file must not have, with the line and the key:
// nesting deeper than kMaxJsonDepth (nlohmann copies and dumps recursively, so 100,000 levels overflow the
// stack), a key given twice in one object (nlohmann keeps the last silently), and a number beyond the range of
// a double ("lr": 1e400). Malformed text is left to the parser, which reports it.
class JsonPrecheck {
public:
    JsonPrecheck(const std::string& text, const std::string& origin) : m_text(text), m_origin(origin) {}

    void run()
    {
        for (m_pos = 0; m_pos < m_text.size(); ++m_pos) {
            const char c = m_text[m_pos];
            if (c == '\n') {
                ++m_line;
                m_lineStart = m_pos + 1;
            } else if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                if (m_frames.size() >= kMaxJsonDepth)
                    fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels" + where());
                m_frames.push_back({c == '{', {}, {}, 0});
            } else if (c == '}' || c == ']') {
                if (!m_frames.empty())
                    m_frames.pop_back();
            } else if (c == ',' && !m_frames.empty() && !m_frames.back().object) {
                ++m_frames.back().index;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                number();
            }
        }
    }

private:
    struct Frame {
        bool object = false;
        std::map<std::string, std::size_t> keys; // key -> line
        std::string key;                         // the current key of an object
        std::size_t index = 0;                   // the current index of an array
    };

    void string()
    {
        const std::size_t begin = ++m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\')
                ++m_pos;
            else if (m_text[m_pos] == '\n')
                return; // malformed: the parser says so
            ++m_pos;
        }
        if (m_frames.empty() || !m_frames.back().object)
            return;
        std::size_t next = m_pos + 1;
        while (next < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[next])) && m_text[next] != '\n')
            ++next;
        if (next >= m_text.size() || m_text[next] != ':')
            return;
        Frame& frame = m_frames.back();
        frame.key = m_text.substr(begin, m_pos - begin);
        const auto [it, inserted] = frame.keys.emplace(frame.key, m_line);
        if (!inserted) {
            m_pos = begin;
            fail("duplicate key '" + path() + "' (first given on line " + std::to_string(it->second) +
                 "); each key may appear once");
        }
    }

    void number()
    {
        const std::size_t begin = m_pos;
        while (m_pos + 1 < m_text.size() && std::strchr("0123456789+-.eE", m_text[m_pos + 1]))
            ++m_pos;
        double value = 0;
        const char* first = m_text.data() + begin + (m_text[begin] == '-' ? 1 : 0);
        const auto [stop, error] = std::from_chars(first, m_text.data() + m_pos + 1, value);
        (void)stop;
        // from_chars reports underflow (1e-400) the same way; only a huge exponent overflows.
        const std::string token = m_text.substr(begin, m_pos + 1 - begin);
        const auto e = token.find_first_of("eE");
        const bool hugeExponent = e != std::string::npos && token.find('-', e) == std::string::npos;
        if (error == std::errc::result_out_of_range && hugeExponent) {
            m_pos = begin;
            fail("number " + token + " is too large (the largest is about 1.8e308)" + where());
        }
    }

    std::string path() const
    {
        std::string p;
        for (const Frame& f : m_frames)
            p += f.object ? (p.empty() ? "" : ".") + f.key : "[" + std::to_string(f.index) + "]";
        return p;
    }

    std::string where() const
    {
        const std::string p = path();
        return p.empty() ? "" : " at key '" + p + "'";
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw InputError(m_origin + ":" + std::to_string(m_line) + ":" + std::to_string(m_pos - m_lineStart + 1) +
                         ": " + what);
    }

    const std::string& m_text;
    const std::string& m_origin;
    std::vector<Frame> m_frames;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_lineStart = 0;
};

} // namespace

json parseJsonText(const std::string& text, const std::string& origin)
{
    JsonPrecheck(text, origin).run();
    try {
        return json::parse(text);
    } catch (const json::parse_error& error) {
        // error.byte is the 1-based index of the last character read; turn it into line and column.
        const std::size_t end = std::min<std::size_t>(error.byte == 0 ? 0 : error.byte - 1, text.size());
        const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + end, '\n'));
        const std::size_t lineStart = end == 0 ? std::string::npos : text.rfind('\n', end - 1);
        const std::size_t column = lineStart == std::string::npos ? end + 1 : end - lineStart;
        // nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 2: <reason>".
        std::string reason = error.what();
        const std::size_t at = reason.find("parse error");
        const std::size_t colon = at == std::string::npos ? std::string::npos : reason.find(": ", at);
        if (colon != std::string::npos)
            reason = reason.substr(colon + 2);
        throw InputError(origin + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + reason);
    } catch (const json::exception& error) {
        // out_of_range (a number overflow the precheck missed), or anything else the parser throws.
        throw InputError(origin + ": " + jsonExceptionText(error));
    }
}

std::string dumpJson(const json& value, int indent)
{
    return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string jsonExceptionText(const nlohmann::json::exception& error)
{
    // "[json.exception.type_error.302] type must be string, but is number" -> "type must be string, ...".
    std::string text = error.what();
    if (text.rfind("[json.exception.", 0) == 0) {
        const std::size_t close = text.find("] ");
        if (close != std::string::npos)
            text = text.substr(close + 2);
    }
    return text;
}

JsonFields::JsonFields(const json& value, std::string origin, std::string path)
    : m_value(value), m_origin(std::move(origin)), m_path(std::move(path))
{
    if (value.is_object())
        return;
    if (m_path.empty())
        throw InputError(m_origin + ": the top level must be an object, got " + jsonTypeName(value));
    throw InputError(m_origin + ": key '" + m_path + "' must be an object, got " + jsonTypeName(value));
}

std::string JsonFields::keyPath(const std::string& key) const
{
    return m_path.empty() ? key : m_path + "." + key;
}

void JsonFields::fail(const std::string& key, const std::string& what) const
{
    throw InputError(m_origin + ": key '" + keyPath(key) + "' " + what);
}

void JsonFields::checkKeys(const std::vector<std::string>& allowed) const
{
    for (const auto& item : m_value.items()) {
        const std::string& key = item.key();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end())
            continue;
        std::string best;
        std::size_t bestDistance = std::string::npos;
        for (const std::string& candidate : allowed) {
            const std::size_t distance = editDistance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        const std::size_t tolerance = std::max<std::size_t>(1, std::min<std::size_t>(3, (key.size() + 2) / 3));
        std::string message = m_origin + ": unknown key '" + keyPath(key) + "'";
        if (!best.empty() && bestDistance <= tolerance) {
            message += " (did you mean '" + keyPath(best) + "'?)";
        } else {
            message += " (valid keys:";
            for (std::size_t i = 0; i < allowed.size(); ++i)
                message += (i == 0 ? " " : ", ") + allowed[i];
            message += ")";
        }
        throw InputError(message);
    }
}

bool JsonFields::has(const std::string& key) const
{
    return m_value.contains(key);
}

JsonFields JsonFields::child(const std::string& key) const
{
    return JsonFields(m_value.at(key), m_origin, keyPath(key));
}

void JsonFields::read(const std::string& key, std::string& out) const
{
    const auto it = m_value.find(key);
    if (it == m_value.end())
        return;
    if (!it->is_string())
        fail(key, "must be a string, got " + jsonTypeName(*it));
    out = it->get<std::string>();
}

void JsonFields::read(const std::string& key, bool& out) const
{
    const auto it = m_value.find(key);
    if (it == m_value.end())
        return;
    if (!it->is_boolean())
        fail(key, "must be true or false, got " + jsonTypeName(*it));
    out = it->get<bool>();
}

void JsonFields::readChoice(const std::string& key, std::string& out, const std::vector<std::string>& choices) const
{
    std::string value = out;
    read(key, value);
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
        std::string allowed;
        for (std::size_t i = 0; i < choices.size(); ++i)
            allowed += (i == 0 ? "'" : ", '") + choices[i] + "'";
        fail(key, "must be one of " + allowed + ", got '" + value + "'");
    }
    out = value;
}

void JsonFields::read(const std::string& key, std::vector<std::string>& out) const
{
    const auto it = m_value.find(key);
    if (it == m_value.end())
        return;
    if (!it->is_array())
        fail(key, "must be an array of strings, got " + jsonTypeName(*it));
    std::vector<std::string> values;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& element = (*it)[i];
        if (!element.is_string())
            fail(key + "[" + std::to_string(i) + "]", "must be a string, got " + jsonTypeName(element));
        values.push_back(element.get<std::string>());
    }
    out = std::move(values);
}

std::int64_t JsonFields::integer(const std::string& key, const json& value) const
{
    if (value.is_number_unsigned()) {
        if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            fail(key, "is too large: " + value.dump());
        return static_cast<std::int64_t>(value.get<std::uint64_t>());
    }
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_number_float()) {
        // A whole number written as 3.0 or 1e3 is accepted; 3.5 is not.
        const double number = value.get<double>();
        if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 9.0e18)
            return static_cast<std::int64_t>(number);
        fail(key, "must be an integer, got number " + value.dump());
    }
    fail(key, "must be an integer, got " + jsonTypeName(value));
}

void JsonFields::read(const std::string& key, int& out, const NumberRange& range) const
{
    const auto it = m_value.find(key);
    if (it == m_value.end())
        return;
    const std::int64_t value = integer(key, *it);
    const bool fitsInt = value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max();
    if (!fitsInt)
        fail(key, "is out of range, got " + std::to_string(value));
    if (!range.contains(static_cast<double>(value)))
        fail(key, "must be an integer " + range.describe() + ", got " + std::to_string(value));
    out = static_cast<int>(value);
}

void JsonFields::read(const std::string& key, std::uint64_t& out) const
{
    const auto it = m_value.find(key);
    if (it == m_value.end())
        return;
    if (it->is_number_unsigned()) {
        out = it->get<std::uint64_t>();
        return;
    }
    const std::int64_t value = integer(key, *it);
    if (value < 0)
        fail(key, "must be a non-negative integer, got " + std::to_string(value));
    out = static_cast<std::uint64_t>(value);
}

void JsonFields::read(const std::string& key, double& out, const NumberRange& range) const
{
    const auto it = m_value.find(key);
    if (it == m_value.end())
        return;
    if (!it->is_number())
        fail(key, "must be a number, got " + jsonTypeName(*it));
    const double value = it->get<double>();
    if (!range.contains(value))
        fail(key, "must be a number " + range.describe() + ", got " + it->dump());
    out = value;
}

std::int64_t checkedInteger(const json& value, const NumberRange& range, const std::string& option)
{
    const std::string what = "must be an integer" + (range.describe().empty() ? "" : " " + range.describe());
    double number = 0;
    if (value.is_number_unsigned() || value.is_number_integer())
        number = value.get<double>();
    else if (value.is_number_float() && std::isfinite(value.get<double>()) &&
             std::floor(value.get<double>()) == value.get<double>())
        number = value.get<double>();
    else
        throw InputError(option + " " + what + ", got " +
                         (value.is_string() ? value.get<std::string>() : value.dump()));
    if (std::fabs(number) > 9.0e15)
        throw InputError(option + " is too large: " + value.dump());
    if (!range.contains(number))
        throw InputError(option + " " + what + ", got " + value.dump());
    return value.is_number_float() ? static_cast<std::int64_t>(number) : value.get<std::int64_t>();
}

} // namespace ts::engine

#include "engine/data/attributes.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"

#include <torch/torch.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ts::engine {

namespace {

std::string trim(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

// Splits one CSV line; a field may be enclosed in double quotes ("" inside is a quote).
std::vector<std::string> splitCsv(const std::string& line)
{
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && trim(field).empty()) {
            quoted = true;
            field.clear();
        } else if (c == ',') {
            fields.push_back(trim(field));
            field.clear();
        } else {
            field += c;
        }
    }
    fields.push_back(trim(field));
    return fields;
}

} // namespace

bool AttributeTable::binary() const
{
    for (const auto& row : values)
        for (double v : row)
            if (v != 0.0 && v != 1.0)
                return false;
    return true;
}

int AttributeTable::indexOf(const std::string& className) const
{
    for (size_t i = 0; i < classes.size(); ++i)
        if (classes[i] == className)
            return static_cast<int>(i);
    return -1;
}

torch::Tensor AttributeTable::signatures(const std::vector<std::string>& classNames) const
{
    auto out = torch::zeros(
        {static_cast<std::int64_t>(classNames.size()), static_cast<std::int64_t>(attributes.size())}, torch::kFloat);
    auto acc = out.accessor<float, 2>();
    for (size_t c = 0; c < classNames.size(); ++c) {
        const int row = indexOf(classNames[c]);
        if (row < 0)
            throw InputError("class '" + classNames[c] + "' has no row in the attribute table '" + origin + "'");
        for (size_t a = 0; a < attributes.size(); ++a)
            acc[static_cast<std::int64_t>(c)][static_cast<std::int64_t>(a)] =
                static_cast<float>(values[static_cast<size_t>(row)][a]);
    }
    return out;
}

AttributeTable parseAttributeTable(const std::string& text, const std::string& origin)
{
    AttributeTable table;
    table.origin = origin;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    bool header = true;
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3); // UTF-8 byte order mark
        const std::string trimmed = trim(line);
        if (trimmed.empty() || trimmed[0] == '#')
            continue;
        const auto cells = splitCsv(line);
        const std::string where = origin + ":" + std::to_string(lineNo);
        if (header) {
            if (cells.size() < 2)
                throw InputError(where + ": the header must be 'class,attribute1,...' with at least one attribute");
            for (size_t i = 1; i < cells.size(); ++i) {
                if (cells[i].empty())
                    throw InputError(where + ":" + std::to_string(i + 1) + ": empty attribute name in the header");
                table.attributes.push_back(cells[i]);
            }
            header = false;
            continue;
        }
        if (cells.size() != table.attributes.size() + 1)
            throw InputError(where + ": expected " + std::to_string(table.attributes.size() + 1) +
                             " cells (class and " + std::to_string(table.attributes.size()) + " attributes), got " +
                             std::to_string(cells.size()));
        if (cells[0].empty())
            throw InputError(where + ":1: empty class name");
        if (table.indexOf(cells[0]) >= 0)
            throw InputError(where + ": duplicate row for class '" + cells[0] + "'");
        std::vector<double> row;
        for (size_t i = 1; i < cells.size(); ++i) {
            // std::from_chars reads "0.9" whatever the process locale: the window's QApplication calls
            // setlocale(LC_ALL, ""), and strtod under de_DE.UTF-8 would want "0,9".
            const char* begin = cells[i].data();
            const char* end = begin + cells[i].size();
            if (end - begin > 1 && begin[0] == '+' && begin[1] != '-') // strtod took a '+'; from_chars does not
                ++begin;
            double v = 0;
            const auto [stop, error] = std::from_chars(begin, end, v);
            if (cells[i].empty() || error != std::errc() || stop != end || !std::isfinite(v))
                throw InputError(where + ":" + std::to_string(i + 1) + ": attribute '" + table.attributes[i - 1] +
                                 "' of class '" + cells[0] + "' must be a number, got '" + cells[i] + "'");
            row.push_back(v);
        }
        table.classes.push_back(cells[0]);
        table.values.push_back(std::move(row));
    }
    if (header)
        throw InputError(origin + ": the attribute table is empty; expected a header 'class,attribute1,...'");
    return table;
}

AttributeTable loadAttributeTable(const std::string& path)
{
    if (path.empty())
        throw InputError("zeroshot.attributes: no attribute table given (a CSV file 'class,attribute1,...')");
    requireFile(path, "zeroshot.attributes: attribute table");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot read attribute table '" + path + "': " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parseAttributeTable(text.str(), path);
}

const std::string& fashionAttributesCsv()
{
    static const std::string csv =
        "class,upper_body,covers_legs,long_sleeves,footwear,closed_toe,high_ankle,handle,front_opening\n"
        "T-shirt,1,0,0,0,0,0,0,0\n"
        "Trouser,0,1,0,0,0,0,0,0\n"
        "Pullover,1,0,1,0,0,0,0,0\n"
        "Dress,1,1,0,0,0,0,0,0\n"
        "Coat,1,0,1,0,0,0,0,1\n"
        "Sandal,0,0,0,1,0,0,0,0\n"
        "Shirt,1,0,1,0,0,0,0,1\n"
        "Sneaker,0,0,0,1,1,0,0,0\n"
        "Bag,0,0,0,0,0,0,1,0\n"
        "Ankle_boot,0,0,0,1,1,1,0,0\n";
    return csv;
}

} // namespace ts::engine

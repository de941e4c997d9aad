// Format "csv": a label list of `path,label` rows, the paths relative to the CSV file's folder.

#include "engine/core/errors.h"
#include "engine/core/utf8.h"
#include "engine/data/datasetsources.h"
#include "engine/data/imageio.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace ts::engine {

namespace {

struct CsvRow {
    int line = 0; // where the row starts, 1-based
    std::string path;
    std::string label;
};

std::string trimmed(const std::string& s)
{
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    return s.substr(begin, s.find_last_not_of(" \t") + 1 - begin);
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, doubled quotes and line
// breaks; CRLF or LF). Unquoted fields are trimmed of spaces. Blank lines give no record. `lines` gets the
// line each record starts on.
std::vector<std::vector<std::string>> splitCsv(const std::string& text, const std::string& file,
                                               std::vector<int>& lines)
{
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, wasQuoted = false, any = false;
    int line = 1, recordLine = 1;
    const auto endField = [&] {
        fields.push_back(wasQuoted ? field : trimmed(field));
        field.clear();
        wasQuoted = false;
    };
    const auto endRecord = [&] {
        if (any) {
            endField();
            records.push_back(std::move(fields));
            lines.push_back(recordLine);
        }
        fields.clear();
        field.clear();
        wasQuoted = false;
        any = false;
    };
    std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; // UTF-8 byte order mark
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                line += c == '\n';
                field += c;
            }
            continue;
        }
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue;
        if (c == '\n' || c == '\r') {
            endRecord();
            recordLine = ++line;
            continue;
        }
        if (!any && (c == ' ' || c == '\t') && field.empty() && fields.empty())
            continue; // leading blanks of a line do not make a record
        any = true;
        if (c == ',') {
            endField();
        } else if (c == '"' && trimmed(field).empty() && !wasQuoted) {
            field.clear();
            quoted = wasQuoted = true;
        } else {
            field += c;
        }
    }
    if (quoted)
        throw InputError(file + ":" + std::to_string(recordLine) + ": a quoted field is not closed");
    endRecord();
    return records;
}

std::string readText(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError("label list '" + path + "' does not exist");
    if (fs::is_directory(path, ec))
        throw InputError("'" + path +
                         "' is a folder; format 'csv' needs a file of path,label rows (use format 'folder')");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot read label list '" + path + "': " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The rows of a label list, header skipped; every row has a path and a label.
std::vector<CsvRow> readCsvRows(const std::string& path)
{
    std::vector<int> lines;
    const auto records = splitCsv(readText(path), path, lines);
    std::vector<CsvRow> rows;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const auto& f = records[r];
        const std::string where = path + ":" + std::to_string(lines[r]) + ": ";
        if (r == 0 && f.size() == 2 && lower(f[0]) == "path" && lower(f[1]) == "label")
            continue;
        if (f.size() < 2)
            throw InputError(where + "missing label column (expected path,label)");
        if (f.size() > 2)
            throw InputError(where + "expected 2 columns (path,label), found " + std::to_string(f.size()) +
                             " (quote a field that holds a comma)");
        if (f[0].empty())
            throw InputError(where + "empty image path");
        if (f[1].empty())
            throw InputError(where + "empty label for '" + f[0] + "'");
        rows.push_back({lines[r], f[0], f[1]});
    }
    if (rows.empty())
        throw InputError(path + ": no rows (expected path,label lines, a header 'path,label' optional)");
    return rows;
}

std::vector<std::string> sortedLabels(const std::vector<CsvRow>& rows)
{
    std::set<std::string> labels;
    for (const auto& row : rows)
        labels.insert(row.label);
    return {labels.begin(), labels.end()};
}

} // namespace

std::vector<std::string> csvClassNames(const std::string& path)
{
    return sortedLabels(readCsvRows(path));
}

void loadCsv(Dataset& data, const DatasetSpec& spec, const InputSpec& input, const std::string& prefix,
             const LoadProgress& progress, const LoadWarning& warn, int decodeThreads)
{
    if (!haveImageDecoder())
        throw InputError(prefix + "'" + spec.path + "': CSV label lists need OpenCV, which this build lacks");
    if (spec.path.empty())
        throw InputError(prefix + "no label list given (key 'path')");
    std::vector<CsvRow> rows;
    try {
        rows = readCsvRows(spec.path);
    } catch (const InputError& e) {
        throw InputError(prefix + e.what());
    }
    const fs::path folder = fs::path(spec.path).parent_path();
    // Labels become class names in JSON and logs, as folder names do: bytes that are not UTF-8 are escaped.
    std::vector<std::string> classNames = sortedLabels(rows);
    const auto map = selectClasses(classNames, spec.classes, prefix, spec.path, data.classNames);
    std::map<std::string, int> classOf;
    for (std::size_t c = 0; c < classNames.size(); ++c)
        classOf[classNames[c]] = map[c];
    std::vector<std::vector<std::string>> groups(data.classNames.size());
    for (const auto& row : rows) {
        const int c = classOf[row.label];
        if (c < 0)
            continue;
        const fs::path image = fs::path(row.path).is_absolute() ? fs::path(row.path) : folder / row.path;
        std::error_code ec;
        if (!fs::exists(image, ec))
            throw InputError(
                prefix + spec.path + ":" + std::to_string(row.line) + ": image '" + row.path + "' not found" +
                (fs::path(row.path).is_absolute() || folder.empty() ? "" : " (in '" + folder.string() + "')"));
        groups[c].push_back(image.lexically_normal().string());
    }
    for (auto& name : data.classNames)
        name = escapeInvalidUtf8(name);
    decodeGroups(data, groups, spec.limitPerClass, true, input, progress, warn, decodeThreads);
    if (data.size() == 0)
        throw InputError(prefix + "no readable image in '" + spec.path + "'" +
                         (data.skippedFiles.empty() ? std::string()
                                                    : " (" + std::to_string(data.skippedFiles.size()) +
                                                          " skipped, the first: " + data.skippedFiles.front() + ")"));
}

} // namespace ts::engine

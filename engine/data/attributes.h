#pragma once

// The class-attribute table of zero-shot learning: one row of attribute values per class name.

#include <torch/types.h>

#include <string>
#include <vector>

namespace ts::engine {

/// A parsed attribute CSV: header `class,attr1,...`, then one row per class with 0/1 or real values.
struct AttributeTable {
    std::string origin;                      // file name, for messages
    std::vector<std::string> attributes;     // column names after "class"
    std::vector<std::string> classes;        // row names, in file order
    std::vector<std::vector<double>> values; // [class][attribute]

    /// True when every value is exactly 0 or 1.
    bool binary() const;
    /// Row index of a class name, or -1.
    int indexOf(const std::string& className) const;
    /// Float [classNames.size(), attributes] with the rows of these classes, in this order. Throws InputError
    /// "class 'X' has no row in the attribute table 'file'" for the first class without a row.
    torch::Tensor signatures(const std::vector<std::string>& classNames) const;
};

/// Parses CSV text. Blank lines and lines starting with '#' are skipped; fields are trimmed and may be
/// double-quoted. Throws InputError naming `origin`, the line and the column for an empty header, fewer
/// than one attribute, a row with the wrong number of cells, a non-numeric value, or a duplicate class.
AttributeTable parseAttributeTable(const std::string& text, const std::string& origin);

/// Reads and parses a CSV file; throws InputError naming the path when it cannot be read (or as above).
AttributeTable loadAttributeTable(const std::string& path);

/// The demo attribute table of the ten Fashion-MNIST classes (also resources/demo/fashion_attributes.csv).
const std::string& fashionAttributesCsv();

} // namespace ts::engine

#include "engine/data/idx.h"

#include "engine/core/errors.h"

#include <torch/torch.h>

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

namespace ts::engine {

namespace {

struct GzCloser {
    void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

std::string quoted(const std::string& path)
{
    return "'" + path + "'";
}

// Reads up to `size` bytes; returns the number read. Throws on a zlib error (corrupt gzip stream).
std::int64_t readBytes(gzFile file, const std::string& path, void* data, std::int64_t size)
{
    auto* out = static_cast<unsigned char*>(data);
    std::int64_t done = 0;
    while (done < size) {
        const auto chunk = static_cast<unsigned>(std::min<std::int64_t>(size - done, 1 << 30));
        const int got = gzread(file, out + done, chunk);
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file, &code);
            throw InputError(quoted(path) + ": cannot read IDX file (" + (message ? message : "zlib error") + ")");
        }
        if (got == 0)
            break;
        done += got;
    }
    return done;
}

} // namespace

torch::Tensor readIdx(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw InputError(quoted(path) + ": IDX file does not exist");
    if (std::filesystem::is_directory(path, ec))
        throw InputError(quoted(path) + ": expected an IDX file, found a directory");

    GzHandle file(gzopen(path.c_str(), "rb"));
    if (!file)
        throw InputError(quoted(path) + ": cannot open IDX file");
    gzbuffer(file.get(), 1 << 20);

    unsigned char magic[4] = {};
    if (readBytes(file.get(), path, magic, 4) != 4)
        throw InputError(quoted(path) + ": truncated IDX file (no header)");
    if (magic[0] != 0 || magic[1] != 0 || magic[3] == 0 || magic[3] > 4) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%02X%02X%02X%02X", magic[0], magic[1], magic[2], magic[3]);
        throw InputError(quoted(path) + ": not an IDX file (bad magic number " + hex + ")");
    }
    if (magic[2] != 0x08) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", magic[2]);
        throw InputError(quoted(path) + ": unsupported IDX data type " + hex + " (only unsigned bytes, 0x08)");
    }

    const int rank = magic[3];
    std::vector<std::int64_t> dims(rank);
    std::int64_t total = 1;
    for (int i = 0; i < rank; ++i) {
        unsigned char be[4];
        if (readBytes(file.get(), path, be, 4) != 4)
            throw InputError(quoted(path) + ": truncated IDX file (header ends inside the dimensions)");
        dims[i] = (std::int64_t(be[0]) << 24) | (std::int64_t(be[1]) << 16) | (std::int64_t(be[2]) << 8) | be[3];
        if (dims[i] > 0 && total > (std::int64_t(1) << 40) / dims[i])
            throw InputError(quoted(path) + ": IDX dimensions are implausibly large");
        total *= dims[i];
    }
    std::string shape;
    for (auto d : dims)
        shape += (shape.empty() ? "" : "x") + std::to_string(d);
    if (total == 0)
        throw InputError(quoted(path) + ": the IDX header gives an empty shape " + shape +
                         (dims[0] == 0 ? " (no items)" : " (zero rows or columns)"));
    // A header that lies about its size must fail here, not in the allocator: the data cannot be longer
    // than the file (or than deflate's best ratio, about 1032:1, for a gzipped one).
    std::error_code sizeEc;
    const auto fileBytes = static_cast<std::int64_t>(std::filesystem::file_size(path, sizeEc));
    if (!sizeEc) {
        const std::int64_t header = 4 + 4 * static_cast<std::int64_t>(rank);
        const bool plain = gzdirect(file.get()) == 1;
        const std::int64_t most = plain ? fileBytes - header : fileBytes * 1032;
        if (total > most)
            throw InputError(quoted(path) + ": " + (plain ? "truncated IDX file: " : "") +
                             "the header gives shape " + shape + " (" + std::to_string(total) + " bytes), but the file " +
                             (plain ? "holds only " : "can hold at most ") +
                             std::to_string(std::max<std::int64_t>(0, most)) + " bytes of data");
    }

    auto data = torch::empty(dims, torch::kUInt8);
    const std::int64_t got = readBytes(file.get(), path, data.data_ptr<std::uint8_t>(), total);
    if (got != total)
        throw InputError(quoted(path) + ": truncated IDX file: expected " + std::to_string(total) +
                         " bytes of data, found " + std::to_string(got));
    return data;
}

} // namespace ts::engine

#pragma once

// Tiny synthetic datasets the tests write themselves: class k is a bright square at a class-specific place
// on a noisy background, so a small network learns it in a few steps.

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace ts::testdata {

/// Pixels of one grey size x size image of class `label`.
inline std::vector<std::uint8_t> classImage(int label, int size, std::mt19937& rng)
{
    std::uniform_int_distribution<int> noise(0, 60);
    std::vector<std::uint8_t> px(static_cast<size_t>(size * size));
    for (auto& p : px)
        p = static_cast<std::uint8_t>(noise(rng));
    const int block = size / 3;
    const int row = (label % 3) * block, col = ((label / 3) % 3) * block;
    for (int y = row; y < row + block; ++y)
        for (int x = col; x < col + block; ++x)
            px[static_cast<size_t>(y * size + x)] = static_cast<std::uint8_t>(200 + noise(rng) / 2);
    return px;
}

inline void writeBigEndian(std::ofstream& out, std::uint32_t v)
{
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.write(b, 4);
}

/// Writes `perClass` images of each of `classes` classes as IDX files images.idx / labels.idx in `dir`.
inline void writeIdx(const std::string& dir, int classes, int perClass, int size, unsigned seed = 7)
{
    std::mt19937 rng(seed);
    std::ofstream images(dir + "/images.idx", std::ios::binary), labels(dir + "/labels.idx", std::ios::binary);
    const auto n = static_cast<std::uint32_t>(classes * perClass);
    writeBigEndian(images, 0x00000803);
    writeBigEndian(images, n);
    writeBigEndian(images, static_cast<std::uint32_t>(size));
    writeBigEndian(images, static_cast<std::uint32_t>(size));
    writeBigEndian(labels, 0x00000801);
    writeBigEndian(labels, n);
    for (int i = 0; i < perClass; ++i)
        for (int c = 0; c < classes; ++c) {
            auto px = classImage(c, size, rng);
            images.write(reinterpret_cast<const char*>(px.data()), static_cast<std::streamsize>(px.size()));
            const char label = static_cast<char>(c);
            labels.write(&label, 1);
        }
}

} // namespace ts::testdata

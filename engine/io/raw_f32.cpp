#include "io/raw_f32.h"

#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"

static_assert(std::endian::native == std::endian::little, "raw float32 files are read in host order, which must be little-endian");

namespace rs {

std::vector<float> read_raw_f32(const std::string& path, int64_t cols, uint64_t max_bytes) {
    namespace fs = std::filesystem;
    if (cols <= 0) fail_input("", "--cols must be positive, got " + std::to_string(cols));
    std::error_code ec;
    if (!fs::exists(path, ec)) fail_input(path, "input file does not exist");
    if (!fs::is_regular_file(path, ec)) fail_input(path, "input is not a regular file");
    const uint64_t size = fs::file_size(path, ec);
    if (ec) fail_input(path, "cannot read input file (" + ec.message() + ")");
    if (size == 0) fail_input(path, "input file is empty");
    if (size > max_bytes)
        fail_input(path, "input file is " + std::to_string(size) + " bytes, more than the limit of " + std::to_string(max_bytes));
    if (size % 4 != 0) fail_input(path, "size " + std::to_string(size) + " bytes is not a multiple of 4 (float32 elements)");
    const uint64_t n = size / 4;
    if (n % static_cast<uint64_t>(cols) != 0)
        fail_input(path, std::to_string(n) + " float32 values do not make whole rows of --cols " + std::to_string(cols));
    std::vector<float> v(n);
    std::ifstream in(path, std::ios::binary);
    if (!in || !in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(size)))
        fail_input(path, "cannot read input file");
    return v;
}

}  // namespace rs

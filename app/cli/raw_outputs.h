// The raw output files of `fq` and `gptq`: vectors as their bytes (little-endian, no header), and
// a set of files written all or nothing.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rs::cli {

template <class T>
std::string raw_bytes(const std::vector<T>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

// The low byte of each value: every format's code and zero point fits one byte.
std::string low_bytes(const std::vector<int32_t>& v);

// Writes each (path, content) with a non-empty path atomically; when one fails, the ones already
// written are removed and the error goes on.
void write_outputs(const std::vector<std::pair<std::string, std::string>>& outputs);

}  // namespace rs::cli

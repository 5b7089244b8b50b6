// Raw float32 files, the interchange format of `rotoscope-cli fq` with other tools: no header,
// little-endian, row-major rows of a given length.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace rs {

// Reads `path` as rows of `cols` float32 values. BadInput "<path>: ..." for a missing, empty or
// unreadable file, a size that is not a whole number of rows, or a file larger than `max_bytes`
// (checked before reading). `cols` must be positive (BadInput naming --cols otherwise).
std::vector<float> read_raw_f32(const std::string& path, int64_t cols, uint64_t max_bytes = uint64_t{4} << 30);

}  // namespace rs

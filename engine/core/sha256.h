// sha256 of files and bytes (OpenSSL), lowercase hex: the identity of checkpoints, corpora and
// calibration sets in reports.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/progress.h"

namespace rs {

// BadInput naming the file when it is unreadable or a directory.
std::string sha256_file(const std::string& path, const Progress& progress = {});
std::string sha256_bytes(const void* data, size_t size);

// Streams a file in 1 MiB chunks; `on_chunk(bytes_so_far)` after each chunk; `size` = bytes read.
std::string sha256_file_chunked(const std::string& path, int64_t& size, const std::function<void(int64_t)>& on_chunk);

}  // namespace rs

#include "core/spill_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace rs {
namespace {

[[noreturn]] void io_error(const std::string& path, const char* what) {
    fail_input(path, std::string(what) + " (" + std::strerror(errno ? errno : EIO) + ")");
}

}  // namespace

SpillFile::SpillFile(std::string path) : path_(std::move(path)) {
    errno = 0;
    std::FILE* f = std::fopen(path_.c_str(), "w+b");
    if (!f) io_error(path_, "cannot write");
    file_ = std::shared_ptr<std::FILE>(f, [p = path_](std::FILE* h) {
        std::fclose(h);
        std::remove(p.c_str());
    });
}

void SpillFile::append(const void* data, uint64_t n) {
    errno = 0;
    if (n > 0 && std::fwrite(data, 1, n, file_.get()) != n) io_error(path_, "cannot write");
    size_ += n;
}

void SpillFile::append_zeros(uint64_t n) {
    static const uint8_t zeros[256] = {};
    while (n > 0) {
        const uint64_t k = std::min<uint64_t>(n, sizeof zeros);
        append(zeros, k);
        n -= k;
    }
}

void SpillFile::copy_to(const std::function<void(const uint8_t*, size_t)>& sink) const {
    std::FILE* f = file_.get();
    errno = 0;
    if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0) io_error(path_, "cannot read back");
    std::vector<uint8_t> buf(size_t{1} << 22);
    for (uint64_t left = size_; left > 0;) {
        const size_t k = static_cast<size_t>(std::min<uint64_t>(left, buf.size()));
        if (std::fread(buf.data(), 1, k, f) != k) io_error(path_, "cannot read back");
        sink(buf.data(), k);
        left -= k;
    }
    // Later appends go to the end again.
    if (std::fseek(f, 0, SEEK_END) != 0) io_error(path_, "cannot write");
}

}  // namespace rs

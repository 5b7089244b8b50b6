#include "io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace rs {

MappedFile::MappedFile(const std::string& path) : path_(path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_input(path, std::string("cannot open (") + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        fail_input(path, "not a regular file");
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
        void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            ::close(fd);
            fail_input(path, std::string("cannot map (") + std::strerror(e) + ")");
        }
        data_ = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

std::span<const uint8_t> MappedFile::bytes(uint64_t offset, uint64_t length, const char* what) const {
    if (offset > size_ || length > size_ - offset)
        fail_input(path_, std::string(what) + " lies past the end of the file (offset " + std::to_string(offset) +
                              ", length " + std::to_string(length) + ", file size " + std::to_string(size_) + ")");
    return {data_ + offset, static_cast<size_t>(length)};
}

void MappedFile::release(std::span<const uint8_t> range) const {
    if (range.empty() || !data_) return;
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<uintptr_t>(range.data());
    const uintptr_t end = begin + range.size();
    const auto lo = reinterpret_cast<uintptr_t>(data_), hi = lo + size_;
    if (begin < lo || end > hi) fail_runtime(path_ + ": release of a range outside the mapping");
    const uintptr_t first = (begin + page - 1) / page * page, last = end / page * page;
    // Advisory: a kernel that declines leaves the pages resident, which costs memory, not results.
    if (first < last) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

}  // namespace rs

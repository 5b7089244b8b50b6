// Read-only memory map of a whole file (RAII). Readers validate every offset against size()
// before touching bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace rs {

class MappedFile {
public:
    // Throws rs::Error(BadInput) "<path>: cannot open (...)" when the file cannot be mapped.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    const std::string& path() const { return path_; }
    // Bytes [offset, offset+length) or a BadInput error naming the file when out of bounds.
    std::span<const uint8_t> bytes(uint64_t offset, uint64_t length, const char* what) const;
    // Gives the pages wholly inside `range` (a span of this mapping) back to the kernel: they stop
    // counting towards the process's resident memory, and a later read maps them in again from
    // the file. What the layer-by-layer engine calls once a layer's weights are consumed.
    void release(std::span<const uint8_t> range) const;

private:
    std::string path_;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace rs

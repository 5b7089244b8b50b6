// A scratch file that holds a writer's data section while the header is not known yet (GGUF and
// safetensors headers give every tensor's offset, so they come first in the file but last in the
// making): tensors are appended as they are made, and the finished file is the header followed
// by a copy of this one. Memory then holds one tensor at a time, and the disk the data twice until
// the copy is done. The file is removed when the last copy of the handle goes.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace rs {

class SpillFile {
public:
    // BadInput "<path>: cannot write (...)" when the file cannot be created.
    explicit SpillFile(std::string path);

    // BadInput "<path>: cannot write (...)" on an I/O error (a full disk).
    void append(const void* data, uint64_t n);
    void append_zeros(uint64_t n);
    uint64_t size() const { return size_; }
    const std::string& path() const { return path_; }

    // Everything appended so far, in slices of a few MB; BadInput when it cannot be read back.
    void copy_to(const std::function<void(const uint8_t*, size_t)>& sink) const;

private:
    std::string path_;
    std::shared_ptr<std::FILE> file_;
    uint64_t size_ = 0;
};

}  // namespace rs

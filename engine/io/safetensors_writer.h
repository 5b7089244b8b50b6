// Writes .safetensors files (see io/safetensors.h for the layout): tests build fixtures with it
// and exporters use it. The header is padded with spaces so the data buffer starts 8-aligned,
// carries "__metadata__": {"format": "pt"} like files saved by transformers, and tensors are
// laid out in the order they were added. Tensors are held in memory until write(), or spilled.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/spill_file.h"
#include "io/safetensors.h"

namespace rs {

class SafetensorsWriter {
public:
    // `as` is the stored dtype: F32, F16 or BF16 (narrowing rounds to nearest even).
    void add_f32(const std::string& name, std::vector<int64_t> shape, std::span<const float> values,
                 StDtype as = StDtype::F32);
    // Bytes already in the stored little-endian layout of any safetensors dtype name.
    void add_raw(const std::string& name, const std::string& dtype_name, std::vector<int64_t> shape,
                 std::vector<uint8_t> bytes);
    void set_metadata(const std::string& key, const std::string& value);
    // Writes path + ".tmp" and renames it over path, so readers never see a half-written file.
    void write(const std::string& path) const;

    // Keeps tensor data out of memory (core/spill_file.h): every tensor added from now on goes to
    // `path` at once, and write() copies it back after the header. Before the first tensor.
    void spill_to(const std::string& path);

    size_t tensor_count() const { return entries_.size(); }
    uint64_t data_bytes() const;  // the tensors' bytes so far (the file adds its header)
    uint64_t bytes_in_memory() const;  // tensor data held in memory (none once spilled)

private:
    struct Entry {
        std::string name;
        std::string dtype;
        std::vector<int64_t> shape;
        std::vector<uint8_t> bytes;  // empty when spilled
        uint64_t size = 0;
    };
    std::vector<Entry> entries_;
    std::shared_ptr<SpillFile> spill_;
    std::map<std::string, std::string> metadata_{{"format", "pt"}};
};

}  // namespace rs

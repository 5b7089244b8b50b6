// Builds GGUF files (layout in io/gguf.h): small ones for tests, and later model exports.
// Metadata keeps insertion order (setting an existing key replaces its value in place); tensors
// are laid out in the order they were added, each padded to the alignment, which is what
// llama.cpp's strict offset check expects.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/spill_file.h"
#include "io/ggml_types.h"
#include "io/gguf.h"

namespace rs {

class GgufWriter {
public:
    void set_u8(const std::string& key, uint8_t v);
    void set_i8(const std::string& key, int8_t v);
    void set_u16(const std::string& key, uint16_t v);
    void set_i16(const std::string& key, int16_t v);
    void set_u32(const std::string& key, uint32_t v);
    void set_i32(const std::string& key, int32_t v);
    void set_u64(const std::string& key, uint64_t v);
    void set_i64(const std::string& key, int64_t v);
    void set_f32(const std::string& key, float v);
    void set_f64(const std::string& key, double v);
    void set_bool(const std::string& key, bool v);
    void set_string(const std::string& key, const std::string& v);
    void set_array_strings(const std::string& key, const std::vector<std::string>& v);
    void set_array_f32(const std::string& key, const std::vector<float>& v);
    void set_array_i32(const std::string& key, const std::vector<int32_t>& v);
    void set_array_u32(const std::string& key, const std::vector<uint32_t>& v);
    // Any value, including nested arrays (e.g. copied from a GgufFile). Integer arrays are
    // written from GgufArray::ints when it is filled, else from numbers. Setting
    // "general.alignment" (any setter) changes the layout and must be a u32 power of two.
    void set_value(const std::string& key, const GgufValue& v);
    // Power of two; also stored as general.alignment (u32). Default 32.
    void set_alignment(uint32_t alignment);
    void set_version(uint32_t version);  // 3 (default) or 2; the layouts are identical
    bool remove(const std::string& key);

    // Already-encoded bytes; their size must match ne and type. Throws rs::Error (Runtime) for a
    // duplicate name, bad shape or size.
    void add_tensor(const std::string& name, std::vector<int64_t> ne, GgmlType type, std::vector<uint8_t> raw_bytes);
    // Encodes F32/F16/BF16/Q8_0/Q4_0/Q4_1/Q5_0/Q5_1 with the reference quantizers; data holds
    // product(ne) floats, ne[0]-contiguous.
    void add_tensor_f32(const std::string& name, std::vector<int64_t> ne, std::span<const float> data,
                        GgmlType as = GgmlType::F32);

    // Keeps tensor data out of memory: every tensor added from now on is appended (padded) to
    // `path` at once, and write() copies it back after the header, so that a model is written with
    // one tensor in memory at a time (and the file's size again on disk until write() returns).
    // Call before the first tensor; the file is removed when the writer goes. BadInput
    // "<path>: cannot write (...)" on I/O errors (a full disk), from here or add_tensor.
    void spill_to(const std::string& path);

    size_t tensor_count() const { return tensors_.size(); }
    uint64_t bytes_in_memory() const;  // tensor data held in memory (none once spilled)
    size_t metadata_count() const { return kv_.size(); }

    // Writes path + ".tmp" and renames it over path, so readers never see half a file.
    // Throws BadInput "<path>: cannot write (...)" on I/O errors.
    void write(const std::string& path) const;
    std::vector<uint8_t> to_bytes() const;

    // Encodes floats as `type` (the add_tensor_f32 encoders); n must be a multiple of the
    // block size. Throws Runtime for types without an encoder.
    static std::vector<uint8_t> encode(std::span<const float> data, GgmlType type);

private:
    struct Tensor {
        std::string name;
        std::vector<int64_t> ne;
        GgmlType type;
        std::vector<uint8_t> bytes;  // empty when spilled
        uint64_t size = 0;           // of the data, unpadded
    };
    template <typename Sink>
    void serialize(Sink& sink) const;

    uint32_t version_ = 3;
    uint32_t alignment_ = 32;
    std::vector<std::pair<std::string, GgufValue>> kv_;
    std::vector<Tensor> tensors_;
    std::shared_ptr<SpillFile> spill_;  // shared by copies of the writer
};

}  // namespace rs

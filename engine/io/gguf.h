// GGUF reader (versions 2 and 3, little-endian).
//
// Byte layout (all integers little-endian):
//   u32  magic        0x46554747 ("GGUF")
//   u32  version      2 or 3 (identical layouts; v1 used u32 counts and is rejected)
//   u64  tensor_count
//   u64  kv_count
//   kv[kv_count]:     string key, u32 value_type, value
//   info[tensor_count]: string name, u32 n_dims (1..4), u64 ne[n_dims], u32 ggml_type, u64 offset
//   zero padding up to a multiple of ALIGNMENT (general.alignment, u32 power of two, default 32)
//   tensor data: tensor i at data_start + offset_i (offsets are multiples of ALIGNMENT)
// string = u64 byte length + UTF-8 bytes (no NUL). value_type ids are GgufValueType below;
// bool is one byte; array = u32 elem_type, u64 count, count elements (arrays may nest).
// ne[0] is the fastest-varying dimension (PyTorch shape reversed); quant blocks run along ne[0].
//
// The whole file is memory-mapped and every length, count and offset is checked against the
// bytes that remain before anything is allocated, so hostile files fail with one BadInput line
// "<path>: <problem>" instead of crashing or allocating gigabytes.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "io/ggml_types.h"

namespace rs {

class MappedFile;

enum class GgufValueType : uint32_t { U8 = 0, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 };
const char* gguf_value_type_name(GgufValueType t);  // "u32", "array", ...; "?" for out-of-range ids

struct GgufArray {
    GgufValueType elem_type = GgufValueType::U8;
    std::vector<std::string> strings;  // elem_type STRING
    std::vector<double> numbers;       // every numeric or bool elem_type (integers exact up to 2^53)
    std::vector<int64_t> ints;         // integer and bool elem_types as well (u64 above 2^63 wraps)
    std::vector<GgufArray> arrays;     // elem_type ARRAY (nested arrays)
    size_t size() const;
};

struct GgufValue {
    GgufValueType type = GgufValueType::U8;
    // Unsigned ints -> uint64_t, signed -> int64_t, f32/f64 -> double, bool, string, array.
    std::variant<uint64_t, int64_t, double, bool, std::string, GgufArray> v;
};

struct GgufTensorInfo {
    std::string name;
    std::vector<int64_t> ne;  // ggml order: ne[0] fastest
    uint32_t type = 0;        // ggml type id (GgmlType)
    uint64_t offset = 0;      // relative to the data section start
    uint64_t nbytes = 0;
    int64_t n_elements = 0;
};

class GgufFile {
public:
    // Throws rs::Error BadInput with a one-line message naming the file.
    static std::unique_ptr<GgufFile> open(const std::string& path);
    ~GgufFile();
    GgufFile(const GgufFile&) = delete;
    GgufFile& operator=(const GgufFile&) = delete;

    const std::string& path() const { return path_; }
    uint32_t version() const { return version_; }
    uint64_t alignment() const { return alignment_; }
    uint64_t data_offset() const { return data_offset_; }  // absolute file offset of the data section
    uint64_t file_size() const;

    const std::map<std::string, GgufValue>& metadata() const { return metadata_; }
    const std::vector<std::string>& metadata_keys() const { return key_order_; }  // file order
    bool has(const std::string& key) const { return metadata_.count(key) != 0; }
    const GgufValue* find(const std::string& key) const;
    // Typed getters return nullopt when the key is absent or of an incompatible type.
    std::optional<std::string> get_string(const std::string& key) const;
    std::optional<int64_t> get_int(const std::string& key) const;  // any integer type
    std::optional<double> get_float(const std::string& key) const; // f32/f64 and integers
    std::optional<bool> get_bool(const std::string& key) const;
    const GgufArray* get_array(const std::string& key) const;

    const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
    const GgufTensorInfo* find_tensor(const std::string& name) const;
    std::span<const uint8_t> tensor_data(const GgufTensorInfo& t) const;
    // Dequantized values, ne[0]-contiguous (row-major [ne1][ne0]). BadInput when the type has no
    // decoder.
    std::vector<float> read_f32(const GgufTensorInfo& t) const;
    void read_f32_into(const GgufTensorInfo& t, float* dst) const;  // dst holds t.n_elements floats
    // Rows [r0, r0 + n) of a 2-D tensor (rows of ne[0] values), touching only their blocks.
    void read_rows_f32_into(const GgufTensorInfo& t, int64_t r0, int64_t n, float* dst) const;
    // The tensor's pages go back to the kernel (MappedFile::release).
    void release(const GgufTensorInfo& t) const;

private:
    GgufFile() = default;
    void parse();

    std::string path_;
    std::unique_ptr<MappedFile> file_;
    uint32_t version_ = 0;
    uint64_t alignment_ = 32;
    uint64_t data_offset_ = 0;
    std::map<std::string, GgufValue> metadata_;
    std::vector<std::string> key_order_;
    std::vector<GgufTensorInfo> tensors_;
    std::map<std::string, size_t> tensor_index_;
};

}  // namespace rs

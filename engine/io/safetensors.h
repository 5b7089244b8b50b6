// Reader for Hugging Face safetensors files and model directories.
//
// File layout (huggingface/safetensors; all integers little-endian):
//   [0, 8)          u64 N: length of the JSON header in bytes
//   [8, 8+N)        UTF-8 JSON object, starts with '{', may be right-padded with spaces
//                   (writers pad so that the buffer starts 8-aligned):
//                     { "<tensor name>": { "dtype": "BF16", "shape": [d0, d1, ...],
//                                          "data_offsets": [begin, end] }, ...,
//                       "__metadata__": { "<str>": "<str>", ... } }       (optional)
//   [8+N, size)     the byte buffer. data_offsets are relative to its start, end exclusive;
//                   tensors are row-major (C order, PyTorch dim order), little-endian, and
//                   together they cover the buffer exactly: no holes, no overlaps.
//
// Sharded directories hold model-0000K-of-0000N.safetensors plus
// model.safetensors.index.json = {"metadata": {"total_size": n}, "weight_map": {"tensor": "file"}}.
//
// Everything read from disk is validated before use; any violation is an rs::Error(BadInput)
// "<path>: <problem>" (one line), never a crash or an allocation sized by untrusted numbers
// beyond the file's own size.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace rs {

class MappedFile;

// OTHER: a dtype the format defines but Rotoscope has no enum for (C64, F8_E8M0, F8_E4M3FNUZ,
// F8_E5M2FNUZ, F4, F6_E2M3, F6_E3M2); its exact name is in StTensorInfo::dtype_name.
enum class StDtype { BOOL, U8, I8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64, F8_E4M3, F8_E5M2, OTHER };

const char* st_dtype_name(StDtype d);  // "BF16", ...; "OTHER" for OTHER
// Bits per element of a safetensors dtype name, or 0 when the name is not a safetensors dtype.
int st_dtype_bits(const std::string& name);
// The enum for a dtype name: OTHER for valid names without an enum value and for unknown names
// (check st_dtype_bits first to tell them apart).
StDtype st_dtype_from_name(const std::string& name);
// Whether read_f32 decodes the dtype (F32, F16, BF16, F64).
bool st_dtype_readable(StDtype d);

struct StTensorInfo {
    std::string name;
    StDtype dtype = StDtype::OTHER;
    std::string dtype_name;      // exactly as in the header
    std::vector<int64_t> shape;  // PyTorch order (outermost first)
    uint64_t begin = 0, end = 0; // absolute byte offsets in the file (header already added)
    int64_t n_elements = 0;
    std::string file;            // path of the .safetensors file holding it
    uint64_t n_bytes() const { return end - begin; }
};

// One .safetensors file, memory-mapped for its lifetime.
class SafetensorsFile {
public:
    static std::unique_ptr<SafetensorsFile> open(const std::string& path);
    ~SafetensorsFile();

    const std::string& path() const;
    // In file order (ascending offset).
    const std::vector<StTensorInfo>& tensors() const { return tensors_; }
    const StTensorInfo* find(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    uint64_t header_size() const { return header_size_; }  // N

    // The tensor's raw little-endian bytes inside the mapping (valid while this object lives).
    std::span<const uint8_t> raw(const StTensorInfo& t) const;
    // F32/F16/BF16/F64 -> float, t.n_elements values. Other dtypes: BadInput
    // "<file>: tensor 'x' has dtype I64, which Rotoscope cannot read as weights".
    void read_f32_into(const StTensorInfo& t, float* dst) const;
    std::vector<float> read_f32(const StTensorInfo& t) const;
    // Rows [r0, r0 + n) of a 2-D tensor (PyTorch order), touching only their bytes.
    void read_rows_f32_into(const StTensorInfo& t, int64_t r0, int64_t n, float* dst) const;
    // The tensor's pages go back to the kernel (MappedFile::release).
    void release(const StTensorInfo& t) const;

private:
    SafetensorsFile() = default;
    void parse();

    std::unique_ptr<MappedFile> map_;
    uint64_t header_size_ = 0;
    std::vector<StTensorInfo> tensors_;
    std::map<std::string, size_t> by_name_;
    std::map<std::string, std::string> metadata_;
};

// A Hugging Face model directory: model.safetensors, or model.safetensors.index.json plus the
// shards it names (a single model.safetensors wins when both exist, as in transformers).
class SafetensorsModel {
public:
    static std::unique_ptr<SafetensorsModel> open_dir(const std::string& dir);
    ~SafetensorsModel();

    const std::string& dir() const { return dir_; }
    // Shard by shard (in files() order), each in file order.
    std::vector<const StTensorInfo*> tensors() const;
    const StTensorInfo* find(const std::string& name) const;
    // BadInput "<dir>: tensor 'x' not found" when absent.
    std::vector<float> read_f32(const std::string& name) const;
    void read_f32_into(const std::string& name, float* dst) const;
    std::span<const uint8_t> raw(const std::string& name) const;
    void read_rows_f32_into(const std::string& name, int64_t r0, int64_t n, float* dst) const;
    void release(const std::string& name) const;
    std::vector<std::string> files() const;  // shard paths, sorted
    const SafetensorsFile& shard_of(const StTensorInfo& t) const;

private:
    SafetensorsModel() = default;
    const StTensorInfo& require(const std::string& name) const;

    struct Entry {
        const StTensorInfo* info;
        size_t shard;
    };
    std::string dir_;
    std::vector<std::unique_ptr<SafetensorsFile>> shards_;
    std::map<std::string, Entry> by_name_;
};

}  // namespace rs

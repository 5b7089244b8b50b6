#include "io/gguf.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "core/limits.h"
#include "core/untrusted_text.h"
#include "io/mapped_file.h"

namespace rs {

namespace {

constexpr uint32_t kGgufMagic = 0x46554747u;  // "GGUF" read as a little-endian u32
constexpr int kMaxArrayDepth = 8;
// Far above any real vocabulary (a few hundred thousand entries) yet small enough that the
// parsed form (up to 16 bytes per element) of a hostile array stays bounded.
constexpr uint64_t kMaxArrayElements = 1ull << 26;
constexpr uint64_t kMaxKeyLength = 65535;
constexpr uint32_t kMaxDims = 4;
// Smallest possible encodings, used to reject counts that the remaining bytes cannot hold.
constexpr uint64_t kMinKvBytes = 8 + 4 + 1;           // empty key, type, one-byte value
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;  // empty name, n_dims, one ne, type, offset

uint64_t fixed_size(GgufValueType t) {
    switch (t) {
        case GgufValueType::U8: case GgufValueType::I8: case GgufValueType::BOOL: return 1;
        case GgufValueType::U16: case GgufValueType::I16: return 2;
        case GgufValueType::U32: case GgufValueType::I32: case GgufValueType::F32: return 4;
        case GgufValueType::U64: case GgufValueType::I64: case GgufValueType::F64: return 8;
        default: return 0;
    }
}

bool is_valid_type(uint32_t t) { return t <= static_cast<uint32_t>(GgufValueType::F64); }

bool is_integer(GgufValueType t) {
    switch (t) {
        case GgufValueType::U8: case GgufValueType::I8: case GgufValueType::U16: case GgufValueType::I16:
        case GgufValueType::U32: case GgufValueType::I32: case GgufValueType::U64: case GgufValueType::I64: return true;
        default: return false;
    }
}

// Sequential little-endian reader over the mapped header; every read is bounds-checked and a
// failure names what was being read.
class Cursor {
public:
    Cursor(const std::string& path, const uint8_t* data, uint64_t size) : path_(path), data_(data), size_(size) {}

    uint64_t pos() const { return pos_; }
    uint64_t left() const { return size_ - pos_; }
    const std::string& path() const { return path_; }

    void need(uint64_t n, const std::string& what) const {
        if (n > left())
            fail_input(path_, "truncated header (" + what + " needs " + std::to_string(n) + " bytes, " +
                                  std::to_string(left()) + " left)");
    }

    template <typename T>
    T read(const std::string& what) {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, data_ + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }

    std::string read_string(const std::string& what) {
        const uint64_t len = read<uint64_t>(what);
        need(len, what);
        std::string s(reinterpret_cast<const char*>(data_ + pos_), static_cast<size_t>(len));
        pos_ += len;
        return s;
    }

    // Bulk numeric array elements: one bounds check, then a tight loop.
    template <typename T>
    void read_numbers(uint64_t count, GgufArray& a, bool integer) {
        a.numbers.resize(count);
        if (integer) a.ints.resize(count);
        for (uint64_t i = 0; i < count; ++i) {
            T v;
            std::memcpy(&v, data_ + pos_ + i * sizeof(T), sizeof(T));
            a.numbers[i] = static_cast<double>(v);
            if (integer) a.ints[i] = static_cast<int64_t>(v);
        }
        pos_ += count * sizeof(T);
    }

private:
    const std::string& path_;
    const uint8_t* data_;
    uint64_t size_;
    uint64_t pos_ = 0;
};

GgufValue read_scalar(Cursor& c, GgufValueType t, const std::string& what) {
    GgufValue v;
    v.type = t;
    switch (t) {
        case GgufValueType::U8: v.v = static_cast<uint64_t>(c.read<uint8_t>(what)); break;
        case GgufValueType::I8: v.v = static_cast<int64_t>(c.read<int8_t>(what)); break;
        case GgufValueType::U16: v.v = static_cast<uint64_t>(c.read<uint16_t>(what)); break;
        case GgufValueType::I16: v.v = static_cast<int64_t>(c.read<int16_t>(what)); break;
        case GgufValueType::U32: v.v = static_cast<uint64_t>(c.read<uint32_t>(what)); break;
        case GgufValueType::I32: v.v = static_cast<int64_t>(c.read<int32_t>(what)); break;
        case GgufValueType::U64: v.v = c.read<uint64_t>(what); break;
        case GgufValueType::I64: v.v = c.read<int64_t>(what); break;
        case GgufValueType::F32: v.v = static_cast<double>(c.read<float>(what)); break;
        case GgufValueType::F64: v.v = c.read<double>(what); break;
        case GgufValueType::BOOL: v.v = c.read<uint8_t>(what) != 0; break;
        case GgufValueType::STRING: v.v = c.read_string(what); break;
        case GgufValueType::ARRAY: break;  // handled by read_array
    }
    return v;
}

GgufArray read_array(Cursor& c, int depth, const std::string& what) {
    if (depth >= kMaxArrayDepth)
        fail_input(c.path(), what + " nests arrays deeper than " + std::to_string(kMaxArrayDepth) + " levels");
    GgufArray a;
    const uint32_t et = c.read<uint32_t>(what);
    if (!is_valid_type(et)) fail_input(c.path(), what + " has arrays of unknown value type " + std::to_string(et));
    a.elem_type = static_cast<GgufValueType>(et);
    const uint64_t count = c.read<uint64_t>(what);
    const uint64_t min_elem = a.elem_type == GgufValueType::STRING ? 8
                              : a.elem_type == GgufValueType::ARRAY ? 12
                                                                    : fixed_size(a.elem_type);
    if (count > c.left() / min_elem)
        fail_input(c.path(), "truncated header (" + what + ": array of " + std::to_string(count) + " " +
                                 gguf_value_type_name(a.elem_type) + " needs at least " +
                                 (count > UINT64_MAX / min_elem ? std::string("2^64") : std::to_string(count * min_elem)) +
                                 " bytes, " + std::to_string(c.left()) + " left)");
    if (count > kMaxArrayElements)
        fail_input(c.path(), what + ": array of " + std::to_string(count) + " elements exceeds the limit of " +
                                 std::to_string(kMaxArrayElements));
    switch (a.elem_type) {
        case GgufValueType::U8: c.read_numbers<uint8_t>(count, a, true); break;
        case GgufValueType::I8: c.read_numbers<int8_t>(count, a, true); break;
        case GgufValueType::U16: c.read_numbers<uint16_t>(count, a, true); break;
        case GgufValueType::I16: c.read_numbers<int16_t>(count, a, true); break;
        case GgufValueType::U32: c.read_numbers<uint32_t>(count, a, true); break;
        case GgufValueType::I32: c.read_numbers<int32_t>(count, a, true); break;
        case GgufValueType::U64: c.read_numbers<uint64_t>(count, a, true); break;
        case GgufValueType::I64: c.read_numbers<int64_t>(count, a, true); break;
        case GgufValueType::F32: c.read_numbers<float>(count, a, false); break;
        case GgufValueType::F64: c.read_numbers<double>(count, a, false); break;
        case GgufValueType::BOOL:
            c.read_numbers<uint8_t>(count, a, true);
            for (uint64_t i = 0; i < count; ++i) {  // normalise to 0/1 like the scalar bool
                a.ints[i] = a.ints[i] != 0;
                a.numbers[i] = static_cast<double>(a.ints[i]);
            }
            break;
        case GgufValueType::STRING:
            a.strings.reserve(count);
            for (uint64_t i = 0; i < count; ++i) a.strings.push_back(c.read_string(what));
            break;
        case GgufValueType::ARRAY:
            a.arrays.reserve(count);
            for (uint64_t i = 0; i < count; ++i) a.arrays.push_back(read_array(c, depth + 1, what));
            break;
    }
    return a;
}

uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

}  // namespace

const char* gguf_value_type_name(GgufValueType t) {
    static const char* names[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"};
    const auto i = static_cast<uint32_t>(t);
    return i < 13 ? names[i] : "?";
}

size_t GgufArray::size() const {
    switch (elem_type) {
        case GgufValueType::STRING: return strings.size();
        case GgufValueType::ARRAY: return arrays.size();
        default: return numbers.size();
    }
}

GgufFile::~GgufFile() = default;

std::unique_ptr<GgufFile> GgufFile::open(const std::string& path) {
    std::unique_ptr<GgufFile> f(new GgufFile());
    f->path_ = path;
    f->file_ = std::make_unique<MappedFile>(path);
    f->parse();
    return f;
}

uint64_t GgufFile::file_size() const { return file_->size(); }

void GgufFile::parse() {
    const std::string& p = path_;
    Cursor c(p, file_->data(), file_->size());
    if (file_->size() < 8) fail_input(p, "not a GGUF file (only " + std::to_string(file_->size()) + " bytes)");
    const uint32_t magic = c.read<uint32_t>("magic");
    if (magic != kGgufMagic) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%08x", magic);
        fail_input(p, std::string("not a GGUF file (magic ") + buf + ", expected 0x46554747 \"GGUF\")");
    }
    version_ = c.read<uint32_t>("version");
    if (version_ == 0x02000000u || version_ == 0x03000000u) fail_input(p, "big-endian GGUF files are not supported");
    if (version_ != 2 && version_ != 3)
        fail_input(p, "unsupported GGUF version " + std::to_string(version_) + " (versions 2 and 3 are supported)");

    const uint64_t n_tensors = c.read<uint64_t>("tensor count");
    const uint64_t n_kv = c.read<uint64_t>("metadata count");
    if (n_kv > c.left() / kMinKvBytes)
        fail_input(p, "truncated header (" + std::to_string(n_kv) + " metadata entries need at least " +
                          std::to_string(kMinKvBytes) + " bytes each, " + std::to_string(c.left()) + " left)");
    if (n_tensors > c.left() / kMinTensorInfoBytes)
        fail_input(p, "truncated header (" + std::to_string(n_tensors) + " tensor infos need at least " +
                          std::to_string(kMinTensorInfoBytes) + " bytes each, " + std::to_string(c.left()) + " left)");
    // The file can hold this many tensor infos; the limit still bounds what a large file may claim.
    check_limit(Limit::Tensors, static_cast<int64_t>(n_tensors), p, "tensor count", false);

    for (uint64_t i = 0; i < n_kv; ++i) {
        const std::string where = "metadata key " + std::to_string(i);
        std::string key = c.read_string(where);
        if (key.size() > kMaxKeyLength)
            fail_input(p, where + " is " + std::to_string(key.size()) + " bytes long (at most 65535)");
        const std::string what = where + " '" + printable(key) + "'";
        const uint32_t type = c.read<uint32_t>(what);
        if (!is_valid_type(type)) fail_input(p, what + " has unknown value type " + std::to_string(type));
        GgufValue value;
        if (static_cast<GgufValueType>(type) == GgufValueType::ARRAY) {
            value.type = GgufValueType::ARRAY;
            value.v = read_array(c, 0, what);
        } else {
            value = read_scalar(c, static_cast<GgufValueType>(type), what);
        }
        if (metadata_.count(key)) fail_input(p, "duplicate metadata key '" + printable(key) + "'");
        key_order_.push_back(key);
        metadata_.emplace(std::move(key), std::move(value));
    }

    if (const GgufValue* a = find("general.alignment")) {
        const uint64_t* v = std::get_if<uint64_t>(&a->v);
        if (a->type != GgufValueType::U32 || !v || *v == 0 || (*v & (*v - 1)) != 0) {
            std::string got = a->type != GgufValueType::U32 ? std::string("a ") + gguf_value_type_name(a->type)
                                                            : std::to_string(*v);
            fail_input(p, "general.alignment must be a u32 power of two (got " + got + ")");
        }
        alignment_ = *v;
    }

    tensors_.reserve(n_tensors);
    for (uint64_t i = 0; i < n_tensors; ++i) {
        GgufTensorInfo t;
        t.name = c.read_string("tensor info " + std::to_string(i));
        const std::string what = "tensor '" + printable(t.name) + "'";
        const uint32_t n_dims = c.read<uint32_t>(what);
        if (n_dims < 1 || n_dims > kMaxDims)
            fail_input(p, what + " has " + std::to_string(n_dims) + " dimensions (1 to 4 supported)");
        t.ne.resize(n_dims);
        int64_t n = 1;
        for (uint32_t d = 0; d < n_dims; ++d) {
            const uint64_t ne = c.read<uint64_t>(what);
            if (ne > static_cast<uint64_t>(INT64_MAX))
                fail_input(p, what + " has invalid dimension ne[" + std::to_string(d) + "] = " + std::to_string(ne));
            t.ne[d] = static_cast<int64_t>(ne);
            if (__builtin_mul_overflow(n, t.ne[d], &n))
                fail_input(p, what + " has an element count that overflows 64 bits");
        }
        t.n_elements = n;
        t.type = c.read<uint32_t>(what);
        const GgmlTypeTraits* tr = ggml_type_traits(t.type);
        if (!tr) fail_input(p, what + " has unknown ggml type " + std::to_string(t.type));
        if (t.ne[0] % tr->block_size != 0)
            fail_input(p, what + " has ne[0] = " + std::to_string(t.ne[0]) + ", not a multiple of the " + tr->name +
                              " block size " + std::to_string(tr->block_size));
        // n is a multiple of block_size because ne[0] is; the byte count can still overflow.
        int64_t nbytes = 0;
        if (__builtin_mul_overflow(n / tr->block_size, tr->type_size, &nbytes))
            fail_input(p, what + " has a byte size that overflows 64 bits");
        t.nbytes = static_cast<uint64_t>(nbytes);
        t.offset = c.read<uint64_t>(what);
        if (tensor_index_.count(t.name)) fail_input(p, "duplicate tensor name '" + printable(t.name) + "'");
        tensor_index_.emplace(t.name, tensors_.size());
        tensors_.push_back(std::move(t));
    }

    data_offset_ = align_up(c.pos(), alignment_);
    const uint64_t size = file_->size();
    for (const GgufTensorInfo& t : tensors_) {
        const std::string what = "tensor '" + printable(t.name) + "'";
        if (t.offset % alignment_ != 0)
            fail_input(p, what + " has offset " + std::to_string(t.offset) + ", not a multiple of the alignment " +
                              std::to_string(alignment_));
        const bool inside = data_offset_ <= size && t.offset <= size - data_offset_ &&
                            t.nbytes <= size - data_offset_ - t.offset;
        if (!inside)
            fail_input(p, what + " data (offset " + std::to_string(t.offset) + ", " + std::to_string(t.nbytes) +
                              " bytes after the data start at " + std::to_string(data_offset_) +
                              ") lies past the end of the file (" + std::to_string(size) + " bytes)");
    }
}

const GgufValue* GgufFile::find(const std::string& key) const {
    auto it = metadata_.find(key);
    return it == metadata_.end() ? nullptr : &it->second;
}

std::optional<std::string> GgufFile::get_string(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v || v->type != GgufValueType::STRING) return std::nullopt;
    return std::get<std::string>(v->v);
}

std::optional<int64_t> GgufFile::get_int(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v || !is_integer(v->type)) return std::nullopt;
    if (const uint64_t* u = std::get_if<uint64_t>(&v->v)) {
        if (*u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
        return static_cast<int64_t>(*u);
    }
    return std::get<int64_t>(v->v);
}

std::optional<double> GgufFile::get_float(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (const double* d = std::get_if<double>(&v->v)) return *d;
    if (const uint64_t* u = std::get_if<uint64_t>(&v->v)) return static_cast<double>(*u);
    if (const int64_t* i = std::get_if<int64_t>(&v->v)) return static_cast<double>(*i);
    return std::nullopt;
}

std::optional<bool> GgufFile::get_bool(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v || v->type != GgufValueType::BOOL) return std::nullopt;
    return std::get<bool>(v->v);
}

const GgufArray* GgufFile::get_array(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v || v->type != GgufValueType::ARRAY) return nullptr;
    return &std::get<GgufArray>(v->v);
}

const GgufTensorInfo* GgufFile::find_tensor(const std::string& name) const {
    auto it = tensor_index_.find(name);
    return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

std::span<const uint8_t> GgufFile::tensor_data(const GgufTensorInfo& t) const {
    // parse() proved the range lies inside the file; bytes() re-checks in case `t` is a copy
    // someone edited.
    return file_->bytes(data_offset_ + t.offset, t.nbytes, "tensor data");
}

std::vector<float> GgufFile::read_f32(const GgufTensorInfo& t) const {
    std::vector<float> out(static_cast<size_t>(t.n_elements));
    read_f32_into(t, out.data());
    return out;
}

void GgufFile::read_f32_into(const GgufTensorInfo& t, float* dst) const {
    const GgmlTypeTraits* tr = ggml_type_traits(t.type);
    if (!tr) fail_input(path_, "tensor '" + printable(t.name) + "' has unknown ggml type " + std::to_string(t.type));
    if (!tr->to_float)
        fail_input(path_, "tensor '" + printable(t.name) + "' has type " + tr->name + ", which cannot be dequantized");
    const std::span<const uint8_t> src = tensor_data(t);
    const int64_t n_blocks = t.n_elements / tr->block_size;
    if (t.n_elements % tr->block_size != 0 || n_blocks * tr->type_size != static_cast<int64_t>(src.size()))
        fail_input(path_, "tensor '" + printable(t.name) + "' size does not match its shape and type");
    // Chunks of ~64K elements: big enough to amortise scheduling, small enough to spread a
    // single embedding matrix over all cores.
    const int64_t chunk = std::max<int64_t>(1, 65536 / tr->block_size);
    const int64_t n_chunks = (n_blocks + chunk - 1) / chunk;
    const uint8_t* s = src.data();
#pragma omp parallel for schedule(static) if (n_chunks > 1)
    for (int64_t ci = 0; ci < n_chunks; ++ci) {
        const int64_t b0 = ci * chunk;
        const int64_t nb = std::min(chunk, n_blocks - b0);
        tr->to_float(s + b0 * tr->type_size, dst + b0 * tr->block_size, nb * tr->block_size);
    }
}

void GgufFile::read_rows_f32_into(const GgufTensorInfo& t, int64_t r0, int64_t n, float* dst) const {
    const GgmlTypeTraits* tr = ggml_type_traits(t.type);
    if (!tr || !tr->to_float)
        fail_input(path_, "tensor '" + printable(t.name) + "' has type " + ggml_type_name(t.type) + ", which cannot be dequantized");
    if (t.ne.size() != 2 || r0 < 0 || n < 0 || r0 + n > t.ne[1] || t.ne[0] % tr->block_size != 0)
        fail_runtime("rows [" + std::to_string(r0) + ", " + std::to_string(r0 + n) + ") of tensor '" + printable(t.name) +
                     "' requested");
    const int64_t row_bytes = t.ne[0] / tr->block_size * tr->type_size;
    const std::span<const uint8_t> src = tensor_data(t);
    if (t.ne[1] * row_bytes != static_cast<int64_t>(src.size()))
        fail_input(path_, "tensor '" + printable(t.name) + "' size does not match its shape and type");
    const uint8_t* s = src.data() + r0 * row_bytes;
#pragma omp parallel for schedule(static) if (n > 1)
    for (int64_t r = 0; r < n; ++r) tr->to_float(s + r * row_bytes, dst + r * t.ne[0], t.ne[0]);
}

void GgufFile::release(const GgufTensorInfo& t) const { file_->release(tensor_data(t)); }

}  // namespace rs

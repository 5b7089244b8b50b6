#include "io/gguf_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace rs {

namespace {

constexpr uint32_t kGgufMagic = 0x46554747u;

bool is_integer_type(GgufValueType t) {
    switch (t) {
        case GgufValueType::U8: case GgufValueType::I8: case GgufValueType::U16: case GgufValueType::I16:
        case GgufValueType::U32: case GgufValueType::I32: case GgufValueType::U64: case GgufValueType::I64:
        case GgufValueType::BOOL: return true;
        default: return false;
    }
}

// Appends little-endian encodings to a byte vector (the header is built in memory; it is small).
struct Bytes {
    std::vector<uint8_t> b;
    template <typename T>
    void put(T v) {
        const size_t at = b.size();
        b.resize(at + sizeof(T));
        std::memcpy(b.data() + at, &v, sizeof(T));
    }
    void put_string(const std::string& s) {
        put<uint64_t>(s.size());
        b.insert(b.end(), s.begin(), s.end());
    }
};

uint64_t scalar_u(const GgufValue& v) {
    if (auto p = std::get_if<uint64_t>(&v.v)) return *p;
    if (auto p = std::get_if<int64_t>(&v.v)) return static_cast<uint64_t>(*p);
    if (auto p = std::get_if<double>(&v.v)) return static_cast<uint64_t>(*p);
    if (auto p = std::get_if<bool>(&v.v)) return *p ? 1 : 0;
    fail_runtime("gguf writer: numeric value expected");
}
double scalar_f(const GgufValue& v) {
    if (auto p = std::get_if<double>(&v.v)) return *p;
    if (auto p = std::get_if<uint64_t>(&v.v)) return static_cast<double>(*p);
    if (auto p = std::get_if<int64_t>(&v.v)) return static_cast<double>(*p);
    fail_runtime("gguf writer: numeric value expected");
}

void put_number(Bytes& out, GgufValueType t, uint64_t u, double f) {
    switch (t) {
        case GgufValueType::U8: case GgufValueType::I8: out.put<uint8_t>(static_cast<uint8_t>(u)); break;
        case GgufValueType::BOOL: out.put<uint8_t>(u != 0 ? 1 : 0); break;
        case GgufValueType::U16: case GgufValueType::I16: out.put<uint16_t>(static_cast<uint16_t>(u)); break;
        case GgufValueType::U32: case GgufValueType::I32: out.put<uint32_t>(static_cast<uint32_t>(u)); break;
        case GgufValueType::U64: case GgufValueType::I64: out.put<uint64_t>(u); break;
        case GgufValueType::F32: out.put<float>(static_cast<float>(f)); break;
        case GgufValueType::F64: out.put<double>(f); break;
        default: fail_runtime("gguf writer: not a numeric type");
    }
}

void put_array(Bytes& out, const GgufArray& a) {
    out.put<uint32_t>(static_cast<uint32_t>(a.elem_type));
    switch (a.elem_type) {
        case GgufValueType::STRING:
            out.put<uint64_t>(a.strings.size());
            for (const auto& s : a.strings) out.put_string(s);
            break;
        case GgufValueType::ARRAY:
            out.put<uint64_t>(a.arrays.size());
            for (const auto& sub : a.arrays) put_array(out, sub);
            break;
        default:
            if (is_integer_type(a.elem_type) && !a.ints.empty()) {
                out.put<uint64_t>(a.ints.size());
                for (int64_t v : a.ints) put_number(out, a.elem_type, static_cast<uint64_t>(v), static_cast<double>(v));
            } else {
                out.put<uint64_t>(a.numbers.size());
                for (double v : a.numbers) {
                    const uint64_t u = v < 0 ? static_cast<uint64_t>(static_cast<int64_t>(v)) : static_cast<uint64_t>(v);
                    put_number(out, a.elem_type, u, v);
                }
            }
    }
}

void put_value(Bytes& out, const GgufValue& v) {
    switch (v.type) {
        case GgufValueType::STRING: out.put_string(std::get<std::string>(v.v)); break;
        case GgufValueType::ARRAY: put_array(out, std::get<GgufArray>(v.v)); break;
        case GgufValueType::F32: case GgufValueType::F64: put_number(out, v.type, 0, scalar_f(v)); break;
        default: put_number(out, v.type, scalar_u(v), 0.0); break;
    }
}

uint64_t padding(uint64_t n, uint64_t align) { return (align - n % align) % align; }

GgufArray numeric_array(GgufValueType t) {
    GgufArray a;
    a.elem_type = t;
    return a;
}

// A value whose variant does not match its declared type would otherwise surface as
// std::bad_variant_access halfway through serialisation.
void check_array(const std::string& key, const GgufArray& a, int depth) {
    if (static_cast<uint32_t>(a.elem_type) > static_cast<uint32_t>(GgufValueType::F64) || depth > 8)
        fail_runtime("gguf writer: key '" + key + "' has an invalid array");
    for (const GgufArray& sub : a.arrays) check_array(key, sub, depth + 1);
}

void check_value(const std::string& key, const GgufValue& v) {
    const bool ok = v.type == GgufValueType::STRING  ? std::holds_alternative<std::string>(v.v)
                    : v.type == GgufValueType::ARRAY ? std::holds_alternative<GgufArray>(v.v)
                    : static_cast<uint32_t>(v.type) <= static_cast<uint32_t>(GgufValueType::F64) &&
                          !std::holds_alternative<std::string>(v.v) && !std::holds_alternative<GgufArray>(v.v);
    if (!ok) fail_runtime("gguf writer: key '" + key + "' holds a value that does not match its type");
    if (v.type == GgufValueType::ARRAY) check_array(key, std::get<GgufArray>(v.v), 0);
}

// Quantizes into real block objects, then copies their bytes out (no type punning of the
// byte vector).
template <typename B>
void quantize_blocks(const float* x, int64_t n, std::vector<uint8_t>& out, void (*fn)(const float*, B*, int64_t)) {
    std::vector<B> blocks(static_cast<size_t>(n / kQK));
    fn(x, blocks.data(), n);
    std::memcpy(out.data(), blocks.data(), out.size());
}

}  // namespace

// ---------------------------------------------------------------- metadata

void GgufWriter::set_value(const std::string& key, const GgufValue& v) {
    check_value(key, v);
    if (key == "general.alignment") {
        // The key decides the layout, so it must be a value the reader accepts.
        const uint64_t* a = std::get_if<uint64_t>(&v.v);
        if (v.type != GgufValueType::U32 || !a || *a == 0 || (*a & (*a - 1)) != 0 || *a > UINT32_MAX)
            fail_runtime("gguf writer: general.alignment must be a u32 power of two");
        if (spill_ && !tensors_.empty() && *a != alignment_) fail_runtime("gguf writer: alignment changed after tensors were spilled");
        alignment_ = static_cast<uint32_t>(*a);
    }
    for (auto& [k, old] : kv_) {
        if (k == key) {
            old = v;
            return;
        }
    }
    kv_.emplace_back(key, v);
}

bool GgufWriter::remove(const std::string& key) {
    auto it = std::find_if(kv_.begin(), kv_.end(), [&](const auto& p) { return p.first == key; });
    if (it == kv_.end()) return false;
    kv_.erase(it);
    if (key == "general.alignment") {
        if (spill_ && !tensors_.empty() && alignment_ != 32) fail_runtime("gguf writer: alignment changed after tensors were spilled");
        alignment_ = 32;
    }
    return true;
}

void GgufWriter::set_u8(const std::string& k, uint8_t v) { set_value(k, {GgufValueType::U8, uint64_t{v}}); }
void GgufWriter::set_i8(const std::string& k, int8_t v) { set_value(k, {GgufValueType::I8, int64_t{v}}); }
void GgufWriter::set_u16(const std::string& k, uint16_t v) { set_value(k, {GgufValueType::U16, uint64_t{v}}); }
void GgufWriter::set_i16(const std::string& k, int16_t v) { set_value(k, {GgufValueType::I16, int64_t{v}}); }
void GgufWriter::set_u32(const std::string& k, uint32_t v) { set_value(k, {GgufValueType::U32, uint64_t{v}}); }
void GgufWriter::set_i32(const std::string& k, int32_t v) { set_value(k, {GgufValueType::I32, int64_t{v}}); }
void GgufWriter::set_u64(const std::string& k, uint64_t v) { set_value(k, {GgufValueType::U64, v}); }
void GgufWriter::set_i64(const std::string& k, int64_t v) { set_value(k, {GgufValueType::I64, v}); }
void GgufWriter::set_f32(const std::string& k, float v) { set_value(k, {GgufValueType::F32, double{v}}); }
void GgufWriter::set_f64(const std::string& k, double v) { set_value(k, {GgufValueType::F64, v}); }
void GgufWriter::set_bool(const std::string& k, bool v) { set_value(k, {GgufValueType::BOOL, v}); }
void GgufWriter::set_string(const std::string& k, const std::string& v) { set_value(k, {GgufValueType::STRING, v}); }

void GgufWriter::set_array_strings(const std::string& k, const std::vector<std::string>& v) {
    GgufArray a;
    a.elem_type = GgufValueType::STRING;
    a.strings = v;
    set_value(k, {GgufValueType::ARRAY, std::move(a)});
}
void GgufWriter::set_array_f32(const std::string& k, const std::vector<float>& v) {
    GgufArray a = numeric_array(GgufValueType::F32);
    a.numbers.assign(v.begin(), v.end());
    set_value(k, {GgufValueType::ARRAY, std::move(a)});
}
void GgufWriter::set_array_i32(const std::string& k, const std::vector<int32_t>& v) {
    GgufArray a = numeric_array(GgufValueType::I32);
    a.ints.assign(v.begin(), v.end());
    a.numbers.assign(v.begin(), v.end());
    set_value(k, {GgufValueType::ARRAY, std::move(a)});
}
void GgufWriter::set_array_u32(const std::string& k, const std::vector<uint32_t>& v) {
    GgufArray a = numeric_array(GgufValueType::U32);
    a.ints.assign(v.begin(), v.end());
    a.numbers.assign(v.begin(), v.end());
    set_value(k, {GgufValueType::ARRAY, std::move(a)});
}

void GgufWriter::set_alignment(uint32_t alignment) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        fail_runtime("gguf writer: alignment " + std::to_string(alignment) + " is not a power of two");
    set_value("general.alignment", {GgufValueType::U32, uint64_t{alignment}});
}

void GgufWriter::set_version(uint32_t version) {
    if (version != 2 && version != 3) fail_runtime("gguf writer: version must be 2 or 3");
    version_ = version;
}

// ---------------------------------------------------------------- tensors

void GgufWriter::add_tensor(const std::string& name, std::vector<int64_t> ne, GgmlType type,
                            std::vector<uint8_t> raw_bytes) {
    const std::string what = "gguf writer: tensor '" + name + "'";
    const GgmlTypeTraits* tr = ggml_type_traits(type);
    if (!tr) fail_runtime(what + " has an unknown ggml type");
    if (ne.empty() || ne.size() > 4) fail_runtime(what + " needs 1 to 4 dimensions");
    int64_t n = 1;
    for (int64_t d : ne) {
        if (d < 0 || __builtin_mul_overflow(n, d, &n)) fail_runtime(what + " has an invalid shape");
    }
    if (ne[0] % tr->block_size != 0)
        fail_runtime(what + ": ne[0] = " + std::to_string(ne[0]) + " is not a multiple of the " + tr->name +
                     " block size " + std::to_string(tr->block_size));
    const uint64_t expected = static_cast<uint64_t>(n / tr->block_size * tr->type_size);
    if (raw_bytes.size() != expected)
        fail_runtime(what + " has " + std::to_string(raw_bytes.size()) + " bytes, expected " + std::to_string(expected));
    for (const Tensor& t : tensors_)
        if (t.name == name) fail_runtime(what + " was added twice");
    const uint64_t size = raw_bytes.size();
    if (spill_) {
        // Appended now, padded, in the order serialize() lays the data out.
        spill_->append(raw_bytes.data(), size);
        spill_->append_zeros(padding(size, alignment_));
        // Assigning {} would keep the capacity: every spilled tensor would stay in memory.
        std::vector<uint8_t>().swap(raw_bytes);
    }
    tensors_.push_back({name, std::move(ne), type, std::move(raw_bytes), size});
}

uint64_t GgufWriter::bytes_in_memory() const {
    uint64_t n = 0;
    for (const Tensor& t : tensors_) n += t.bytes.capacity();
    return n;
}

void GgufWriter::spill_to(const std::string& path) {
    if (!tensors_.empty() || spill_) fail_runtime("gguf writer: spill_to must come before the first tensor");
    spill_ = std::make_shared<SpillFile>(path);
}

std::vector<uint8_t> GgufWriter::encode(std::span<const float> x, GgmlType type) {
    const GgmlTypeTraits* tr = ggml_type_traits(type);
    if (!tr) fail_runtime("gguf writer: unknown ggml type");
    const int64_t n = static_cast<int64_t>(x.size());
    if (n % tr->block_size != 0)
        fail_runtime(std::string("gguf writer: ") + std::to_string(n) + " values are not whole " + tr->name + " blocks");
    std::vector<uint8_t> out(static_cast<size_t>(n / tr->block_size * tr->type_size));
    switch (type) {
        case GgmlType::F32: std::memcpy(out.data(), x.data(), out.size()); break;
        case GgmlType::F16:
            for (int64_t i = 0; i < n; ++i) {
                const uint16_t h = fp32_to_fp16(x[i]);
                std::memcpy(out.data() + 2 * i, &h, 2);
            }
            break;
        case GgmlType::BF16:
            for (int64_t i = 0; i < n; ++i) {
                const uint16_t h = fp32_to_bf16(x[i]);
                std::memcpy(out.data() + 2 * i, &h, 2);
            }
            break;
        case GgmlType::Q8_0: quantize_blocks<block_q8_0>(x.data(), n, out, quantize_row_q8_0); break;
        case GgmlType::Q4_0: quantize_blocks<block_q4_0>(x.data(), n, out, quantize_row_q4_0); break;
        case GgmlType::Q4_1: quantize_blocks<block_q4_1>(x.data(), n, out, quantize_row_q4_1); break;
        case GgmlType::Q5_0: quantize_blocks<block_q5_0>(x.data(), n, out, quantize_row_q5_0); break;
        case GgmlType::Q5_1: quantize_blocks<block_q5_1>(x.data(), n, out, quantize_row_q5_1); break;
        default: fail_runtime(std::string("gguf writer: no encoder for ggml type ") + tr->name);
    }
    return out;
}

void GgufWriter::add_tensor_f32(const std::string& name, std::vector<int64_t> ne, std::span<const float> data,
                                GgmlType as) {
    int64_t n = 1;
    for (int64_t d : ne) {
        if (d < 0 || __builtin_mul_overflow(n, d, &n)) fail_runtime("gguf writer: tensor '" + name + "' has an invalid shape");
    }
    if (static_cast<int64_t>(data.size()) != n)
        fail_runtime("gguf writer: tensor '" + name + "' has " + std::to_string(data.size()) + " values for " +
                     std::to_string(n) + " elements");
    const GgmlTypeTraits* tr = ggml_type_traits(as);
    if (tr && !ne.empty() && ne[0] % tr->block_size != 0)
        fail_runtime("gguf writer: tensor '" + name + "': ne[0] = " + std::to_string(ne[0]) +
                     " is not a multiple of the " + tr->name + " block size");
    add_tensor(name, std::move(ne), as, encode(data, as));
}

// ---------------------------------------------------------------- output

template <typename Sink>
void GgufWriter::serialize(Sink& sink) const {
    Bytes h;
    h.put<uint32_t>(kGgufMagic);
    h.put<uint32_t>(version_);
    h.put<uint64_t>(tensors_.size());
    h.put<uint64_t>(kv_.size());
    for (const auto& [key, value] : kv_) {
        h.put_string(key);
        h.put<uint32_t>(static_cast<uint32_t>(value.type));
        put_value(h, value);
    }
    uint64_t offset = 0;
    for (const Tensor& t : tensors_) {
        h.put_string(t.name);
        h.put<uint32_t>(static_cast<uint32_t>(t.ne.size()));
        for (int64_t d : t.ne) h.put<uint64_t>(static_cast<uint64_t>(d));
        h.put<uint32_t>(static_cast<uint32_t>(t.type));
        h.put<uint64_t>(offset);
        offset += t.size + padding(t.size, alignment_);
    }
    h.b.resize(h.b.size() + padding(h.b.size(), alignment_), 0);
    sink(h.b.data(), h.b.size());
    static const uint8_t zeros[256] = {};
    if (spill_) {
        // The data section, already padded.
        if (spill_->size() != offset) fail_runtime("gguf writer: the spilled data does not match its tensors");
        spill_->copy_to([&](const uint8_t* p, size_t n) { sink(p, n); });
        return;
    }
    for (const Tensor& t : tensors_) {
        sink(t.bytes.data(), t.bytes.size());
        for (uint64_t pad = padding(t.bytes.size(), alignment_); pad > 0;) {
            const uint64_t k = std::min<uint64_t>(pad, sizeof zeros);
            sink(zeros, k);
            pad -= k;
        }
    }
}

std::vector<uint8_t> GgufWriter::to_bytes() const {
    std::vector<uint8_t> out;
    auto sink = [&](const uint8_t* p, size_t n) { out.insert(out.end(), p, p + n); };
    serialize(sink);
    return out;
}

void GgufWriter::write(const std::string& path) const {
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) fail_input(path, std::string("cannot write (") + std::strerror(errno) + ")");
    int err = 0;  // first errno seen; later writes are skipped
    auto sink = [&](const uint8_t* p, size_t n) {
        if (err == 0 && n > 0 && std::fwrite(p, 1, n, f) != n) err = errno ? errno : EIO;
    };
    serialize(sink);
    if (err == 0 && std::fflush(f) != 0) err = errno ? errno : EIO;
    if (std::fclose(f) != 0 && err == 0) err = errno ? errno : EIO;
    if (err != 0) {
        std::remove(tmp.c_str());
        fail_input(path, std::string("cannot write (") + std::strerror(err) + ")");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        fail_input(path, "cannot write (rename failed: " + ec.message() + ")");
    }
}

}  // namespace rs

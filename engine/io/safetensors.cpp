#include "io/safetensors.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "core/json_io.h"
#include "core/limits.h"
#include "core/untrusted_text.h"
#include "io/half.h"
#include "io/mapped_file.h"

namespace rs {

static_assert(std::endian::native == std::endian::little, "safetensors data is read in place as little-endian");

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The reference implementation's limit; real headers are a few MB even for large models.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
// The index is only names; anything near this size is not an index.
constexpr uint64_t kMaxIndexBytes = 100'000'000;
// PyTorch allows 64 dims; a hostile header must not make us build giant JSON arrays.
constexpr size_t kMaxArrayElements = 1024;
constexpr int kMaxNesting = 3;  // root object > tensor entry > shape/offsets array

struct DtypeRow {
    const char* name;
    StDtype dtype;
    int bits;
};
constexpr DtypeRow kDtypes[] = {
    {"BOOL", StDtype::BOOL, 8},        {"U8", StDtype::U8, 8},
    {"I8", StDtype::I8, 8},            {"I16", StDtype::I16, 16},
    {"U16", StDtype::U16, 16},         {"I32", StDtype::I32, 32},
    {"U32", StDtype::U32, 32},         {"I64", StDtype::I64, 64},
    {"U64", StDtype::U64, 64},         {"F16", StDtype::F16, 16},
    {"BF16", StDtype::BF16, 16},       {"F32", StDtype::F32, 32},
    {"F64", StDtype::F64, 64},         {"F8_E4M3", StDtype::F8_E4M3, 8},
    {"F8_E5M2", StDtype::F8_E5M2, 8},  {"C64", StDtype::OTHER, 64},
    {"F8_E8M0", StDtype::OTHER, 8},    {"F8_E4M3FNUZ", StDtype::OTHER, 8},
    {"F8_E5M2FNUZ", StDtype::OTHER, 8}, {"F4", StDtype::OTHER, 4},
    {"F6_E2M3", StDtype::OTHER, 6},    {"F6_E3M2", StDtype::OTHER, 6},
};

std::string shape_str(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

uint64_t load_u64_le(const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// Reads a non-negative JSON integer that fits in int64, or fails naming what it is.
uint64_t json_u63(const json& v, const std::string& file, const std::string& what) {
    if (v.is_number_unsigned()) {
        if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            fail_input(file, what + " is too large");
        return v.get<uint64_t>();
    }
    if (v.is_number_integer()) fail_input(file, what + " is negative");  // signed here means < 0
    fail_input(file, what + " must be a non-negative integer");
}

template <typename Decode>
void convert(const uint8_t* src, size_t elem_size, int64_t n, float* dst, Decode decode) {
#pragma omp parallel for schedule(static) if (n > (1 << 20))
    for (int64_t i = 0; i < n; ++i) dst[i] = decode(src + static_cast<size_t>(i) * elem_size);
}

}  // namespace

const char* st_dtype_name(StDtype d) {
    for (const auto& r : kDtypes)
        if (r.dtype == d && d != StDtype::OTHER) return r.name;
    return "OTHER";
}

int st_dtype_bits(const std::string& name) {
    for (const auto& r : kDtypes)
        if (name == r.name) return r.bits;
    return 0;
}

StDtype st_dtype_from_name(const std::string& name) {
    for (const auto& r : kDtypes)
        if (name == r.name) return r.dtype;
    return StDtype::OTHER;
}

bool st_dtype_readable(StDtype d) { return d == StDtype::F32 || d == StDtype::F16 || d == StDtype::BF16 || d == StDtype::F64; }

// ---------------------------------------------------------------- SafetensorsFile

SafetensorsFile::~SafetensorsFile() = default;

std::unique_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    std::unique_ptr<SafetensorsFile> f(new SafetensorsFile());
    f->map_ = std::make_unique<MappedFile>(path);
    f->parse();
    return f;
}

const std::string& SafetensorsFile::path() const { return map_->path(); }

void SafetensorsFile::parse() {
    const std::string& file = map_->path();
    const uint64_t size = map_->size();
    if (size < 8)
        fail_input(file, "too short for a safetensors file (" + std::to_string(size) +
                             " bytes; the 8-byte header length is missing)");
    const uint64_t n = load_u64_le(map_->data());
    if (n > kMaxHeaderBytes)
        fail_input(file, "header length " + std::to_string(n) + " exceeds the 100 MB limit (not a safetensors file?)");
    if (n > size - 8)
        fail_input(file, "header length " + std::to_string(n) + " runs past the end of the file (" +
                             std::to_string(size) + " bytes)");
    const char* text = reinterpret_cast<const char*>(map_->data() + 8);
    if (n == 0 || text[0] != '{') fail_input(file, "header does not start with '{' (not a safetensors file?)");
    header_size_ = n;
    const uint64_t buffer_size = size - 8 - n;

    // The callback bounds what a hostile header can make the parser build, and catches duplicate
    // tensor names, which a JSON object would otherwise silently collapse.
    std::set<std::string> seen;
    std::vector<size_t> array_counts;  // one per open container; SIZE_MAX marks an object
    auto guard = [&](int depth, json::parse_event_t ev, json& v) -> bool {
        using E = json::parse_event_t;
        if (ev == E::key && depth == 1) {
            if (!seen.insert(v.get<std::string>()).second)
                fail_input(file, "header names tensor " + in_quotes(v.get<std::string>()) + " twice");
            check_limit(Limit::Tensors, static_cast<int64_t>(seen.size()), file, "the number of header entries");
            return true;
        }
        if (ev == E::value || ev == E::object_start || ev == E::array_start) {
            if (!array_counts.empty() && array_counts.back() != SIZE_MAX && ++array_counts.back() > kMaxArrayElements)
                fail_input(file, "header has an array longer than " + std::to_string(kMaxArrayElements) + " elements");
        }
        if (ev == E::object_start || ev == E::array_start) {
            array_counts.push_back(ev == E::array_start ? 0 : SIZE_MAX);
        } else if (ev == E::object_end || ev == E::array_end) {
            array_counts.pop_back();
        }
        return true;
    };
    const json root = parse_json(std::string_view(text, n), file, {.what = "header", .max_depth = kMaxNesting, .callback = guard});
    if (!root.is_object()) fail_input(file, "header is not a JSON object");

    for (auto& [key, val] : root.items()) {
        if (key == "__metadata__") {
            if (val.is_null()) continue;
            if (!val.is_object()) fail_input(file, "header '__metadata__' is not a JSON object");
            for (auto& [mk, mv] : val.items()) {
                if (!mv.is_string()) fail_input(file, "header '__metadata__' value for " + in_quotes(mk) + " is not a string");
                metadata_[mk] = mv.get<std::string>();
            }
            continue;
        }
        const std::string who = "tensor " + in_quotes(key);
        if (!val.is_object()) fail_input(file, who + " has a header entry that is not a JSON object");
        StTensorInfo t;
        t.name = key;
        t.file = file;

        auto dt = val.find("dtype");
        if (dt == val.end() || !dt->is_string()) fail_input(file, who + " has no string 'dtype'");
        t.dtype_name = dt->get<std::string>();
        const int bits = st_dtype_bits(t.dtype_name);
        if (bits == 0) fail_input(file, who + " has unknown dtype " + in_quotes(t.dtype_name));
        t.dtype = st_dtype_from_name(t.dtype_name);

        auto sh = val.find("shape");
        if (sh == val.end() || !sh->is_array()) fail_input(file, who + " has no 'shape' array");
        int64_t count = 1;
        for (const auto& d : *sh) {
            const auto dim = static_cast<int64_t>(json_u63(d, file, who + " shape dimension"));
            if (__builtin_mul_overflow(count, dim, &count))
                fail_input(file, who + " has a shape whose element count overflows 64 bits");
            t.shape.push_back(dim);
        }
        t.n_elements = count;

        auto off = val.find("data_offsets");
        if (off == val.end() || !off->is_array() || off->size() != 2)
            fail_input(file, who + " has no 'data_offsets' pair [begin, end]");
        const uint64_t b = json_u63((*off)[0], file, who + " data_offsets begin");
        const uint64_t e = json_u63((*off)[1], file, who + " data_offsets end");
        if (e < b) fail_input(file, who + " has data_offsets end " + std::to_string(e) + " before begin " + std::to_string(b));

        uint64_t total_bits = 0;
        if (__builtin_mul_overflow(static_cast<uint64_t>(count), static_cast<uint64_t>(bits), &total_bits))
            fail_input(file, who + " has a shape whose byte size overflows 64 bits");
        if (total_bits % 8 != 0)
            fail_input(file, who + " (" + t.dtype_name + ", shape " + shape_str(t.shape) + ") does not end on a byte boundary");
        if (e - b != total_bits / 8)
            fail_input(file, who + " has data_offsets [" + std::to_string(b) + ", " + std::to_string(e) + "] (" +
                                 std::to_string(e - b) + " bytes) but dtype " + t.dtype_name + " and shape " +
                                 shape_str(t.shape) + " need " + std::to_string(total_bits / 8) + " bytes");
        if (e > buffer_size)
            fail_input(file, who + " data_offsets end " + std::to_string(e) + " lies past the end of the data buffer (" +
                                 std::to_string(buffer_size) + " bytes)");
        t.begin = 8 + n + b;
        t.end = 8 + n + e;
        tensors_.push_back(std::move(t));
    }

    // The format requires the tensors to tile the buffer exactly: checking it rejects truncated,
    // spliced or aliased files that would otherwise read wrong bytes silently.
    std::sort(tensors_.begin(), tensors_.end(), [](const StTensorInfo& a, const StTensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t cursor = 8 + n;
    const StTensorInfo* prev = nullptr;
    for (const auto& t : tensors_) {
        if (t.begin < cursor)
            fail_input(file, "tensors " + in_quotes(prev->name) + " and " + in_quotes(t.name) + " overlap in the data buffer");
        if (t.begin > cursor)
            fail_input(file, "data buffer bytes [" + std::to_string(cursor - 8 - n) + ", " +
                                 std::to_string(t.begin - 8 - n) + ") before tensor " + in_quotes(t.name) +
                                 " belong to no tensor");
        cursor = t.end;
        prev = &t;
    }
    if (cursor != size)
        fail_input(file, "the last " + std::to_string(size - cursor) + " bytes of the data buffer belong to no tensor");
    for (size_t i = 0; i < tensors_.size(); ++i) by_name_[tensors_[i].name] = i;
}

const StTensorInfo* SafetensorsFile::find(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &tensors_[it->second];
}

std::span<const uint8_t> SafetensorsFile::raw(const StTensorInfo& t) const {
    if (t.file != map_->path())
        fail_runtime("tensor '" + t.name + "' of " + t.file + " was looked up in " + map_->path());
    return map_->bytes(t.begin, t.end - t.begin, "tensor data");
}

namespace {

// Decodes n values of t's dtype starting at p.
void decode_f32(const StTensorInfo& t, const uint8_t* p, int64_t n, float* dst) {
    switch (t.dtype) {
        case StDtype::F32:
            if (n > 0) std::memcpy(dst, p, static_cast<size_t>(n) * 4);
            return;
        case StDtype::F16:
            convert(p, 2, n, dst, [](const uint8_t* q) {
                uint16_t h;
                std::memcpy(&h, q, 2);
                return half::fp16_to_fp32(h);
            });
            return;
        case StDtype::BF16:
            convert(p, 2, n, dst, [](const uint8_t* q) {
                uint16_t h;
                std::memcpy(&h, q, 2);
                return half::bf16_to_fp32(h);
            });
            return;
        case StDtype::F64:
            convert(p, 8, n, dst, [](const uint8_t* q) {
                double d;
                std::memcpy(&d, q, 8);
                return static_cast<float>(d);
            });
            return;
        default:
            fail_input(t.file, "tensor " + in_quotes(t.name) + " has dtype " + t.dtype_name +
                                   ", which Rotoscope cannot read as weights");
    }
}

}  // namespace

void SafetensorsFile::read_f32_into(const StTensorInfo& t, float* dst) const {
    if (!st_dtype_readable(t.dtype)) decode_f32(t, nullptr, 0, dst);  // the error, before any byte is touched
    decode_f32(t, raw(t).data(), t.n_elements, dst);
}

void SafetensorsFile::read_rows_f32_into(const StTensorInfo& t, int64_t r0, int64_t n, float* dst) const {
    if (!st_dtype_readable(t.dtype)) decode_f32(t, nullptr, 0, dst);
    if (t.shape.size() != 2 || r0 < 0 || n < 0 || r0 + n > t.shape[0])
        fail_runtime("rows [" + std::to_string(r0) + ", " + std::to_string(r0 + n) + ") of tensor '" + t.name + "' requested");
    const int64_t cols = t.shape[1];
    const int64_t elem = static_cast<int64_t>(t.n_bytes()) / std::max<int64_t>(1, t.n_elements);
    const auto bytes = raw(t).subspan(static_cast<size_t>(r0 * cols * elem), static_cast<size_t>(n * cols * elem));
    decode_f32(t, bytes.data(), n * cols, dst);
}

void SafetensorsFile::release(const StTensorInfo& t) const { map_->release(raw(t)); }

std::vector<float> SafetensorsFile::read_f32(const StTensorInfo& t) const {
    std::vector<float> out;
    // Check the dtype before allocating for it.
    if (!st_dtype_readable(t.dtype)) read_f32_into(t, nullptr);
    out.resize(static_cast<size_t>(t.n_elements));
    read_f32_into(t, out.data());
    return out;
}

// ---------------------------------------------------------------- SafetensorsModel

SafetensorsModel::~SafetensorsModel() = default;

namespace {

// Shard names come from a file anyone can edit; only plain relative paths below the model
// directory are accepted. The check is lexical on purpose: Hugging Face cache snapshots are
// symlinks into ../../blobs, which resolving links would wrongly reject.
void check_shard_name(const std::string& index_path, const std::string& name) {
    const fs::path p(name);
    bool bad = name.empty() || name.find('\0') != std::string::npos || name.find('\\') != std::string::npos ||
               p.is_absolute() || p.has_root_name() || p.has_root_directory();
    for (const auto& part : p)
        if (part == "..") bad = true;
    if (bad) fail_input(index_path, "shard path " + in_quotes(name) + " escapes the model directory");
}



}  // namespace

std::unique_ptr<SafetensorsModel> SafetensorsModel::open_dir(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) fail_input(dir, "not a directory");
    std::unique_ptr<SafetensorsModel> m(new SafetensorsModel());
    m->dir_ = dir;
    const fs::path single = fs::path(dir) / "model.safetensors";
    const fs::path index = fs::path(dir) / "model.safetensors.index.json";

    if (fs::exists(single, ec)) {
        m->shards_.push_back(SafetensorsFile::open(single.string()));
        for (const auto& t : m->shards_[0]->tensors()) m->by_name_[t.name] = {&t, 0};
        return m;
    }
    if (!fs::exists(index, ec))
        fail_input(dir, "no model.safetensors or model.safetensors.index.json in this directory");

    const std::string ip = index.string();
    const json j = read_json_file(ip, kMaxIndexBytes, "a safetensors index");
    if (!j.is_object()) fail_input(ip, "is not a JSON object");
    auto wm = j.find("weight_map");
    if (wm == j.end()) fail_input(ip, "has no 'weight_map'");
    if (!wm->is_object()) fail_input(ip, "'weight_map' is not a JSON object");

    std::set<std::string> names;
    for (auto& [tensor, shard] : wm->items()) {
        if (!shard.is_string()) fail_input(ip, "weight_map entry for tensor " + in_quotes(tensor) + " is not a string");
        check_shard_name(ip, shard.get<std::string>());
        names.insert(shard.get<std::string>());
    }
    std::map<std::string, size_t> shard_index;
    for (const auto& name : names) {
        const fs::path p = fs::path(dir) / name;
        if (!fs::exists(p, ec)) fail_input(ip, "shard " + in_quotes(name) + " listed in weight_map does not exist");
        shard_index[name] = m->shards_.size();
        m->shards_.push_back(SafetensorsFile::open(p.string()));
    }
    for (auto& [tensor, shard] : wm->items()) {
        const size_t s = shard_index.at(shard.get<std::string>());
        const StTensorInfo* t = m->shards_[s]->find(tensor);
        if (!t)
            fail_input(ip, "weight_map puts tensor " + in_quotes(tensor) + " in " + in_quotes(shard.get<std::string>()) +
                               ", but that file does not contain it");
        m->by_name_[tensor] = {t, s};
    }
    // Tensors a shard holds but the map forgets are still part of the model (transformers loads
    // whole shards); one stored in two shards without the map choosing is ambiguous.
    for (size_t s = 0; s < m->shards_.size(); ++s) {
        for (const auto& t : m->shards_[s]->tensors()) {
            if (wm->contains(t.name)) continue;
            auto [it, inserted] = m->by_name_.try_emplace(t.name, Entry{&t, s});
            if (!inserted)
                fail_input(ip, "tensor " + in_quotes(t.name) + " is stored in both " + it->second.info->file + " and " +
                                   t.file + " and weight_map does not say which to use");
        }
    }
    return m;
}

std::vector<const StTensorInfo*> SafetensorsModel::tensors() const {
    std::vector<const StTensorInfo*> out;
    out.reserve(by_name_.size());
    for (const auto& shard : shards_)
        for (const auto& t : shard->tensors())
            if (auto it = by_name_.find(t.name); it != by_name_.end() && it->second.info == &t) out.push_back(&t);
    return out;
}

const StTensorInfo* SafetensorsModel::find(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second.info;
}

const StTensorInfo& SafetensorsModel::require(const std::string& name) const {
    const StTensorInfo* t = find(name);
    if (!t) fail_input(dir_, "tensor " + in_quotes(name) + " not found");
    return *t;
}

const SafetensorsFile& SafetensorsModel::shard_of(const StTensorInfo& t) const {
    for (const auto& s : shards_)
        if (s->path() == t.file) return *s;
    fail_runtime("tensor '" + t.name + "' does not belong to the model in " + dir_);
}

std::vector<float> SafetensorsModel::read_f32(const std::string& name) const {
    const StTensorInfo& t = require(name);
    return shards_[by_name_.at(name).shard]->read_f32(t);
}

void SafetensorsModel::read_f32_into(const std::string& name, float* dst) const {
    const StTensorInfo& t = require(name);
    shards_[by_name_.at(name).shard]->read_f32_into(t, dst);
}

void SafetensorsModel::read_rows_f32_into(const std::string& name, int64_t r0, int64_t n, float* dst) const {
    const StTensorInfo& t = require(name);
    shards_[by_name_.at(name).shard]->read_rows_f32_into(t, r0, n, dst);
}

void SafetensorsModel::release(const std::string& name) const {
    const StTensorInfo& t = require(name);
    shards_[by_name_.at(name).shard]->release(t);
}

std::span<const uint8_t> SafetensorsModel::raw(const std::string& name) const {
    const StTensorInfo& t = require(name);
    return shards_[by_name_.at(name).shard]->raw(t);
}

std::vector<std::string> SafetensorsModel::files() const {
    std::vector<std::string> out;
    for (const auto& s : shards_) out.push_back(s->path());
    return out;
}

}  // namespace rs

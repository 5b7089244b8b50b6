#include "io/safetensors_writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/error.h"
#include "core/json_io.h"
#include "io/half.h"

namespace rs {

namespace {

// Misuse of the writer is a bug in the caller, not something a user can fix.
[[noreturn]] void misuse(const std::string& name, const std::string& problem) {
    fail_runtime("SafetensorsWriter: tensor '" + name + "' " + problem);
}

int64_t checked_count(const std::string& name, const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape)
        if (d < 0 || __builtin_mul_overflow(n, d, &n)) misuse(name, "has an invalid shape");
    return n;
}

template <typename T>
void put(std::vector<uint8_t>& out, size_t i, T v) {
    std::memcpy(out.data() + i * sizeof(T), &v, sizeof(T));
}

}  // namespace

void SafetensorsWriter::add_f32(const std::string& name, std::vector<int64_t> shape, std::span<const float> values,
                                StDtype as) {
    const int64_t n = checked_count(name, shape);
    if (static_cast<uint64_t>(n) != values.size())
        misuse(name, "has " + std::to_string(values.size()) + " values but its shape holds " + std::to_string(n));
    std::vector<uint8_t> bytes;
    switch (as) {
        case StDtype::F32:
            bytes.resize(values.size() * 4);
            if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
            break;
        case StDtype::F16:
            bytes.resize(values.size() * 2);
            for (size_t i = 0; i < values.size(); ++i) put(bytes, i, half::fp32_to_fp16(values[i]));
            break;
        case StDtype::BF16:
            bytes.resize(values.size() * 2);
            for (size_t i = 0; i < values.size(); ++i) put(bytes, i, half::fp32_to_bf16(values[i]));
            break;
        default:
            misuse(name, std::string("cannot be stored from floats as ") + st_dtype_name(as));
    }
    add_raw(name, st_dtype_name(as), std::move(shape), std::move(bytes));
}

void SafetensorsWriter::add_raw(const std::string& name, const std::string& dtype_name, std::vector<int64_t> shape,
                                std::vector<uint8_t> bytes) {
    if (name == "__metadata__") misuse(name, "uses the reserved name");
    for (const auto& e : entries_)
        if (e.name == name) misuse(name, "was added twice");
    const int bits = st_dtype_bits(dtype_name);
    if (bits == 0) misuse(name, "has unknown dtype '" + dtype_name + "'");
    const int64_t n = checked_count(name, shape);
    unsigned __int128 total = static_cast<unsigned __int128>(n) * static_cast<unsigned>(bits);
    if (total % 8 != 0 || total / 8 != bytes.size())
        misuse(name, "has " + std::to_string(bytes.size()) + " bytes, which do not match dtype " + dtype_name +
                         " and its shape");
    const uint64_t size = bytes.size();
    if (spill_) {
        spill_->append(bytes.data(), size);
        // Assigning {} would keep the capacity: every spilled tensor would stay in memory.
        std::vector<uint8_t>().swap(bytes);
    }
    entries_.push_back({name, dtype_name, std::move(shape), std::move(bytes), size});
}

void SafetensorsWriter::spill_to(const std::string& path) {
    if (!entries_.empty() || spill_) misuse(path, "spill_to must come before the first tensor");
    spill_ = std::make_shared<SpillFile>(path);
}

uint64_t SafetensorsWriter::bytes_in_memory() const {
    uint64_t n = 0;
    for (const Entry& e : entries_) n += e.bytes.capacity();
    return n;
}

uint64_t SafetensorsWriter::data_bytes() const {
    uint64_t n = 0;
    for (const Entry& e : entries_) n += e.size;
    return n;
}

void SafetensorsWriter::set_metadata(const std::string& key, const std::string& value) { metadata_[key] = value; }

void SafetensorsWriter::write(const std::string& path) const {
    // ordered_json keeps tensors in the order their bytes are laid out, which makes files diffable.
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    header["__metadata__"] = metadata_;
    uint64_t offset = 0;
    for (const auto& e : entries_) {
        header[e.name] = {{"dtype", e.dtype}, {"shape", e.shape}, {"data_offsets", {offset, offset + e.size}}};
        offset += e.size;
    }
    std::string text;
    try {
        text = dump_json(header);
    } catch (const nlohmann::ordered_json::exception& e) {
        fail_runtime(std::string("SafetensorsWriter: cannot encode the header (") + e.what() + ")");
    }
    text.append((8 - text.size() % 8) % 8, ' ');
    const uint64_t n = text.size();

    const std::string tmp = path + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) fail_input(path, std::string("cannot write (") + std::strerror(errno) + ")");
    bool ok = std::fwrite(&n, 8, 1, f) == 1 && std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (spill_ && ok) {
        spill_->copy_to([&](const uint8_t* p, size_t k) { ok = ok && std::fwrite(p, 1, k, f) == k; });
    } else {
        for (const auto& e : entries_)
            ok = ok && (e.bytes.empty() || std::fwrite(e.bytes.data(), 1, e.bytes.size(), f) == e.bytes.size());
    }
    ok = ok && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
    const int err = errno;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) {
        std::remove(tmp.c_str());
        fail_input(path, std::string("cannot write (") + std::strerror(err) + ")");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        std::remove(tmp.c_str());
        fail_input(path, std::string("cannot replace (") + std::strerror(e) + ")");
    }
}

}  // namespace rs

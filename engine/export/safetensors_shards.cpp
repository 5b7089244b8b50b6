#include "export/safetensors_shards.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace rs {
namespace {

std::string temp_name(size_t i) { return fmt::format(".shard-{}.tmp", i); }
std::string data_name(size_t i) { return fmt::format(".shard-{}.data", i); }

uint64_t value_bytes(size_t n, StDtype as) { return n * (as == StDtype::F32 ? 4 : 2); }

}  // namespace

SafetensorsShards::SafetensorsShards(std::filesystem::path dir, int64_t max_shard_bytes)
    : dir_(std::move(dir)), max_(static_cast<uint64_t>(std::max<int64_t>(max_shard_bytes, 1))) {
    current_.spill_to((dir_ / data_name(0)).string());
}

void SafetensorsShards::make_room(uint64_t bytes) {
    if (current_.tensor_count() > 0 && current_.data_bytes() + bytes > max_) flush(true);
    total_ += bytes;
}

void SafetensorsShards::add_f32(const std::string& name, std::vector<int64_t> shape, std::span<const float> values,
                                StDtype as) {
    make_room(value_bytes(values.size(), as));
    current_.add_f32(name, std::move(shape), values, as);
    current_names_.push_back(name);
}

void SafetensorsShards::add_raw(const std::string& name, const std::string& dtype, std::vector<int64_t> shape,
                                std::vector<uint8_t> bytes) {
    make_room(bytes.size());
    current_.add_raw(name, dtype, std::move(shape), std::move(bytes));
    current_names_.push_back(name);
}

void SafetensorsShards::set_metadata(const std::string& key, const std::string& value) { metadata_[key] = value; }

void SafetensorsShards::flush(bool more) {
    for (const auto& [k, v] : metadata_) current_.set_metadata(k, v);
    current_.write((dir_ / temp_name(shard_names_.size())).string());
    shard_names_.push_back(std::move(current_names_));
    current_names_.clear();
    current_ = SafetensorsWriter();  // removes the written shard's data file
    if (more) current_.spill_to((dir_ / data_name(shard_names_.size())).string());
}

std::vector<std::string> SafetensorsShards::finish() {
    if (current_.tensor_count() > 0 || shard_names_.empty()) flush(false);
    current_ = SafetensorsWriter();  // no data file is left in the directory
    const size_t n = shard_names_.size();
    std::vector<std::string> files;
    nlohmann::ordered_json weight_map = nlohmann::ordered_json::object();
    for (size_t i = 0; i < n; ++i) {
        const std::string file = n == 1 ? "model.safetensors" : fmt::format("model-{:05d}-of-{:05d}.safetensors", i + 1, n);
        std::error_code ec;
        std::filesystem::rename(dir_ / temp_name(i), dir_ / file, ec);
        if (ec) fail_input((dir_ / file).string(), "cannot write (" + ec.message() + ")");
        for (const std::string& t : shard_names_[i]) weight_map[t] = file;
        files.push_back(file);
    }
    if (n > 1) {
        const nlohmann::ordered_json index{{"metadata", {{"total_size", total_}}}, {"weight_map", weight_map}};
        const auto path = dir_ / "model.safetensors.index.json";
        std::ofstream out(path, std::ios::binary);
        out << index.dump(2) << "\n";
        if (!out.flush()) fail_input(path.string(), "cannot write");
        files.push_back("model.safetensors.index.json");
    }
    return files;
}

}  // namespace rs

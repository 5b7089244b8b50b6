// A model's tensors as Hugging Face stores them: one model.safetensors, or, above a size limit,
// model-0000K-of-0000N.safetensors shards with model.safetensors.index.json ({"metadata":
// {"total_size"}, "weight_map"}), as transformers' save_pretrained lays them out. A shard is
// written as soon as it is full; until then its tensors wait on disk beside it (.shard-N.data), so
// memory holds one tensor at a time.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "io/safetensors_writer.h"

namespace rs {

class SafetensorsShards {
public:
    // `dir` must exist; shards are written there under temporary names until finish().
    SafetensorsShards(std::filesystem::path dir, int64_t max_shard_bytes);

    void add_f32(const std::string& name, std::vector<int64_t> shape, std::span<const float> values, StDtype as);
    void add_raw(const std::string& name, const std::string& dtype, std::vector<int64_t> shape, std::vector<uint8_t> bytes);
    void set_metadata(const std::string& key, const std::string& value);

    // Writes the last shard, names the files and writes the index when there is more than one.
    // Returns the file names in order.
    std::vector<std::string> finish();
    uint64_t total_bytes() const { return total_; }

private:
    void make_room(uint64_t bytes);
    void flush(bool more);  // writes the current shard; `more`: another one follows
    std::filesystem::path dir_;
    uint64_t max_;
    SafetensorsWriter current_;
    std::vector<std::string> current_names_;
    std::vector<std::vector<std::string>> shard_names_;  // the tensors of each written shard
    std::map<std::string, std::string> metadata_;
    uint64_t total_ = 0;
};

}  // namespace rs

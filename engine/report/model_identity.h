// What a report says about the model it was made from: enough to show the model panel and to
// tell two checkpoints apart without the model itself.
#pragma once
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/sha256.h"
#include "model/model.h"

namespace rs {

struct LinearInfo {
    int layer = 0;        // -1 for the LM head
    std::string role;     // role_name(): "attn_q", ...
    int64_t out = 0, in = 0;
    std::string dtype;    // the checkpoint's storage type
};

struct FileHash {
    std::string path;    // as opened
    std::string sha256;  // lowercase hex
    int64_t bytes = 0;
};

struct ModelIdentity {
    ModelConfig cfg;
    SourceInfo source;
    std::vector<FileHash> files;      // the checkpoint's files (one GGUF, or config/tokenizer/shards)
    std::vector<LinearInfo> linears;  // layer-major, in Role order, then the LM head
};

// Lists the linears and hashes the checkpoint files (progress stage "hashing", in bytes).
ModelIdentity identify_model(const Model& model, const Progress& progress = {});
// The same from a checkpoint that is not loaded (the layer-by-layer engine): shapes from the
// configuration, dtypes from the file.
class Checkpoint;
ModelIdentity identify_checkpoint(const Checkpoint& checkpoint, const Progress& progress = {});

}  // namespace rs

// The tensors a model needs, described once: for each slot, whether the architecture has it,
// and its shape in terms of the configuration. The loader reads exactly these; `info` checks a
// checkpoint against them (presence, shape, a dtype that can be read) before anything is
// allocated, so that a checkpoint with a missing or misshapen tensor is refused in one line
// instead of half-loaded.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/arch_tensors.h"
#include "model/model.h"

namespace rs {

class TensorSource;

struct PlannedTensor {
    Slot slot;
    int layer = -1;                // -1 for model-level tensors
    std::string name;              // in the checkpoint's naming scheme
    std::vector<int64_t> shape;    // PyTorch order
    bool optional = false;         // read when present (GGUF rope_freqs)
};

// In load order: embedding, then layer by layer, then the output norm and head.
std::vector<PlannedTensor> tensor_plan(const ModelConfig& c, NameScheme scheme);

// Everything wrong with `src` for the plan of `c`, in plan order: "missing tensor 'x'",
// "tensor 'x' has shape [a, b], expected [c, d]", "tensor 'x' has type IQ2_XS, which cannot be
// read"; and a tokenizer with more tokens than the embedding has rows. Empty when the model
// loads. At most `max_problems` entries (the rest are counted in a last entry).
std::vector<std::string> check_tensors(const TensorSource& src, const ModelConfig& c, NameScheme scheme,
                                       const TokenizerSpec& tokenizer, size_t max_problems = 8);

}  // namespace rs

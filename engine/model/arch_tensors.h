// Tensor names of the supported architectures, declared once: each slot of the Model has its
// GGUF name and its Hugging Face name. Loaders look tensors up through this table only.
#pragma once
#include <string>

namespace rs {

enum class Slot {
    TokEmbd, OutNorm, LmHead,
    AttnNorm, FfnNorm, QNorm, KNorm,
    Q, K, V, O, Gate, Up, Down,
    QBias, KBias, VBias,
    RopeFreqs,
};

enum class NameScheme { Gguf, HuggingFace };

// Full tensor name of `slot` (for per-layer slots, in layer `layer`).
std::string tensor_name(NameScheme scheme, Slot slot, int layer = -1);

}  // namespace rs

// The transformer forward pass of a loaded Model, one window at a time through every layer
// (runtime/decoder_block.h does each layer). Batched prefill (a whole window at once) and
// KV-cached decoding share the same code: without a cache a call sees only its own tokens.
#pragma once
#include <optional>
#include <span>

#include "backend/backend.h"
#include "model/model.h"
#include "runtime/decoder_block.h"
#include "runtime/kv_cache.h"

namespace rs {

class Forward {
public:
    Forward(const Model& model, Backend& backend, ForwardOptions options = {});
    void set_hook(CaptureHook* hook) { block_.set_hook(hook); }
    // Not owned; nullptr (the default) leaves the forward pass untouched.
    void set_activation_transform(ActivationTransform* t) { block_.set_activation_transform(t); }

    // Runs `tokens` at positions [cache->size(), +T) (or [0, T) without a cache) and returns the
    // final normed hidden states [T, d_model]. With a cache, K/V are appended and committed.
    void hidden(std::span<const int32_t> tokens, KvCache* cache, MatrixRM& out);
    // The same for several sequences packed into one pass (runtime/decoder_block.h, PackedLayout;
    // one entry per token). Each row sees what it would see in its own sequence's pass, so the
    // rows agree with separate passes up to float rounding. Exact numerics only.
    void hidden_packed(std::span<const int32_t> tokens, const PackedLayout& layout, MatrixRM& out);
    // Logits [rows, n_vocab] of final hidden rows (the LM head).
    void logits(const MatrixRM& hidden_rows, MatrixRM& out);

    // The backend's device-resident pass of this model (Backend::window_scorer), when this
    // forward pass is plain: exact numerics, no capture hook, no activation transform, no online
    // rotation. Null otherwise or when the backend has none (the CPU).
    std::unique_ptr<WindowScorer> window_scorer(WeightPrecision precision);

    const Model& model() const { return model_; }
    const ForwardOptions& options() const { return block_.options(); }

private:
    const Model& model_;
    DecoderBlock block_;
};

}  // namespace rs

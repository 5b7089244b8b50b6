// The transformer forward pass (Llama / Mistral / Qwen2 / Qwen3): RMSNorm, RoPE, GQA attention
// with a causal mask, SwiGLU MLP. Matmuls go through a Backend; attention runs on the CPU with
// one thread per head. Batched prefill (a whole window at once) and KV-cached decoding share the
// same code: without a cache a call sees only its own tokens.
#pragma once
#include <optional>
#include <span>

#include "backend/backend.h"
#include "model/model.h"
#include "rotate/online_rotation.h"
#include "runtime/capture.h"
#include "runtime/kv_cache.h"
#include "runtime/rope.h"

namespace rs {

struct ForwardOptions {
    // llama.cpp CPU attention numerics (backend/cpu/llamacpp_numerics.h): F16 K/V cache, ggml's
    // float RoPE angles, and flash attention's F16 Q and F16 accumulator for batches of fewer
    // than 64 tokens. Pair it with BackendOptions::llamacpp_numerics for the matmuls.
    bool llamacpp_numerics = false;
};

// Optional in-place edits of activations (fake-quantized activations and KV cache). Capture hooks
// see the unmodified values; the linears and attention see the transformed ones. A rotated
// model's online rotations (Model::online) come first: hooks and transforms see rotated values.
class ActivationTransform {
public:
    virtual ~ActivationTransform() = default;
    // x is the input of the linears at `site` of block `layer` (-1: LM head), after capture hooks saw it.
    virtual void linear_input(int layer, LinearInput site, MatrixRM& x) = 0;
    // K [T, n_kv_heads*head_dim] after RoPE (and R3) and V [T, ...], before they enter the cache/attention.
    virtual void kv(int /*layer*/, MatrixRM& /*k*/, MatrixRM& /*v*/) {}
};

class Forward {
public:
    Forward(const Model& model, Backend& backend, ForwardOptions options = {});
    void set_hook(CaptureHook* hook) { hook_ = hook; }
    // Not owned; nullptr (the default) leaves the forward pass untouched.
    void set_activation_transform(ActivationTransform* t) { transform_ = t; }

    // Runs `tokens` at positions [cache->size(), +T) (or [0, T) without a cache) and returns the
    // final normed hidden states [T, d_model]. With a cache, K/V are appended and committed.
    void hidden(std::span<const int32_t> tokens, KvCache* cache, MatrixRM& out);
    // Logits [rows, n_vocab] of final hidden rows (the LM head).
    void logits(const MatrixRM& hidden_rows, MatrixRM& out);

    const Model& model() const { return model_; }
    const ForwardOptions& options() const { return options_; }

private:
    void attention(int layer, const MatrixRM& q, const MatrixRM& k_all, const MatrixRM& v_all, int pos0, MatrixRM& out) const;
    void attention_f16_rows(const MatrixRM& q, const MatrixRM& k_all, const MatrixRM& v_all, int pos0, MatrixRM& out) const;
    void head_norm(MatrixRM& x, const VectorF& w, int n_heads) const;

    const Model& model_;
    Backend& backend_;
    ForwardOptions options_;
    Rope rope_;
    CaptureHook* hook_ = nullptr;
    ActivationTransform* transform_ = nullptr;
    // The model's online rotations (Model::online), prepared once.
    std::optional<PreparedRotation> r3_, r4_;
};

}  // namespace rs

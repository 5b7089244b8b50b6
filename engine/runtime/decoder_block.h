// One decoder layer of the transformer (Llama / Mistral / Qwen2 / Qwen3): RMSNorm, RoPE, GQA
// attention with a causal mask, SwiGLU MLP, the residual adds. The window-by-window forward pass
// (runtime/forward.h) and the layer-by-layer runner (runtime/layer_major.h) both run layers
// through this one class, so that their numbers cannot drift apart. Matmuls go through a Backend;
// attention runs on the CPU with one thread per head.
#pragma once
#include <optional>

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
// model's online rotations come first: hooks and transforms see rotated values.
class ActivationTransform {
public:
    virtual ~ActivationTransform() = default;
    // x is the input of the linears at `site` of block `layer` (-1: LM head), after capture hooks saw it.
    virtual void linear_input(int layer, LinearInput site, MatrixRM& x) = 0;
    // K [T, n_kv_heads*head_dim] after RoPE (and R3) and V [T, ...], before they enter the cache/attention.
    virtual void kv(int /*layer*/, MatrixRM& /*k*/, MatrixRM& /*v*/) {}
};

// Several sequences in one pass (task scoring packs the questions of a batch and the choices of a
// question): row t is at position positions[t] of segment segment[t]; it attends to the rows of
// its own segment at positions up to its own, and to every row of its segment's parent (the
// shared prompt its choice continues). Segments are contiguous runs of rows; a parent precedes its
// children and holds positions below theirs.
struct PackedLayout {
    std::vector<int> positions, segment;
    std::vector<int> parent;  // per segment: the parent segment, or -1
};

class DecoderBlock {
public:
    // `online`: the rotations the model applies to activations (Model::online), prepared once.
    DecoderBlock(const ModelConfig& cfg, Backend& backend, const OnlineRotations& online, ForwardOptions options = {});
    void set_hook(CaptureHook* hook) { hook_ = hook; }
    void set_activation_transform(ActivationTransform* t) { transform_ = t; }
    // Not owned; while set, run() takes h as packed sequences (no cache; exact numerics only).
    void set_packed_layout(const PackedLayout* layout) { layout_ = layout; }
    CaptureHook* hook() const { return hook_; }
    ActivationTransform* activation_transform() const { return transform_; }

    // h [T, d_model] at positions [pos0, pos0 + T) through layer `l` (weights L), in place. With a
    // cache, K/V are stored for layer l (the caller commits); without one the call sees only its
    // own tokens.
    void run(int l, const Layer& L, MatrixRM& h, KvCache* cache, int pos0);

    // run()'s pieces, for callers that act between them (sequential GPTQ solves each linear
    // input's linears before computing the next input); neither calls hooks nor transforms at
    // linear inputs. The attention output [T, n_heads*head_dim] of the normed input xn (q, k, v,
    // their norms, RoPE, R3, the K/V transform, causal attention): o_proj's input.
    void attention_output(int l, const Layer& L, const MatrixRM& xn, KvCache* cache, int pos0, MatrixRM& attn);
    // silu(gate(xn)) ⊙ up(xn), then R4 when the model has it: down_proj's input.
    void mlp_activation(const Layer& L, const MatrixRM& xn, MatrixRM& act);

    Backend& backend() const { return backend_; }
    const ForwardOptions& options() const { return options_; }

private:
    void site(int l, LinearInput input, MatrixRM& x);  // capture hook, then activation transform
    void attention(const MatrixRM& q, const MatrixRM& k_all, const MatrixRM& v_all, int pos0, MatrixRM& out) const;
    void attention_packed(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const PackedLayout& layout,
                          MatrixRM& out) const;
    void attention_f16_rows(const MatrixRM& q, const MatrixRM& k_all, const MatrixRM& v_all, int pos0, MatrixRM& out) const;
    void head_norm(MatrixRM& x, const VectorF& w, int n_heads) const;

    ModelConfig cfg_;
    Backend& backend_;
    ForwardOptions options_;
    Rope rope_;
    CaptureHook* hook_ = nullptr;
    ActivationTransform* transform_ = nullptr;
    const PackedLayout* layout_ = nullptr;
    std::optional<PreparedRotation> r3_, r4_;
    MatrixRM xn_, q_, k_, v_, attn_, proj_, gate_, up_;  // scratch, reused across calls
};

}  // namespace rs

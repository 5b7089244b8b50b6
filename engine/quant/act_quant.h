// Fake-quantized activations and KV cache (the "A" of W4A4 and the KV of W4A4KV4): an
// ActivationTransform that replaces the input of every linear by dequant(quant(x)), one token
// (row) at a time, and K/V by their per-head fake-quantized copies before they reach the cache.
// Per-token scales are what QuaRot/SpinQuant simulate for activations; per-head K/V groups match
// their KV-cache quantization (one scale per token and head).
#pragma once
#include <optional>

#include "quant/format.h"
#include "runtime/forward.h"

namespace rs {

// An activation format as the forward pass applies it: INT/FP8 with one scale per row (Channel is
// read as Token), the block formats along the row. BadInput (one line, naming `what`) for per
// tensor or per group, naming `where` and `what` ("activation", "KV").
quant::FormatSpec per_token_spec(quant::FormatSpec spec, const std::string& where, const char* what);

struct ActQuantConfig {
    // Inputs of the block linears. INT and FP8 must be per token (Token; Channel is accepted and
    // read as Token, since both are one scale per row); the block formats work along the row.
    std::optional<quant::FormatSpec> activations;
    // K (after RoPE) and V, in groups of head_dim: one scale per token and KV head. Granularity is
    // ignored for INT/FP8 (always the head).
    std::optional<quant::FormatSpec> kv;
    // The LM head input too (papers keep it in higher precision).
    bool quantize_lm_head_input = false;
};

class FakeQuantActivations : public ActivationTransform {
public:
    // BadInput (one line) for a granularity that is not per token, or a head_dim the KV format
    // cannot block.
    FakeQuantActivations(const ModelConfig& cfg, ActQuantConfig config);

    void linear_input(int layer, LinearInput site, MatrixRM& x) override;
    void kv(int layer, MatrixRM& k, MatrixRM& v) override;

    const ActQuantConfig& config() const { return config_; }

private:
    int head_dim_;
    ActQuantConfig config_;
};

}  // namespace rs

// Fake-quantized activations and KV cache (the "A" of W4A4 and the KV of W4A4KV4): an
// ActivationTransform that replaces the input of every linear by dequant(quant(x)), one token
// (row) at a time, and K/V by their per-head fake-quantized copies before they reach the cache.
// Per-token scales are what QuaRot/SpinQuant simulate for activations; per-head K/V groups match
// their KV-cache quantization (one scale per token and head).
#pragma once
#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "model/roles.h"
#include "quant/format.h"
#include "runtime/forward.h"

namespace rs {

// An activation format as the forward pass applies it: INT/FP8 with one scale per row (Channel is
// read as Token), the block formats along the row. BadInput (one line, naming `what`) for per
// tensor or per group, naming `where` and `what` ("activation", "KV").
quant::FormatSpec per_token_spec(quant::FormatSpec spec, const std::string& where, const char* what);

// Calibrated max |x| of every linear input: the static second-level scale of a "static"
// activation format (NVFP4's amax / (6 * 448); compressed-tensors' input_global_scale is its
// inverse). Max is order-free, so the ranges do not depend on how the windows were scheduled.
struct ActivationRanges {
    static constexpr size_t kInputs = kLayerInputs.size();
    std::vector<std::array<float, kInputs>> layers;  // [layer][LinearInput]: the four inputs of a decoder layer
    float lm_head = 0.0f;

    explicit ActivationRanges(int n_layers = 0) : layers(static_cast<size_t>(std::max(n_layers, 0))) {
        for (auto& l : layers) l.fill(0.0f);
    }
    // `layer` -1 with LinearInput::LmHead is the LM head's input. runtime_error outside the model.
    float& at(int layer, LinearInput site);
    float at(int layer, LinearInput site) const { return const_cast<ActivationRanges*>(this)->at(layer, site); }
    void observe(int layer, LinearInput site, const MatrixRM& x);
};

// Records ActivationRanges and leaves every input as it is (the calibration pass).
class ActivationRangeRecorder : public ActivationTransform {
public:
    explicit ActivationRangeRecorder(int n_layers) : ranges_(n_layers) {}
    void linear_input(int layer, LinearInput site, MatrixRM& x) override { ranges_.observe(layer, site, x); }
    const ActivationRanges& ranges() const { return ranges_; }

private:
    ActivationRanges ranges_;
};

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
    // `ranges`: the calibrated tensor scales a "static" activation format needs (may be null
    // otherwise, and when the object only checks a recipe); must outlive this object.
    // `backend`: where the quantizers run when it supports the format (the CPU reference
    // otherwise, and when null); must outlive this object.
    FakeQuantActivations(const ModelConfig& cfg, ActQuantConfig config, const ActivationRanges* ranges = nullptr,
                         Backend* backend = nullptr);

    void linear_input(int layer, LinearInput site, MatrixRM& x) override;
    void kv(int layer, MatrixRM& k, MatrixRM& v) override;

    const ActQuantConfig& config() const { return config_; }

private:
    int head_dim_;
    ActQuantConfig config_;
    const ActivationRanges* ranges_;
    Backend* backend_;
};

}  // namespace rs

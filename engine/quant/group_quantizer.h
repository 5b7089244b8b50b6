// Each format's arithmetic, applied: fit one scale group's scale from its values, then quantize
// values with that scale. The reference fake quantizer (fake_quant.h) runs it span by span; GPTQ
// (gptq.h) fits a group when its solve reaches the group (or before it starts, for static groups)
// and quantizes one column at a time with the scales of the groups the column's elements belong
// to. The per-element arithmetic itself is element_math.h, which the CUDA kernels share; a new
// format is a new rule there, a row of the traits table, and a case in element_params().
//
// The rules (scales, rounding, all-zero groups) are those documented in fake_quant.h. A clip ratio
// r < 1 (and the mse search over r) acts on every format the same way: the scale is fitted to
// r * amax instead of amax (INT asymmetric: to r * [min, max]). For MX that lowers the shared
// exponent once r * amax falls below a power of two; for NVFP4 and NF4 it shrinks the block scale.
#pragma once
#include <cstdint>

#include "quant/element_math.h"
#include "quant/format.h"

namespace rs::quant {

// The parameters element_math.h's functions take for `spec`. `tensor_amax`: NVFP4's FP32
// second-level scale is tensor_amax / (6 * 448). Checks the INT width and the clip ratio
// (BadInput, one line).
ElementParams element_params(const FormatSpec& spec, float tensor_amax = 0.0f);

class GroupQuantizer {
public:
    explicit GroupQuantizer(const FormatSpec& spec, float tensor_amax = 0.0f);

    const FormatSpec& spec() const { return spec_; }
    const ElementParams& params() const { return params_; }
    float tensor_scale() const { return params_.tensor_scale; }

    // The scale of the group x[0..n) by the spec's rule: its clip ratio, or the mse search.
    GroupScale fit(const float* x, int64_t n) const;
    // The scale at clip ratio `ratio`.
    GroupScale fit_ratio(const float* x, int64_t n, float ratio) const;

    // x quantized with the group's scale: the dequantized value; the code into *code when given.
    float quantize(float x, const GroupScale& s, int32_t* code = nullptr) const;

    // Every element of x[0..n) with one scale; returns the sum of squared errors.
    double quantize_span(const float* x, int64_t n, const GroupScale& s, float* deq, int32_t* codes) const;

private:
    FormatSpec spec_;
    ElementParams params_;
};

}  // namespace rs::quant

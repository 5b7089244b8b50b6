// Reference fake quantization of a row-major matrix [rows, cols]: dequant(quant(x)), plus the
// integer codes and the scales a real encoder would store. Straightforward loops, no SIMD: this is
// the ground truth the fast paths and exporters are checked against.
//
// Layout of the outputs:
//   codes   one per element, row-major. INT symmetric: q in [-qmax, qmax]; INT asymmetric: q in
//           [0, 2^b - 1]; MXINT8: two's-complement value in [-127, 127]; minifloat formats: the
//           element code byte (minifloat.h); NF4: the code 0..15.
//   scales  one per scale group in row-major order of groups: Tensor 1; Channel/Token one per row;
//           Group and the block formats rows * (cols / block). The value is the multiplier: INT/FP8
//           s, MX 2^e, NVFP4 the decoded E4M3 block scale (times tensor_scale), NF4 the absmax.
//   scale_bytes  MX: the E8M0 byte (e + 127; 0xFF = NaN); NVFP4: the E4M3 byte. Empty otherwise.
//   zero_points  INT asymmetric only, one per scale.
//
// Rules not fixed by the format definitions:
//   * INT symmetric: s = r*amax/qmax, qmax = 2^(b-1)-1, q = clamp(rne(x/s), -qmax, qmax).
//     With "ct" (compressed-tensors): s = r*amax/(2^(b-1) - 1/2), q = clamp(rne(x/s), -2^(b-1), qmax)
//     with x/s divided in float32 as torch does (the other grids divide in double).
//     Asymmetric: range [min(min,0), max(max,0)] scaled by r, s = range/(2^b-1),
//     zp = clamp(rne(-min/s), 0, 2^b-1), q = clamp(rne(x/s) + zp, 0, 2^b-1), x = (q - zp) s.
//   * FP8 (non-MX): s = r*amax/max_elem per granule; elements RNE, saturating.
//   * Block formats with a clip ratio r: MX takes its shared exponent from r*amax, NVFP4 its block
//     scale from r*amax_b, NF4 its absmax r*amax_b (quant/group_quantizer.h).
//   * mse: per granule or block, try r = 1.00, 0.99, ..., 0.50 (51 ratios) and keep the r with
//     the least sum of squared errors; ties keep the larger r. (GPTQ/QuaRot use a similar shrink
//     grid; MR-GPTQ searches block scales the same way.)
//   * Token granularity is per row, computed from the data like Channel: the two differ in meaning
//     (activations vs weights), not in arithmetic.
//   * An all-zero granule/block gives zeros (scale 0; MX scale byte 0 = 2^-127; NVFP4 block
//     scale 1.0 as ModelOpt sets it; NF4 code 7 = 0.0).
//   * NaN or +-Inf anywhere in the input: Error{BadInput} naming the position. (OCP MX would
//     instead mark the block's scale NaN; a workbench input with non-finite weights or
//     activations is broken and should be reported, not propagated.)
//   * Row length not a multiple of the block (MX 32, NVFP4 16, NF4 64) or group: Error{BadInput}.
#pragma once
#include <array>
#include <optional>
#include <cstdint>
#include <vector>

#include "quant/format.h"

namespace rs::quant {

struct QuantResult {
    std::vector<float> dequant;
    std::vector<int32_t> codes;        // empty unless asked for
    std::vector<float> scales;
    std::vector<uint8_t> scale_bytes;  // MX and NVFP4
    std::vector<int32_t> zero_points;  // INT asymmetric
    float tensor_scale = 1.0f;         // NVFP4: amax / (6 * 448), ModelOpt weight_scale_2
    int64_t scale_block = 0;           // consecutive (row-major) elements sharing one scale
};

// `tensor_amax`: NVFP4's second-level scale from this amax (a calibrated, static one) instead of
// the tensor's own; ignored by the other formats.
QuantResult fake_quant(const float* x, int64_t rows, int64_t cols, const FormatSpec& spec,
                       bool with_codes = false, std::optional<float> tensor_amax = std::nullopt);

// Checks fake_quant's input (shape, finite values, the calibrated amax) and returns the length
// of the contiguous row-major span that one scale covers (rows * cols for one per tensor);
// Error{BadInput} as fake_quant throws it. What every backend's fake quantizer checks first.
int64_t fake_quant_span(const float* x, int64_t rows, int64_t cols, const FormatSpec& spec,
                        std::optional<float> tensor_amax);

// A QuantResult with every output sized for `total` elements in spans of `span`, zero-filled.
QuantResult sized_quant_result(const FormatSpec& spec, int64_t total, int64_t span, bool with_codes);

// The 16 NF4 levels, code order (bitsandbytes get_4bit_type, as quoted in formats.md sec. 4).
const std::array<float, 16>& nf4_levels();

}  // namespace rs::quant

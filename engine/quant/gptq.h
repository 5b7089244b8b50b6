// GPTQ (Frantar et al., ICLR 2023): quantize a linear's weight W [rows, K] column by column,
// spreading each column's rounding error over the columns not yet quantized so that the output
// error on the calibration inputs, tr(ΔW H ΔWᵀ) with H = 2/n Σ xᵀx, stays small. This file is the
// solve alone; the Hessian is captured elsewhere (calib/hessian.h) and handed in.
//
// The solve, in the reference implementation's order:
//   1. dead inputs (H_ii = 0): the column of W is zeroed and H_ii set to 1;
//   2. act-order (optional): columns permuted by descending diag(H) (stable for ties), undone at the end;
//   3. dampening: λ = damp · mean(diag H) added to the diagonal; if H + λI is not positive definite,
//      λ is raised tenfold (at most three times, each recorded as a warning), then the solve refuses;
//   4. U = the upper Cholesky factor of (H + λI)⁻¹, computed in double without forming the
//      inverse: with J the reversal permutation and L the lower Cholesky factor of J(H + λI)J,
//      U = J L⁻¹ J; stored in float, like the weights the updates act on;
//   5. columns in blocks of `block`: each column quantized with its groups' scales, its error
//      (w - q) / U_jj spread over the rest of the block as a rank-1 update, and the block's errors
//      applied to all later columns as one matrix product (float, the reference's precision).
//
// Groups: a format's scale group along a row (INT g<N>, MX blocks of 32, NVFP4 16, NF4 64; the
// whole row for per-channel; the whole tensor for per-tensor, fitted before the solve). A group's
// scales are fitted (quant/group_quantizer.h, with the format's clip or mse rule) from the group's
// updated, not-yet-quantized values when the solve reaches the group's first column; blocks are
// split at group starts so that those values are exact (the reference implementation fits groups
// inside a block from values that lack the block's own updates). With static groups every group
// is fitted from W before the solve starts (MR-GPTQ's "static activation reordering";
// llm-compressor's observers do the same). NVFP4's FP32 tensor scale is taken once from W.
// Act-order with groups that are not static makes the groups contiguous in the permuted order
// (the original GPTQ's act-order; a g_idx maps columns to groups); the fixed blocks of MX, NVFP4
// and NF4 cannot move, so act-order needs static groups there.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"
#include "quant/format.h"

namespace rs {

class Backend;

struct GptqOptions {
    double damp = 0.01;          // λ as a fraction of mean(diag H)
    int block = 128;             // columns per lazy batch
    bool act_order = false;      // quantize columns by descending diag(H)
    bool static_groups = false;  // fit every group's scales from W before the solve
    // The sequential runner (quant/gptq_layers.h): each linear input computed through the
    // linears of its layer already quantized (on), or every Hessian of a layer from one pass
    // through its unquantized weights (off, llm-compressor). The solve itself ignores it.
    bool true_sequential = true;
    bool operator==(const GptqOptions&) const = default;
};

struct GptqResult {
    MatrixRM q;                          // the dequantized weight [rows, K]
    std::vector<int32_t> codes;          // [rows, K] when asked for (quant/fake_quant.h's codes)
    std::vector<float> scales;           // [rows, n_groups] (per-tensor: 1), as QuantResult::scales
    std::vector<uint8_t> scale_bytes;    // MX, NVFP4
    std::vector<int32_t> zero_points;    // INT asymmetric
    std::vector<int32_t> g_idx;          // [K]: each column's group
    float tensor_scale = 1.0f;           // NVFP4
    int64_t group = 0;                   // columns per group (K for per-channel and per-tensor)
    double damp = 0;                     // λ used, as a fraction of mean(diag H)
    int dead_inputs = 0;                 // columns with H_ii = 0
    std::vector<std::string> warnings;   // raised dampening
};

// Quantizes W with GPTQ against the Hessian H [K, K] (symmetric; as captured, undamped). `label`
// names the linear in messages ("layer 3 q/k/v"). BadInput, one line naming `label`: a non-finite
// weight or Hessian entry, a row length the format's groups do not divide, act-order with fixed
// blocks and dynamic groups, a Hessian not positive definite even at 1000× the dampening.
// H is taken by value: the factorization runs in its storage (move it in to save a copy).
// `backend`: where the Cholesky factor of the inverse is computed (null: the CPU reference).
GptqResult gptq_quantize(const MatrixRM& w, MatrixD h, const quant::FormatSpec& spec, const GptqOptions& options,
                         const std::string& label, bool with_codes = false, Backend* backend = nullptr);

// The proxy loss tr((W - Q) H (W - Q)ᵀ) of each of the quantized weights qs against H (in float;
// the products are one float matrix product, the sums double): the output error on the
// calibration inputs (times 2/n) that GPTQ minimizes.
std::vector<double> gptq_proxy_losses(const MatrixRM& w, const std::vector<const MatrixRM*>& qs, const MatrixRM& h);

// Human-readable form of the options ("damp 0.01, block 128, act-order, static groups").
std::string gptq_options_label(const GptqOptions& options);

}  // namespace rs

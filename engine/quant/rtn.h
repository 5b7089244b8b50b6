// Weight-only round-to-nearest (RTN) quantization of a whole model: every linear weight replaced
// by its fake-quantized copy (quant/fake_quant.h), the baseline every rotation method is
// measured against (QuaRot/SpinQuant "W4A16 RTN").
//
// A weight W [out, in] is quantized as a [rows = out, cols = in] matrix, so "channel" means one
// scale per output channel and groups/blocks run along the input dimension, as GPTQ and QuaRot
// do. Embeddings and norms are never touched; the LM head only when asked.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/progress.h"
#include "model/model.h"
#include "quant/format.h"
#include "quant/quantized_weight.h"

namespace rs {

struct LinearQuantError {
    int layer = -1;  // -1: the LM head
    Role role = Role::AttnQ;
    const char* role_name = "";  // role_name(role)
    int64_t rows = 0, cols = 0;
    double rel_error = 0;  // ||W - Q||_F / ||W||_F (0 when W is all zeros)
    double sqnr_db = 0;    // 10 log10(||W||^2 / ||W - Q||^2); +inf when Q == W
    // GPTQ only (NaN otherwise): the proxy loss tr((W - Q) H (W - Q)ᵀ) on the calibration
    // Hessian H of the linear's input, of GPTQ's weight and of RTN's with the same format.
    double proxy_loss = std::numeric_limits<double>::quiet_NaN();
    double proxy_loss_rtn = std::numeric_limits<double>::quiet_NaN();
};

// The errors of Q against W (rel_error, sqnr_db) for linear `role` of layer `layer` (-1: LM head).
LinearQuantError linear_quant_error(int layer, Role role, const MatrixRM& w, const MatrixRM& q);

struct WeightQuantReport {
    quant::FormatSpec spec;
    std::vector<LinearQuantError> linears;  // layer order, then q, k, v, o, gate, up, down; head last
    std::vector<std::string> warnings;      // GPTQ: dampening raised, in the order it happened
    // GPTQ: wall seconds in the calibration forward pass, the Hessian sums, the solves, and the
    // proxy losses (with RTN's for comparison).
    double seconds_forward = 0, seconds_hessians = 0, seconds_solves = 0, seconds_proxy = 0;
    double mean_rel_error() const;
};

// A copy of `model` with its linear weights fake-quantized. The result does not depend on the
// number of OpenMP threads. Reports ("quantizing weights", layer, n_layers) and is cancellable
// between layers; BadInput (one line naming the tensor) for a row length the format cannot
// block, or a non-finite weight.
Model quantize_weights_rtn(const Model& model, const quant::FormatSpec& spec, bool include_lm_head = false,
                           const Progress& progress = {}, WeightQuantReport* report = nullptr);

// Whether a format's scales are row-local, so that quantizing a matrix in row slices gives the
// bits of quantizing it whole (not a per-tensor scale, not NVFP4's second-level scale).
bool rtn_row_separable(const quant::FormatSpec& spec);

// Decoder layer `l` alone, with exactly the bits quantize_weights_rtn gives it; its linears'
// errors are appended to `report`, their codes and scales handed to `sink` when given (exports).
// The layer-by-layer engine quantizes as it goes.
Layer quantize_layer_rtn(const Layer& layer, int l, const quant::FormatSpec& spec, WeightQuantReport* report = nullptr,
                         const QuantizedWeightSink* sink = nullptr);

// Rows of the LM head, for formats whose scales are row-local (BadInput otherwise).
void quantize_head_rows_rtn(const MatrixRM& rows, MatrixRM& out, const quant::FormatSpec& spec);

}  // namespace rs

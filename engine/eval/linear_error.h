// Per-linear quantization error, measured layer by layer in isolation: the activations x of the
// (rotated, unquantized) model are recorded at every linear input, and each linear's output
// y = x·Wᵀ is compared with y_q = Q_a(x)·Q_w(W)ᵀ. The input and weight quantization errors are
// also histogrammed in units of the tensor's RMS, which an orthogonal rotation does not change,
// so histograms of different rotations of one linear can be overlaid.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "backend/backend.h"
#include "core/progress.h"
#include "model/model.h"
#include "quant/act_quant.h"

namespace rs {

// Linear bins of e / rms over [-range, range], with under/overflow kept apart.
struct ErrorHistogram {
    static constexpr int kBins = 200;
    static constexpr double kRange = 2.0;
    double rms = 0;                  // RMS of the unquantized tensor (the unit)
    std::vector<int64_t> counts;     // kBins entries
    int64_t below = 0, above = 0;    // e/rms < -kRange, >= kRange
    int64_t zeros = 0;               // e exactly 0 (also counted in its bin)
    double max_abs = 0;              // max |e| / rms
};

struct LinearError {
    int layer = -1;  // -1: the LM head
    Role role = Role::AttnQ;
    LinearInput site = LinearInput::QKV;
    double output_rel_error = 0;  // ||y_q - y||_F / ||y||_F
    double output_sqnr_db = 0;    // 10 log10(||y||² / ||y_q - y||²); +inf when exact
    double input_rel_error = 0;   // ||Q_a(x) - x|| / ||x|| (0 without activation quantization)
    double weight_rel_error = 0;  // ||Q_w(W) - W|| / ||W|| (0 without weight quantization)
    ErrorHistogram input_error;   // of Q_a(x) - x, in units of rms(x)
    ErrorHistogram weight_error;  // of Q_w(W) - W, in units of rms(W)
};

// `reference` is the rotated unquantized model, `quantized` the same model after weight RTN
// (same shapes; pass `reference` again for no weight quantization). `activations` may be null.
// Runs `tokens` (one window) through `reference` and probes every linear (LM head included only
// when its weight differs or activations.quantize_lm_head_input). Progress stage
// "probing linears", one step per layer; cancellable. Layer-major, in Role order.
std::vector<LinearError> probe_linear_errors(const Model& reference, const Model& quantized,
                                             FakeQuantActivations* activations, std::span<const int32_t> tokens,
                                             Backend& backend, const Progress& progress = {});

// The histogram of (q - x) / rms(x) over n values (exposed for tests and the format lab).
ErrorHistogram error_histogram(const float* x, const float* q, int64_t n);

}  // namespace rs

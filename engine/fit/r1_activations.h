// The activations R1 rotates, gathered for fitting it: the inputs of the linears that read the
// residual stream through an RMSNorm (q/k/v and gate/up of every layer), captured on the model
// with its norms folded (so each row is the normalized residual x/rms(x), which is what R1
// multiplies), one calibration window at a time, in float. Each row is flagged when its token
// carries a massive activation at that layer: the census's rule (|h| > massive_abs and
// |h| ≥ massive_ratio · the median |h| of the window's hidden state) applied to the residual
// stream entering the layer (the ffn input of a layer shares the flag of its attention input:
// the mid-layer residual is not captured, and massive activations persist across layers).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "backend/backend.h"
#include "core/progress.h"
#include "model/model.h"
#include "model/roles.h"

namespace rs {

// The two sites R1 rotates, in row order.
inline constexpr LinearInput kR1Sites[] = {LinearInput::QKV, LinearInput::GateUp};

struct MassiveRule {
    double abs = 100.0;     // the census defaults (calib/census.h)
    double ratio = 1000.0;
};

struct R1Activations {
    MatrixRM rows;                 // [tokens · layers · 2, d_model]: window, layer, site (qkv, gate_up), token
    std::vector<uint8_t> massive;  // per row: its token carries a massive activation at that layer
    int64_t rows_per_call = 0;     // the tokens of one window at one site (quantized together)
    int64_t massive_rows = 0;
};

// `folded` must have its norms folded (rotate/fuse.h fold_norms) and no rotation. Windows are
// truncated so that at most `max_tokens` tokens are used in all (0: every token of every window).
// Progress: Stage::FittingRotation item "capturing window i", one step per window; cancel between
// windows.
R1Activations capture_r1_activations(const Model& folded, Backend& backend, std::span<const std::vector<int32_t>> windows,
                                     int64_t max_tokens, const MassiveRule& rule = {}, const Progress& progress = {});

}  // namespace rs

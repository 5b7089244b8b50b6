// SmoothQuant-style channel smoothing (Xiao et al.) and SmoothRot's variant (research/methods.md
// §5): per input channel j of a linear, s_j = max|X_j|^α / max|W_j|^(1-α); the activation is
// divided by s and the weight columns multiplied by it, so the product is unchanged while the
// activation outliers shrink. The division is folded into whatever writes the activation:
//   down  (SmoothRot): up_proj's output rows ÷ s (SwiGLU is linear in up), down_proj columns × s;
//   attn  / mlp: the RMSNorm weight ÷ s, the reading linears' columns × s (q,k,v / gate,up).
// Smoothing runs on the unrotated model, before fuse_rotations. attn/mlp smoothing conflicts
// with R1 (a rotated residual has no per-channel scale left to fold into): refused.
#pragma once
#include <vector>

#include "backend/backend.h"
#include "calib/census.h"
#include "core/progress.h"
#include "model/model.h"
#include "model/roles.h"

namespace rs {

struct SmoothConfig {
    bool on = false;
    double alpha = 0.5;      // migration strength; SmoothRot's default
    bool down = true;        // the down_proj input (SmoothRot)
    bool attn = false;       // the q/k/v input (SmoothQuant)
    bool mlp = false;        // the gate/up input (SmoothQuant)
    double min_scale = 1e-5; // SmoothRot's clamp
    bool operator==(const SmoothConfig&) const = default;
};

// Per-channel max |x| of the smoothed sites over calibration windows, per layer.
struct SmoothStats {
    std::vector<std::vector<float>> down;  // [n_layers][d_ff]; empty when not collected
    std::vector<std::vector<float>> attn;  // [n_layers][d_model]
    std::vector<std::vector<float>> mlp;   // [n_layers][d_model]
    int64_t tokens = 0;
};

// The smoothable linear inputs as one table: the name a recipe uses, the input, the switch in
// SmoothConfig and the statistics in SmoothStats. Collection, checks, application, recipe
// parsing and naming iterate it.
struct SmoothSiteTraits {
    const char* name;  // "down" (recipes: "sites": ["down"])
    LinearInput input;
    bool SmoothConfig::*on;
    std::vector<std::vector<float>> SmoothStats::*stats;
    const char* title;  // "down_proj input", for messages
};
inline constexpr SmoothSiteTraits kSmoothSites[] = {
    {"down", LinearInput::Down, &SmoothConfig::down, &SmoothStats::down, "down_proj input"},
    {"attn", LinearInput::QKV, &SmoothConfig::attn, &SmoothStats::attn, "attention input"},
    {"mlp", LinearInput::GateUp, &SmoothConfig::mlp, &SmoothStats::mlp, "MLP input"},
};

// Runs the model over the windows and records the sites `config` smooths. Reports
// ("smoothing calibration", window, n_windows); cancellable between windows.
SmoothStats collect_smooth_stats(const Model& model, Backend& backend, const std::vector<std::vector<int32_t>>& windows,
                                 const SmoothConfig& config, const Progress& progress = {});

// The statistics from a census of the unrotated model: each smoothed site's per-channel max |x| is
// the census's channel_absmax at that linear input, so that smoothing needs no sampling pass of
// its own (and reuses the census the user already ran). BadInput when the census lacks a site or
// has other widths than `cfg`.
SmoothStats smooth_stats_from_census(const Census& census, const ModelConfig& cfg, const SmoothConfig& config);

// The scales s of one site: s_j = max(act_j^α / w_j^(1-α), min_scale), where w_j is the max |W[:, j]|
// over the linears that read the site. Channels with act_j == 0 or w_j == 0 get s_j = 1.
std::vector<double> smoothing_scales(const std::vector<float>& act_absmax, const std::vector<double>& w_absmax,
                                     double alpha, double min_scale);

// A smoothed copy. BadInput (one line) for stats that do not match the model.
Model apply_smoothing(const Model& model, const SmoothConfig& config, const SmoothStats& stats);

}  // namespace rs

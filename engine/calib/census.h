// The activation census: streaming statistics of every linear input and of the residual stream,
// gathered while calibration windows run through the forward pass (a CaptureHook).
//
// Nothing grows with the number of windows except per-token absmax ([windows, ctx] floats per
// site) and the bounded lists (top-k, massive activations). Per-channel moments are merged
// window by window with the pairwise update of Chan et al./Pébay, in double, so that channels
// whose mean is far from zero (massive activations) keep an accurate kurtosis.
//
// Massive activations follow Sun et al. 2024 ("Massive Activations in Large Language Models"):
// a value is massive when |x| > massive_abs and |x| >= massive_ratio * median, where the median
// is that of |x| over the whole hidden state of the window at that site ([ctx, channels]), as
// their code computes it.
#pragma once
#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "calib/calibration.h"
#include "core/progress.h"
#include "model/model.h"
#include "model/roles.h"
#include "model/layer_source.h"
#include "runtime/forward.h"

namespace rs {

// Where a census site reads activations. The first four are linear inputs of block `layer`
// (q/k/v share one input, gate/up share one), Residual is the residual stream after block
// `layer`, LmHeadIn the final-normed hidden state (layer -1).
enum class CensusSite { AttnIn, OIn, MlpIn, DownIn, Residual, LmHeadIn };
inline constexpr std::array<CensusSite, 6> kAllCensusSites{CensusSite::AttnIn, CensusSite::OIn,    CensusSite::MlpIn,
                                                           CensusSite::DownIn, CensusSite::Residual, CensusSite::LmHeadIn};
// Where each site reads: a linear input (model/roles.h) or the residual stream.
struct CensusSiteTraits {
    CensusSite site;
    const char* name;   // "attn_in": report group names
    bool linear_input;  // false: the residual stream after the block
    LinearInput input;  // when linear_input
};
inline constexpr CensusSiteTraits kCensusSites[] = {
    {CensusSite::AttnIn, "attn_in", true, LinearInput::QKV},     {CensusSite::OIn, "o_in", true, LinearInput::O},
    {CensusSite::MlpIn, "mlp_in", true, LinearInput::GateUp},    {CensusSite::DownIn, "down_in", true, LinearInput::Down},
    {CensusSite::Residual, "residual", false, LinearInput::QKV}, {CensusSite::LmHeadIn, "lm_head_in", true, LinearInput::LmHead},
};
// "attn_in", "o_in", "mlp_in", "down_in", "residual", "lm_head_in"
const char* census_site_name(CensusSite s);
// Values per token at the site.
int64_t census_site_width(const ModelConfig& c, CensusSite s);
// The linear layers that read this site ("q_proj,k_proj,v_proj", ...; "" for Residual).
const char* census_site_readers(CensusSite s);
// Inverse of census_site_name; BadInput naming `context` when unknown.
CensusSite census_site_from_name(const std::string& name, const std::string& context = "");

struct CensusConfig {
    int windows = 32;
    int ctx = 512;
    uint64_t seed = 0;
    bool bos = true;  // put the model's BOS in front of each window when its tokenizer adds one
    int top_k = 16;   // largest magnitudes kept per site
    double massive_abs = 100.0;
    double massive_ratio = 1000.0;
    int max_massive_per_site = 4096;  // massive entries listed per site (all are counted)
    int capture_window = 0;           // window whose token x channel matrix is kept for heatmaps
    int capture_tokens = 64;          // its first tokens kept (clamped to ctx); ~0.46 MB per token on SmolLM2-135M
};
nlohmann::json census_config_to_json(const CensusConfig& c);
// Fills missing keys with defaults; BadInput (naming `context`) on wrong types or values.
CensusConfig census_config_from_json(const nlohmann::json& j, const std::string& context = "");
// BadInput with a one-line reason when a field is out of range (windows < 1, ctx < 2, ...).
void validate_census_config(const CensusConfig& c, const std::string& context = "");

// Pearson kurtosis (a normal distribution gives 3) from merged central moments.
struct Moments {
    double n = 0, mean = 0, m2 = 0, m3 = 0, m4 = 0;  // m_k: sum of (x - mean)^k
    void add(double x);
    void merge(const Moments& other);
    double variance() const { return n > 0 ? m2 / n : 0.0; }
    double rms() const;        // sqrt(mean of x^2)
    double kurtosis() const;   // n * m4 / m2^2; 0 when m2 == 0
};

// Histogram of |x| on a fixed log2 grid, positive and negative values apart. Bins split each
// octave [2^e, 2^(e+1)) into kSubBins equal parts, read straight from the float's exponent and
// top mantissa bits (exact, no log): bin i covers [2^e * (1 + j/kSubBins), 2^e * (1 + (j+1)/kSubBins))
// with e = kMinExp + i / kSubBins and j = i % kSubBins.
struct LogHistogram {
    static constexpr int kMinExp = -24;  // smallest octave: [2^-24, 2^-23)
    static constexpr int kMaxExp = 16;   // values >= 2^16 = 65536 overflow
    static constexpr int kSubBins = 4;
    static constexpr int kBins = (kMaxExp - kMinExp) * kSubBins;
    std::vector<uint64_t> pos = std::vector<uint64_t>(kBins, 0);
    std::vector<uint64_t> neg = std::vector<uint64_t>(kBins, 0);
    uint64_t zeros = 0;      // exact zeros (either sign)
    uint64_t underflow = 0;  // 0 < |x| < 2^kMinExp
    uint64_t overflow = 0;   // |x| >= 2^kMaxExp
    uint64_t nonfinite = 0;  // NaN or Inf
    static double bin_lower_edge(int i);  // i in [0, kBins]; bin_lower_edge(kBins) = 2^kMaxExp
    static int bin_of(float magnitude);   // -1 underflow/zero, kBins overflow
    void add(float x);
    void merge(const LogHistogram& other);
    uint64_t total() const;
};

// One activation value with where it was seen.
struct ActivationEntry {
    float value = 0;    // signed
    float median = 0;   // median |x| of the hidden state it was found in (massive entries; 0 in top-k)
    int32_t window = 0;    // index into CalibrationSet::windows
    int32_t position = 0;  // token position in the window
    int32_t token = 0;     // token id at that position
    int32_t channel = 0;
};

struct SiteCensus {
    int layer = 0;  // -1 for LmHeadIn
    CensusSite site = CensusSite::AttnIn;
    int channels = 0;
    uint64_t count = 0;  // values seen

    std::vector<float> channel_absmax;     // [channels]
    std::vector<double> channel_mean;      // [channels]
    std::vector<double> channel_rms;       // [channels]
    std::vector<double> channel_kurtosis;  // [channels], Pearson, over all tokens
    Moments moments;                       // over all values of the site
    float absmax = 0;

    std::vector<float> token_absmax;   // [windows * ctx], row-major by window
    std::vector<float> window_median;  // [windows] median |x| of each window's hidden state
    double median = 0;                 // median of window_median (the per-layer curve's "median")
    // [windows * kWindowTop]: the kWindowTop largest |x| of each window's hidden state, descending
    // (Sun et al.'s top-1/2/3 of one sequence; the per-layer plot averages them over windows).
    static constexpr int kWindowTop = 3;
    std::vector<float> window_top;

    std::vector<ActivationEntry> top;      // the top_k largest |x|, descending
    std::vector<ActivationEntry> massive;  // descending |x|, at most max_massive_per_site
    uint64_t massive_count = 0;            // all massive values, listed or not

    LogHistogram histogram;
    MatrixRM captured;  // [capture_tokens, channels] of the capture window (values as computed)

    double kurtosis() const { return moments.kurtosis(); }
};

struct Census {
    CensusConfig config;
    CalibrationSet calibration;
    int n_layers = 0;
    std::vector<SiteCensus> sites;  // layer-major: layer 0 sites in kAllCensusSites order, ..., then LmHeadIn
    double seconds = 0;

    const SiteCensus* find(int layer, CensusSite site) const;  // nullptr when absent
};

// Runs every window of `calibration` through `forward` (prefill, no KV cache) and gathers the
// census. Progress stage "census", one step per window; cancellable between windows.
Census run_census(Forward& forward, const CalibrationSet& calibration, const CensusConfig& config,
                  const Progress& progress = {});

// The same census layer by layer (runtime/layer_major.h): all windows through layer i before
// layer i+1, the weights read from `source` one layer at a time. Every site sees the same values
// in the same window order, so the numbers equal run_census's. Progress stage "census", one step
// per layer; cancellable between layers.
Census run_census_layer_major(LayerSource& source, Backend& backend, const CalibrationSet& calibration,
                              const CensusConfig& config, const Progress& progress = {});

}  // namespace rs

#include "calib/census.h"

#include <omp.h>

#include <chrono>
#include <exception>

#include "calib/census_run.h"
#include "calib/census_site_stats.h"
#include "runtime/layer_major.h"
#include "core/error.h"

namespace rs {
namespace {

constexpr int kSitesPerLayer = 5;  // kAllCensusSites without LmHeadIn

int site_channels(const ModelConfig& c, CensusSite s) { return static_cast<int>(census_site_width(c, s)); }

// Copies every activation the forward pass reports into a pending list, and processes the
// list with one thread per site: the result cannot depend on the thread count, and the threads
// meet once per flush instead of several times per site.
class CensusHook : public CaptureHook {
public:
    CensusHook(std::vector<census_detail::SiteAccumulator>& sites, int n_layers, size_t max_pending_values)
        : sites_(sites), n_layers_(n_layers), max_pending_(max_pending_values) {}

    void begin_window(int window, const std::vector<int32_t>& tokens) {
        window_ = window;
        tokens_ = &tokens;
    }

    void on_linear_input(int layer, LinearInput input, const MatrixRM& x) override {
        // The LM head's input is fed from the hidden state by run_census.
        if (input == LinearInput::LmHead) return;
        for (const CensusSiteTraits& t : kCensusSites)
            if (t.linear_input && t.input == input) return feed(layer, t.site, x);
    }
    void on_residual(int layer, const MatrixRM& h) override { feed(layer, CensusSite::Residual, h); }

    void feed(int layer, CensusSite site, const MatrixRM& x) {
        size_t index;
        if (site == CensusSite::LmHeadIn) {
            index = static_cast<size_t>(n_layers_) * kSitesPerLayer;
        } else {
            if (layer < 0 || layer >= n_layers_) fail_runtime("census: activation reported for layer " + std::to_string(layer));
            index = static_cast<size_t>(layer) * kSitesPerLayer + static_cast<size_t>(site);
        }
        if (pending_ == buffers_.size()) buffers_.emplace_back();
        Pending& p = buffers_[pending_++];
        p.site = index;
        p.x = x;  // reuses the buffer's memory from earlier windows
        pending_values_ += static_cast<size_t>(x.size());
        if (pending_values_ >= max_pending_) flush();
    }

    void flush() {
        const int threads = omp_get_max_threads();
        if (scratch_.size() < static_cast<size_t>(threads)) scratch_.resize(static_cast<size_t>(threads));
        std::exception_ptr error;
        const int n = static_cast<int>(pending_);
#pragma omp parallel for schedule(dynamic, 1)
        for (int i = 0; i < n; ++i) {
            try {
                const Pending& p = buffers_[static_cast<size_t>(i)];
                sites_[p.site].add_window(p.x, window_, *tokens_, scratch_[static_cast<size_t>(omp_get_thread_num())]);
            } catch (...) {
#pragma omp critical(census_error)
                if (!error) error = std::current_exception();
            }
        }
        pending_ = 0;
        pending_values_ = 0;
        if (error) std::rethrow_exception(error);
    }

private:
    struct Pending {
        size_t site = 0;
        MatrixRM x;
    };
    std::vector<census_detail::SiteAccumulator>& sites_;
    int n_layers_;
    size_t max_pending_;
    std::vector<Pending> buffers_;
    size_t pending_ = 0, pending_values_ = 0;
    std::vector<census_detail::StatsScratch> scratch_;
    int window_ = 0;
    const std::vector<int32_t>* tokens_ = nullptr;
};

// The hook points into this call's stack, so it must come off on every way out.
struct HookGuard {
    Forward& forward;
    ~HookGuard() { forward.set_hook(nullptr); }
};

}  // namespace

const SiteCensus* Census::find(int layer, CensusSite site) const {
    // Sites are normally laid out by index; a census read from elsewhere may not be.
    const size_t guess = site == CensusSite::LmHeadIn
                             ? static_cast<size_t>(n_layers) * kSitesPerLayer
                             : static_cast<size_t>(layer) * kSitesPerLayer + static_cast<size_t>(site);
    if (layer >= -1 && guess < sites.size() && sites[guess].layer == layer && sites[guess].site == site) return &sites[guess];
    for (const SiteCensus& s : sites)
        if (s.layer == layer && s.site == site) return &s;
    return nullptr;
}

Census run_census(Forward& forward, const CalibrationSet& calibration, const CensusConfig& config, const Progress& progress) {
    return census_detail::run_census(forward, calibration, config, progress, census_detail::kDefaultPendingValues);
}

namespace {

// The census's sites and their accumulators for a model of configuration `mc`: what both runners
// fill. The accumulators point into census.sites, which must not move afterwards.
struct CensusState {
    Census census;
    std::vector<census_detail::SiteAccumulator> accumulators;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    CensusState(const ModelConfig& mc, const CalibrationSet& calibration, const CensusConfig& config) {
        const int n_windows = static_cast<int>(calibration.windows.size());
        const int ctx = calibration.ctx;
        if (n_windows < 1) fail_input(calibration.corpus_path, "the calibration set has no windows");
        for (const CalibrationWindow& w : calibration.windows)
            if (static_cast<int>(w.tokens.size()) != ctx)
                fail_input(calibration.corpus_path, "a calibration window has " + std::to_string(w.tokens.size()) +
                                                        " tokens instead of " + std::to_string(ctx));
        census.config = config;
        // The census describes the windows that actually ran.
        census.config.windows = n_windows;
        census.config.ctx = ctx;
        validate_census_config(census.config, "census");
        census.calibration = calibration;
        census.n_layers = mc.n_layers;
        census.sites.reserve(static_cast<size_t>(mc.n_layers) * kSitesPerLayer + 1);
        for (int layer = 0; layer < mc.n_layers; ++layer)
            for (CensusSite s : kAllCensusSites) {
                if (s == CensusSite::LmHeadIn) continue;
                SiteCensus& site = census.sites.emplace_back();
                site.layer = layer;
                site.site = s;
                site.channels = site_channels(mc, s);
            }
        SiteCensus& head = census.sites.emplace_back();
        head.layer = -1;
        head.site = CensusSite::LmHeadIn;
        head.channels = mc.d_model;
        accumulators.reserve(census.sites.size());
        for (SiteCensus& s : census.sites) accumulators.emplace_back(s, census.config, n_windows, ctx);
    }

    Census finish() {
        for (auto& a : accumulators) a.finish();
        census.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return std::move(census);
    }
};

}  // namespace

namespace census_detail {

Census run_census(Forward& forward, const CalibrationSet& calibration, const CensusConfig& config, const Progress& progress,
                  size_t max_pending_values) {
    const ModelConfig& mc = forward.model().cfg;
    CensusState state(mc, calibration, config);
    const int n_windows = static_cast<int>(calibration.windows.size());
    CensusHook hook(state.accumulators, mc.n_layers, max_pending_values);
    progress(Stage::Census, 0, n_windows);
    {
        forward.set_hook(&hook);
        HookGuard guard{forward};
        MatrixRM hidden;
        for (int w = 0; w < n_windows; ++w) {
            if (progress.cancel) progress.cancel->check();
            const std::vector<int32_t>& tokens = calibration.windows[static_cast<size_t>(w)].tokens;
            hook.begin_window(w, tokens);
            forward.hidden(tokens, nullptr, hidden);
            // The final-normed hidden state is what the LM head reads; logits() is not run.
            hook.feed(-1, CensusSite::LmHeadIn, hidden);
            hook.flush();
            progress(Stage::Census, w + 1, n_windows);
        }
    }
    return state.finish();
}

}  // namespace census_detail

Census run_census_layer_major(LayerSource& source, Backend& backend, const CalibrationSet& calibration,
                              const CensusConfig& config, const Progress& progress) {
    const ModelConfig& mc = source.cfg();
    CensusState state(mc, calibration, config);
    CensusHook hook(state.accumulators, mc.n_layers, census_detail::kDefaultPendingValues);
    std::vector<std::span<const int32_t>> windows;
    for (const CalibrationWindow& w : calibration.windows) windows.emplace_back(w.tokens);
    LayerMajorForward forward(source, backend);
    forward.set_hook(&hook);
    std::vector<MatrixRM> hidden;
    // Each window's activations at a layer are processed before the next window's, as in the
    // window-by-window run: a site's statistics see the windows in the same order.
    forward.run(windows, hidden, progress, Stage::Census,
                [&](int, int w) { hook.begin_window(w, calibration.windows[static_cast<size_t>(w)].tokens); },
                [&](int layer, int w) {
                    if (layer < 0) hook.feed(-1, CensusSite::LmHeadIn, hidden[static_cast<size_t>(w)]);
                    hook.flush();
                });
    return state.finish();
}

}  // namespace rs

#include "rotate/smooth.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "runtime/forward.h"

namespace rs {
namespace {

// Per-channel max |x| of the sites being smoothed, accumulated over windows.
class AbsmaxHook : public CaptureHook {
public:
    AbsmaxHook(const ModelConfig& c, const SmoothConfig& config) {
        for (const SmoothSiteTraits& site : kSmoothSites)
            if (config.*site.on)
                (stats.*site.stats).assign(c.n_layers, std::vector<float>(input_traits(site.input).width(c), 0.0f));
    }
    void on_linear_input(int layer, LinearInput input, const MatrixRM& x) override {
        std::vector<std::vector<float>>* target = nullptr;
        for (const SmoothSiteTraits& site : kSmoothSites)
            if (site.input == input) target = &(stats.*site.stats);
        if (!target || target->empty() || layer < 0) return;
        std::vector<float>& m = (*target)[layer];
        for (int64_t t = 0; t < x.rows(); ++t)
            for (int64_t j = 0; j < x.cols(); ++j) {
                const float a = std::abs(x(t, j));
                // NaN propagates as NaN so that apply_smoothing refuses it instead of hiding it.
                if (!(a <= m[j])) m[j] = std::isnan(a) ? a : std::max(m[j], a);
            }
    }
    SmoothStats stats;
};

// max_i |w(i, j)| over the rows of every linear, per input column j, optionally times a norm weight.
std::vector<double> column_absmax(const std::vector<Linear*>& linears, int64_t cols) {
    std::vector<double> m(cols, 0.0);
    for (const Linear* lin : linears)
        for (int64_t i = 0; i < lin->w.rows(); ++i)
            for (int64_t j = 0; j < cols; ++j) m[j] = std::max(m[j], static_cast<double>(std::abs(lin->w(i, j))));
    return m;
}

void check_stats(const Model& m, const std::vector<std::vector<float>>& v, int64_t width, const char* site) {
    const std::string where = m.source.path.empty() ? std::string("smoothing statistics") : m.source.path;
    if (static_cast<int>(v.size()) != m.cfg.n_layers)
        fail_input(where, std::string("smoothing statistics for ") + site + " cover " + std::to_string(v.size()) +
                              " layers, the model has " + std::to_string(m.cfg.n_layers));
    for (size_t l = 0; l < v.size(); ++l) {
        if (static_cast<int64_t>(v[l].size()) != width)
            fail_input(where, std::string("smoothing statistics for ") + site + " layer " + std::to_string(l) + " have " +
                                  std::to_string(v[l].size()) + " channels, expected " + std::to_string(width));
        for (float a : v[l])
            if (!std::isfinite(a))
                fail_input(where, std::string("the calibration activations at ") + site + " of layer " +
                                      std::to_string(l) + " are not finite");
    }
}

void scale_columns(Linear& lin, const std::vector<double>& s) {
    for (int64_t i = 0; i < lin.w.rows(); ++i)
        for (int64_t j = 0; j < lin.w.cols(); ++j)
            lin.w(i, j) = static_cast<float>(static_cast<double>(lin.w(i, j)) * s[j]);
    lin.touch();
}

void divide_vector(VectorF& v, const std::vector<double>& s) {
    for (int64_t j = 0; j < v.size(); ++j) v[j] = static_cast<float>(static_cast<double>(v[j]) / s[j]);
}

}  // namespace

SmoothStats collect_smooth_stats(const Model& model, Backend& backend, const std::vector<std::vector<int32_t>>& windows,
                                 const SmoothConfig& config, const Progress& progress) {
    if (model.online.any())
        fail_input(model.source.path, "smoothing statistics must come from the unrotated model");
    AbsmaxHook hook(model.cfg, config);
    Forward fwd(model, backend);
    fwd.set_hook(&hook);
    MatrixRM hidden;
    const int64_t n = static_cast<int64_t>(windows.size());
    progress(Stage::SmoothingCalibration, 0, n);
    for (int64_t w = 0; w < n; ++w) {
        fwd.hidden(windows[w], nullptr, hidden);
        hook.stats.tokens += static_cast<int64_t>(windows[w].size());
        progress(Stage::SmoothingCalibration, w + 1, n);
    }
    return std::move(hook.stats);
}

SmoothStats smooth_stats_from_census(const Census& census, const ModelConfig& cfg, const SmoothConfig& config) {
    SmoothStats stats;
    for (const SmoothSiteTraits& site : kSmoothSites) {
        if (!(config.*site.on)) continue;
        const CensusSite* census_site = nullptr;
        for (const CensusSiteTraits& t : kCensusSites)
            if (t.linear_input && t.input == site.input) census_site = &t.site;
        const int64_t width = input_traits(site.input).width(cfg);
        auto& per_layer = stats.*site.stats;
        for (int l = 0; l < cfg.n_layers; ++l) {
            const SiteCensus* sc = census_site ? census.find(l, *census_site) : nullptr;
            if (!sc || static_cast<int64_t>(sc->channel_absmax.size()) != width)
                fail_input("census", std::string("has no ") + site.title + " of " + std::to_string(width) + " channels at layer " +
                                         std::to_string(l) + " for smoothing");
            // A NaN or infinity among the activations would hide in the maxima: refuse it.
            if (sc->histogram.nonfinite > 0)
                fail_input("smoothing statistics", std::string("the calibration activations at ") + site.title + " of layer " +
                                                       std::to_string(l) + " are not finite");
            per_layer.push_back(sc->channel_absmax);
        }
    }
    int64_t tokens = 0;
    for (const CalibrationWindow& w : census.calibration.windows) tokens += static_cast<int64_t>(w.tokens.size());
    stats.tokens = tokens;
    return stats;
}

std::vector<double> smoothing_scales(const std::vector<float>& act_absmax, const std::vector<double>& w_absmax,
                                     double alpha, double min_scale) {
    std::vector<double> s(act_absmax.size(), 1.0);
    for (size_t j = 0; j < s.size(); ++j) {
        const double a = act_absmax[j], w = w_absmax[j];
        // A dead channel (never active, or read by all-zero columns) has nothing to balance.
        if (a <= 0 || w <= 0) continue;
        s[j] = std::max(std::pow(a, alpha) / std::pow(w, 1.0 - alpha), min_scale);
    }
    return s;
}

Model apply_smoothing(const Model& in, const SmoothConfig& config, const SmoothStats& stats) {
    if (!config.on) return in;
    if (!(config.alpha >= 0.0 && config.alpha <= 1.0))
        fail_input("smoothing", "alpha must be in [0, 1], got " + std::to_string(config.alpha));
    if (in.online.any()) fail_input(in.source.path, "smoothing must be applied before rotations");
    const ModelConfig& c = in.cfg;
    for (const SmoothSiteTraits& site : kSmoothSites)
        if (config.*site.on) check_stats(in, stats.*site.stats, input_traits(site.input).width(c), site.title);

    Model m = in;
    for (int l = 0; l < c.n_layers; ++l) {
        Layer& L = m.layers[l];
        for (const SmoothSiteTraits& site : kSmoothSites) {
            if (!(config.*site.on)) continue;
            const LinearInputTraits& input = input_traits(site.input);
            const int64_t width = input.width(c);
            std::vector<Linear*> readers;
            for (const RoleTraits& r : kLayerRoles)
                if (r.input == site.input) readers.push_back(&(L.*r.linear));
            const auto s = smoothing_scales((stats.*site.stats)[l], column_absmax(readers, width), config.alpha, config.min_scale);
            if (input.norm) {
                // The RMSNorm in front of the input writes it: its weight takes the division.
                divide_vector(L.*input.norm, s);
            } else {
                // The down input has no norm in front: silu(gate)·up is linear in up, so dividing
                // up's output channel j divides the down input's channel j.
                for (int64_t j = 0; j < width; ++j) {
                    L.up.w.row(j) = (L.up.w.row(j).cast<double>() / s[j]).cast<float>();
                    if (L.up.b.size()) L.up.b[j] = static_cast<float>(L.up.b[j] / s[j]);
                }
                L.up.touch();
            }
            for (Linear* lin : readers) scale_columns(*lin, s);
        }
    }
    return m;
}

}  // namespace rs

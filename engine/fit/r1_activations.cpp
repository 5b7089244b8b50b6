#include "fit/r1_activations.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "runtime/capture.h"
#include "runtime/forward.h"

namespace rs {
namespace {

constexpr const auto& kSites = kR1Sites;

int site_index(LinearInput s) {
    for (size_t i = 0; i < std::size(kSites); ++i)
        if (kSites[i] == s) return static_cast<int>(i);
    return -1;
}

// Per row of h: whether it holds a massive value by `rule` (the threshold uses the median |h| of
// the whole hidden state, as the census does).
std::vector<uint8_t> massive_tokens(const MatrixRM& h, const MassiveRule& rule) {
    std::vector<float> mags(static_cast<size_t>(h.size()));
    for (int64_t i = 0; i < h.size(); ++i) mags[static_cast<size_t>(i)] = std::fabs(h.data()[i]);
    const size_t mid = mags.size() / 2;
    std::nth_element(mags.begin(), mags.begin() + static_cast<std::ptrdiff_t>(mid), mags.end());
    const double bound = std::max(rule.abs, rule.ratio * mags[mid]);
    std::vector<uint8_t> flags(static_cast<size_t>(h.rows()), 0);
    for (int64_t t = 0; t < h.rows(); ++t)
        flags[static_cast<size_t>(t)] = h.row(t).cwiseAbs().maxCoeff() > bound ? 1 : 0;
    return flags;
}

class R1Hook final : public CaptureHook {
public:
    R1Hook(R1Activations& out, int n_layers, int64_t tokens, const MassiveRule& rule)
        : out_(out), n_layers_(n_layers), tokens_(tokens), rule_(rule) {}

    void start_window(int64_t w, const MatrixRM& embeddings) {
        window_ = w;
        flags_ = massive_tokens(embeddings, rule_);
    }
    void on_linear_input(int layer, LinearInput site, const MatrixRM& x) override {
        const int s = site_index(site);
        if (layer < 0 || s < 0) return;
        if (x.rows() != tokens_) fail_runtime("rotation fitting: a window's site has an unexpected row count");
        const int64_t slot = (window_ * n_layers_ + layer) * static_cast<int64_t>(std::size(kSites)) + s;
        out_.rows.middleRows(slot * tokens_, tokens_) = x;
        for (int64_t t = 0; t < tokens_; ++t) out_.massive[static_cast<size_t>(slot * tokens_ + t)] = flags_[static_cast<size_t>(t)];
    }
    void on_residual(int /*layer*/, const MatrixRM& h) override { flags_ = massive_tokens(h, rule_); }

private:
    R1Activations& out_;
    int n_layers_;
    int64_t tokens_;
    MassiveRule rule_;
    int64_t window_ = 0;
    std::vector<uint8_t> flags_;
};

}  // namespace

R1Activations capture_r1_activations(const Model& folded, Backend& backend, std::span<const std::vector<int32_t>> windows,
                                     int64_t max_tokens, const MassiveRule& rule, const Progress& progress) {
    constexpr const char* kWhat = "rotation fitting";
    if (windows.empty() || windows.front().empty()) fail_input(kWhat, "no calibration windows");
    if (max_tokens < 0) fail_input(kWhat, fmt::format("the token budget must not be negative, got {}", max_tokens));
    const int64_t ctx = static_cast<int64_t>(windows.front().size());
    for (const auto& w : windows)
        if (static_cast<int64_t>(w.size()) != ctx) fail_input(kWhat, "calibration windows differ in length");
    // Whole windows, as many as the budget holds; one window cut to the budget when it is longer.
    const int64_t tokens = max_tokens > 0 ? std::min(ctx, max_tokens) : ctx;
    const int64_t n_windows =
        max_tokens > 0 ? std::clamp<int64_t>(max_tokens / tokens, 1, static_cast<int64_t>(windows.size())) : static_cast<int64_t>(windows.size());
    const int n_layers = folded.cfg.n_layers;
    const int64_t n_rows = n_windows * n_layers * static_cast<int64_t>(std::size(kSites)) * tokens;

    R1Activations out;
    out.rows.resize(n_rows, folded.cfg.d_model);
    out.massive.assign(static_cast<size_t>(n_rows), 0);
    out.rows_per_call = tokens;
    R1Hook hook(out, n_layers, tokens, rule);
    Forward f(folded, backend);
    f.set_hook(&hook);
    MatrixRM last;
    for (int64_t w = 0; w < n_windows; ++w) {
        progress(Stage::FittingRotation, w, n_windows, fmt::format("capturing window {}", w + 1));
        const std::span<const int32_t> ids(windows[static_cast<size_t>(w)].data(), static_cast<size_t>(tokens));
        MatrixRM emb(tokens, folded.cfg.d_model);
        for (int64_t t = 0; t < tokens; ++t) {
            const int32_t id = ids[static_cast<size_t>(t)];
            if (id < 0 || id >= folded.tok_embd.rows()) fail_input(kWhat, fmt::format("token id {} is outside the vocabulary", id));
            emb.row(t) = folded.tok_embd.row(id);
        }
        hook.start_window(w, emb);
        f.hidden(ids, nullptr, last);
    }
    progress(Stage::FittingRotation, n_windows, n_windows, "captured");
    out.massive_rows = std::count(out.massive.begin(), out.massive.end(), uint8_t{1});
    return out;
}

}  // namespace rs

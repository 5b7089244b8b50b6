#include "runtime/layer_major.h"

namespace rs {

LayerMajorForward::LayerMajorForward(LayerSource& source, Backend& backend, ForwardOptions options)
    : source_(source), block_(source.cfg(), backend, source.online(), options) {}

void LayerMajorForward::run(const std::vector<std::span<const int32_t>>& windows, std::vector<MatrixRM>& h,
                            const Progress& progress, Stage stage, const WindowFn& before, const WindowFn& after) {
    const ModelConfig& c = source_.cfg();
    const int n = static_cast<int>(windows.size());
    for (const auto& w : windows)
        if (w.empty()) fail_runtime("forward pass called with no tokens");
    progress(stage, 0, c.n_layers + 1);
    h.resize(static_cast<size_t>(n));
    for (int w = 0; w < n; ++w) source_.embedding_rows(windows[static_cast<size_t>(w)], h[static_cast<size_t>(w)]);
    for (int l = 0; l < c.n_layers; ++l) {
        const Layer& L = source_.layer(l);
        for (int w = 0; w < n; ++w) {
            if (before) before(l, w);
            block_.run(l, L, h[static_cast<size_t>(w)], nullptr, 0);
            if (after) after(l, w);
        }
        source_.release(l);
        progress(stage, l + 1, c.n_layers + 1);
    }
    MatrixRM normed;
    for (int w = 0; w < n; ++w) {
        if (before) before(-1, w);
        block_.backend().rms_norm(h[static_cast<size_t>(w)], source_.out_norm(), c.rms_eps, normed);
        h[static_cast<size_t>(w)].swap(normed);
        if (after) after(-1, w);
    }
    progress(stage, c.n_layers + 1, c.n_layers + 1);
}

}  // namespace rs

#include "runtime/forward.h"

#include "core/error.h"

namespace rs {

Forward::Forward(const Model& model, Backend& backend, ForwardOptions options)
    : model_(model), block_(model.cfg, backend, model.online, options) {}

std::unique_ptr<WindowScorer> Forward::window_scorer(WeightPrecision precision) {
    if (options().llamacpp_numerics || block_.hook() || block_.activation_transform() || model_.online.any()) return nullptr;
    return block_.backend().window_scorer(model_, precision);
}

namespace {

MatrixRM embed(const Model& m, std::span<const int32_t> tokens) {
    const ModelConfig& c = m.cfg;
    const int T = static_cast<int>(tokens.size());
    if (T == 0) fail_runtime("forward pass called with no tokens");
    MatrixRM h(T, c.d_model);
    for (int t = 0; t < T; ++t) {
        if (tokens[t] < 0 || tokens[t] >= c.n_vocab)
            fail_runtime("token id " + std::to_string(tokens[t]) + " is outside the vocabulary of " + std::to_string(c.n_vocab));
        h.row(t) = m.tok_embd.row(tokens[t]);
    }
    return h;
}

}  // namespace

void Forward::hidden(std::span<const int32_t> tokens, KvCache* cache, MatrixRM& out) {
    const ModelConfig& c = model_.cfg;
    const int pos0 = cache ? cache->size() : 0;
    MatrixRM h = embed(model_, tokens);
    for (int l = 0; l < c.n_layers; ++l) block_.run(l, model_.layers[static_cast<size_t>(l)], h, cache, pos0);
    if (cache) cache->commit(static_cast<int>(tokens.size()));
    block_.backend().rms_norm(h, model_.out_norm, c.rms_eps, out);
}

void Forward::hidden_packed(std::span<const int32_t> tokens, const PackedLayout& layout, MatrixRM& out) {
    const ModelConfig& c = model_.cfg;
    const size_t T = tokens.size();
    if (layout.positions.size() != T || layout.segment.size() != T)
        fail_runtime("packed layout of " + std::to_string(layout.positions.size()) + " rows for " + std::to_string(T) + " tokens");
    for (size_t t = 0; t < T; ++t) {
        const int s = layout.segment[t];
        if (s < 0 || s >= static_cast<int>(layout.parent.size()) || layout.parent[static_cast<size_t>(s)] >= s ||
            layout.positions[t] < 0 || layout.positions[t] >= c.max_context)
            fail_runtime("malformed packed layout at row " + std::to_string(t));
    }
    if (options().llamacpp_numerics) fail_runtime("packed passes run with exact numerics only");
    MatrixRM h = embed(model_, tokens);
    block_.set_packed_layout(&layout);
    try {
        for (int l = 0; l < c.n_layers; ++l) block_.run(l, model_.layers[static_cast<size_t>(l)], h, nullptr, 0);
    } catch (...) {
        block_.set_packed_layout(nullptr);
        throw;
    }
    block_.set_packed_layout(nullptr);
    block_.backend().rms_norm(h, model_.out_norm, c.rms_eps, out);
}

void Forward::logits(const MatrixRM& hidden_rows, MatrixRM& out) {
    if (block_.hook()) block_.hook()->on_linear_input(-1, LinearInput::LmHead, hidden_rows);
    if (block_.activation_transform()) {
        MatrixRM x = hidden_rows;  // the caller's rows are const and may be reused
        block_.activation_transform()->linear_input(-1, LinearInput::LmHead, x);
        block_.backend().linear(x, model_.lm_head, out);
        return;
    }
    block_.backend().linear(hidden_rows, model_.lm_head, out);
}

}  // namespace rs

#include "runtime/forward.h"

#include "core/error.h"

namespace rs {

Forward::Forward(const Model& model, Backend& backend, ForwardOptions options)
    : model_(model), block_(model.cfg, backend, model.online, options) {}

void Forward::hidden(std::span<const int32_t> tokens, KvCache* cache, MatrixRM& out) {
    const ModelConfig& c = model_.cfg;
    const int T = static_cast<int>(tokens.size());
    if (T == 0) fail_runtime("forward pass called with no tokens");
    const int pos0 = cache ? cache->size() : 0;

    MatrixRM h(T, c.d_model);
    for (int t = 0; t < T; ++t) {
        if (tokens[t] < 0 || tokens[t] >= c.n_vocab)
            fail_runtime("token id " + std::to_string(tokens[t]) + " is outside the vocabulary of " + std::to_string(c.n_vocab));
        h.row(t) = model_.tok_embd.row(tokens[t]);
    }
    for (int l = 0; l < c.n_layers; ++l) block_.run(l, model_.layers[static_cast<size_t>(l)], h, cache, pos0);
    if (cache) cache->commit(T);
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

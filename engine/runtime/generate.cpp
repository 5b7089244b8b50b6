#include "runtime/generate.h"

namespace rs {

namespace {
int32_t argmax(const MatrixRM& logits) {
    Eigen::Index best = 0;
    logits.row(logits.rows() - 1).maxCoeff(&best);  // ties -> lowest id, like llama.cpp's greedy sampler
    return static_cast<int32_t>(best);
}
}  // namespace

std::vector<int32_t> generate_greedy(Forward& fwd, const std::vector<int32_t>& prompt, const GenerateOptions& opt,
                                     const Progress& progress) {
    if (prompt.empty()) fail_input("", "the prompt tokenized to no tokens");
    const int ctx = opt.context > 0 ? opt.context : static_cast<int>(prompt.size()) + opt.max_new_tokens;
    if (static_cast<int>(prompt.size()) >= ctx) fail_input("", "the prompt is longer than the context");
    KvCache cache(fwd.model().cfg, ctx);
    MatrixRM hidden, logits;
    std::vector<int32_t> out;
    fwd.hidden(prompt, &cache, hidden);
    for (int i = 0; i < opt.max_new_tokens; ++i) {
        progress(Stage::Generating, i, opt.max_new_tokens);
        fwd.logits(hidden.bottomRows(1), logits);
        const int32_t next = argmax(logits);
        if (opt.stop && opt.stop(next)) break;
        out.push_back(next);
        if (opt.on_token) opt.on_token(next);
        if (cache.size() >= cache.capacity() || i + 1 == opt.max_new_tokens) break;
        const int32_t tok[1] = {next};
        fwd.hidden(tok, &cache, hidden);
    }
    return out;
}

}  // namespace rs

#include "eval/perplexity.h"

#include <chrono>
#include <cmath>

#include "core/error.h"

namespace rs {

const char* ppl_protocol_name(PplProtocol p) { return p == PplProtocol::Full ? "full" : "llamacpp"; }

double token_nll(const float* logits, int64_t n_vocab, int32_t target) {
    float mx = logits[0];
    for (int64_t i = 1; i < n_vocab; ++i) mx = std::max(mx, logits[i]);
    double sum = 0;
    for (int64_t i = 0; i < n_vocab; ++i) sum += std::exp(static_cast<double>(logits[i] - mx));
    return std::log(sum) - static_cast<double>(logits[target] - mx);
}

PplResult perplexity(Forward& fwd, const std::vector<int32_t>& tokens, const PplOptions& opt, const Progress& progress) {
    if (opt.ctx < 4) fail_input("", "--ctx must be at least 4");
    int n_windows = static_cast<int>(tokens.size() / opt.ctx);
    if (n_windows == 0)
        fail_input("", "the text has " + std::to_string(tokens.size()) + " tokens, fewer than one window of " + std::to_string(opt.ctx));
    if (opt.max_windows > 0) n_windows = std::min(n_windows, opt.max_windows);

    const int first = opt.protocol == PplProtocol::Full ? 0 : opt.ctx / 2;  // first scoring position
    const int64_t n_vocab = fwd.model().cfg.n_vocab;
    constexpr int kHeadRows = 256;  // LM head in slices: [ctx, vocab] logits would be ~400 MB

    PplResult r;
    double sum = 0, sum2 = 0;
    std::vector<int32_t> window(opt.ctx);
    MatrixRM hidden, logits;
    // A backend that holds the whole pass on its device scores windows there; its weights are
    // uploaded before the clock starts.
    std::unique_ptr<WindowScorer> scorer = opt.device_pass ? fwd.window_scorer(opt.device_weights) : nullptr;
    if (scorer) r.device_pass = scorer->describe();
    std::vector<double> nlls;
    const auto start = std::chrono::steady_clock::now();
    progress(Stage::Perplexity, 0, n_windows);
    for (int w = 0; w < n_windows; ++w) {
        std::copy_n(tokens.begin() + int64_t{w} * opt.ctx, opt.ctx, window.begin());
        if (opt.protocol == PplProtocol::LlamaCpp && opt.add_bos && opt.bos_id >= 0) window[0] = opt.bos_id;
        double wsum = 0;
        int64_t wcount = 0;
        const auto add = [&](double nll) {
            wsum += nll;
            sum2 += nll * nll;
            ++wcount;
        };
        if (scorer) {
            scorer->score(window, first, nlls);
            for (const double nll : nlls) add(nll);
        } else {
            fwd.hidden(window, nullptr, hidden);
            for (int r0 = first; r0 < opt.ctx - 1; r0 += kHeadRows) {
                const int n = std::min(kHeadRows, opt.ctx - 1 - r0);
                fwd.logits(hidden.middleRows(r0, n), logits);
                for (int i = 0; i < n; ++i) add(token_nll(logits.row(i).data(), n_vocab, window[r0 + i + 1]));
            }
        }
        sum += wsum;
        r.scored_tokens += wcount;
        r.window_mean_nll.push_back(wsum / static_cast<double>(wcount));
        r.windows = w + 1;
        r.evaluated_tokens += opt.ctx;
        progress(Stage::Perplexity, w + 1, n_windows);
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.tokens_per_second = r.seconds > 0 ? r.evaluated_tokens / r.seconds : 0;
    const double n = static_cast<double>(r.scored_tokens);
    r.mean_nll = sum / n;
    r.ppl = std::exp(r.mean_nll);
    const double var = sum2 / n - r.mean_nll * r.mean_nll;
    r.ppl_stderr = (var > 0 && n > 1) ? std::sqrt(var / (n - 1)) * r.ppl : 0;
    return r;
}

}  // namespace rs

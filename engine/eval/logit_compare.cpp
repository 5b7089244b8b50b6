#include "eval/logit_compare.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <string>

#include "core/error.h"
#include "eval/score_summary.h"

namespace rs {
namespace {

// LM head in row slices, as perplexity() does: [ctx, vocab] logits would be hundreds of MB, and
// the same slicing keeps the Full-protocol logits bit-identical to perplexity()'s.
constexpr int kHeadRows = 256;

int64_t argmax(const float* x, int64_t n) {
    int64_t best = 0;
    for (int64_t i = 1; i < n; ++i)
        if (x[i] > x[best]) best = i;
    return best;
}

// One window's per-token scores; rows are scored in parallel but stored by position so that
// every sum is formed sequentially and the result does not depend on the thread count.
struct WindowScores {
    std::vector<double> ref_nll, cand_nll, kl;
    std::vector<uint8_t> agree;
    explicit WindowScores(int rows) : ref_nll(rows), cand_nll(rows), kl(rows), agree(rows) {}
};

void score_rows(const float* ref, const float* cand, int64_t n_vocab, const int32_t* targets, int r0, int n,
                bool with_ref_nll, WindowScores& out) {
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; ++i) {
        const float* p = ref + int64_t{i} * n_vocab;
        const float* q = cand + int64_t{i} * n_vocab;
        const int r = r0 + i;
        if (with_ref_nll) out.ref_nll[r] = token_nll(p, n_vocab, targets[r + 1]);
        out.cand_nll[r] = token_nll(q, n_vocab, targets[r + 1]);
        out.kl[r] = kl_divergence(p, q, n_vocab);
        out.agree[r] = argmax(p, n_vocab) == argmax(q, n_vocab);
    }
}

// Where the reference logits come from: a second forward pass or the cache.
struct ReferenceSource {
    Forward* forward = nullptr;
    const ReferenceLogits* cached = nullptr;
};

LogitComparison compare_windows(const ReferenceSource& ref, Forward& cand, const std::vector<int32_t>& tokens,
                                int ctx, int n_windows, const Progress& progress) {
    const auto start = std::chrono::steady_clock::now();
    const int64_t n_vocab = cand.model().cfg.n_vocab;
    const int rows = ctx - 1;
    PplTally ref_tally, cand_tally;
    std::vector<double> kl;
    kl.reserve(static_cast<size_t>(n_windows) * rows);
    int64_t agree = 0;
    MatrixRM ref_hidden, cand_hidden, ref_logits, cand_logits;

    progress(Stage::Evaluating, 0, n_windows);
    for (int w = 0; w < n_windows; ++w) {
        const int32_t* window = tokens.data() + int64_t{w} * ctx;
        const std::span<const int32_t> span(window, static_cast<size_t>(ctx));
        if (ref.forward) ref.forward->hidden(span, nullptr, ref_hidden);
        cand.hidden(span, nullptr, cand_hidden);
        WindowScores s(rows);
        for (int r0 = 0; r0 < rows; r0 += kHeadRows) {
            const int n = std::min(kHeadRows, rows - r0);
            cand.logits(cand_hidden.middleRows(r0, n), cand_logits);
            const float* p = nullptr;
            if (ref.forward) {
                ref.forward->logits(ref_hidden.middleRows(r0, n), ref_logits);
                p = ref_logits.data();
            } else {
                p = ref.cached->logits.data() + (int64_t{w} * rows + r0) * n_vocab;
            }
            score_rows(p, cand_logits.data(), n_vocab, window, r0, n, ref.forward != nullptr, s);
        }
        if (ref.forward) ref_tally.add_window(s.ref_nll, ctx);
        cand_tally.add_window(s.cand_nll, ctx);
        kl.insert(kl.end(), s.kl.begin(), s.kl.end());
        for (uint8_t a : s.agree) agree += a;
        progress(Stage::Evaluating, w + 1, n_windows);
    }

    LogitComparison r;
    r.reference = ref.forward ? ref_tally.result() : ref.cached->ppl;
    r.candidate = cand_tally.result();
    r.scored_tokens = static_cast<int64_t>(kl.size());
    r.windows = n_windows;
    r.top1_agreement = static_cast<double>(agree) / static_cast<double>(r.scored_tokens);
    r.kl = summarize(std::move(kl));
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

void check_same_vocab(const Forward& reference, const Forward& candidate) {
    const int a = reference.model().cfg.n_vocab, b = candidate.model().cfg.n_vocab;
    if (a != b)
        fail_input("", "the reference model has a vocabulary of " + std::to_string(a) + " tokens, the candidate " +
                           std::to_string(b));
}

}  // namespace

int count_compare_windows(size_t n_tokens, const CompareOptions& o) {
    if (o.ctx < 4) fail_input("", "the comparison window (ctx) must be at least 4 tokens, not " + std::to_string(o.ctx));
    int n = static_cast<int>(std::min<size_t>(n_tokens / static_cast<size_t>(o.ctx), std::numeric_limits<int>::max()));
    if (n == 0)
        fail_input("", "the text has " + std::to_string(n_tokens) + " tokens, fewer than one window of " + std::to_string(o.ctx));
    if (o.max_windows > 0) n = std::min(n, o.max_windows);
    return n;
}

double kl_divergence(const float* p_logits, const float* q_logits, int64_t n_vocab) {
    if (n_vocab <= 0) return 0;
    float mp = p_logits[0], mq = q_logits[0];
    for (int64_t i = 1; i < n_vocab; ++i) {
        mp = std::max(mp, p_logits[i]);
        mq = std::max(mq, q_logits[i]);
    }
    thread_local std::vector<double> ep;  // exp(p - max p), reused for the probabilities
    ep.resize(static_cast<size_t>(n_vocab));
    double zp = 0, zq = 0;
    for (int64_t i = 0; i < n_vocab; ++i) {
        ep[i] = std::exp(static_cast<double>(p_logits[i]) - mp);
        zp += ep[i];
        zq += std::exp(static_cast<double>(q_logits[i]) - mq);
    }
    // log P_i - log Q_i = (p_i - q_i) - (lse(p) - lse(q)). Identical inputs give a shift of exactly
    // 0 and every term exactly 0, so KL is exactly 0 rather than rounding noise.
    const double shift = (mp + std::log(zp)) - (mq + std::log(zq));
    double kl = 0;
    for (int64_t i = 0; i < n_vocab; ++i)
        kl += ep[i] / zp * ((static_cast<double>(p_logits[i]) - static_cast<double>(q_logits[i])) - shift);
    // KL >= 0; nearly identical distributions can round to a few ulps below.
    return std::max(kl, 0.0);
}

int64_t reference_logits_bytes(int64_t n_vocab, int64_t n_tokens, const CompareOptions& options) {
    if (options.ctx < 4 || n_tokens < options.ctx) return 0;
    int64_t windows = n_tokens / options.ctx;
    if (options.max_windows > 0) windows = std::min<int64_t>(windows, options.max_windows);
    return windows * (options.ctx - 1) * n_vocab * static_cast<int64_t>(sizeof(float));
}

ReferenceLogits compute_reference_logits(Forward& reference, const std::vector<int32_t>& tokens,
                                         const CompareOptions& options, const Progress& progress) {
    const int n_windows = count_compare_windows(tokens.size(), options);
    const int ctx = options.ctx, rows = ctx - 1;
    ReferenceLogits ref;
    ref.options = options;
    ref.n_vocab = reference.model().cfg.n_vocab;
    ref.windows = n_windows;
    ref.tokens.assign(tokens.begin(), tokens.begin() + int64_t{n_windows} * ctx);
    try {
        ref.logits.resize(static_cast<size_t>(int64_t{n_windows} * rows * ref.n_vocab));
    } catch (const std::bad_alloc&) {
        fail_runtime("not enough memory for the reference logits (" +
                     std::to_string(reference_logits_bytes(ref.n_vocab, static_cast<int64_t>(tokens.size()), options) >> 20) +
                     " MiB)");
    }

    PplTally tally;
    MatrixRM hidden, logits;
    progress(Stage::Reference, 0, n_windows);
    for (int w = 0; w < n_windows; ++w) {
        const int32_t* window = tokens.data() + int64_t{w} * ctx;
        reference.hidden(std::span<const int32_t>(window, static_cast<size_t>(ctx)), nullptr, hidden);
        std::vector<double> nll(rows);
        for (int r0 = 0; r0 < rows; r0 += kHeadRows) {
            const int n = std::min(kHeadRows, rows - r0);
            reference.logits(hidden.middleRows(r0, n), logits);
            float* dst = ref.logits.data() + (int64_t{w} * rows + r0) * ref.n_vocab;
            std::copy_n(logits.data(), int64_t{n} * ref.n_vocab, dst);
#pragma omp parallel for schedule(static)
            for (int i = 0; i < n; ++i) nll[r0 + i] = token_nll(dst + int64_t{i} * ref.n_vocab, ref.n_vocab, window[r0 + i + 1]);
        }
        tally.add_window(nll, ctx);
        progress(Stage::Reference, w + 1, n_windows);
    }
    ref.ppl = tally.result();
    return ref;
}

LogitComparison compare_to_reference(const ReferenceLogits& reference, Forward& candidate,
                                     const std::vector<int32_t>& tokens, const Progress& progress) {
    const CompareOptions& o = reference.options;
    const int n_windows = count_compare_windows(tokens.size(), o);
    if (reference.windows <= 0 ||
        reference.logits.size() != static_cast<size_t>(int64_t{reference.windows} * (o.ctx - 1) * reference.n_vocab))
        fail_input("", "the reference logits are incomplete");
    if (n_windows != reference.windows)
        fail_input("", "the reference logits cover " + std::to_string(reference.windows) + " windows of " +
                           std::to_string(o.ctx) + " tokens, these tokens give " + std::to_string(n_windows));
    if (!reference.tokens.empty() &&
        (reference.tokens.size() > tokens.size() || !std::equal(reference.tokens.begin(), reference.tokens.end(), tokens.begin())))
        fail_input("", "the tokens differ from those the reference logits were computed on");
    if (candidate.model().cfg.n_vocab != reference.n_vocab)
        fail_input("", "the reference logits have a vocabulary of " + std::to_string(reference.n_vocab) +
                           " tokens, the candidate model " + std::to_string(candidate.model().cfg.n_vocab));
    ReferenceSource src;
    src.cached = &reference;
    return compare_windows(src, candidate, tokens, o.ctx, n_windows, progress);
}

LogitComparison compare_logits(Forward& reference, Forward& candidate, const std::vector<int32_t>& tokens,
                               const CompareOptions& options, const Progress& progress) {
    const int n_windows = count_compare_windows(tokens.size(), options);
    check_same_vocab(reference, candidate);
    ReferenceSource src;
    src.forward = &reference;
    return compare_windows(src, candidate, tokens, options.ctx, n_windows, progress);
}

}  // namespace rs
